"""Shared helpers for the engine tests: scripted handlers, an event recorder, a run shortcut."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from darkfactory.pipeline.context import Context
from darkfactory.pipeline.engine import Engine, RunResult
from darkfactory.pipeline.events import Event, EventBus
from darkfactory.pipeline.graph import Graph, Node
from darkfactory.pipeline.outcome import Outcome, StageStatus
from darkfactory.pipeline.runner import prepare


class Scripted:
    """A handler that answers each node from a script of statuses (the last one repeats),
    and records every call with a snapshot of the context it saw."""

    def __init__(self, script: dict[str, Iterable[str | Outcome]] | None = None):
        self.script = {k: list(v) for k, v in (script or {}).items()}
        self.calls: list[tuple[str, dict]] = []
        self.counts: dict[str, int] = defaultdict(int)

    def execute(self, node: Node, context: Context, graph: Graph, logs_root: Path) -> Outcome:
        self.calls.append((node.id, context.snapshot()))
        steps = self.script.get(node.id, ["success"])
        step = steps[min(self.counts[node.id], len(steps) - 1)]
        self.counts[node.id] += 1
        if isinstance(step, Outcome):
            return step
        return Outcome(status=StageStatus(step), failure_reason=f"{node.id} said {step}")

    @property
    def order(self) -> list[str]:
        return [node_id for node_id, _ in self.calls]


class Recorder:
    def __init__(self, bus: EventBus):
        self.events: list[Event] = []
        bus.subscribe(self.events.append)

    def kinds(self) -> list[str]:
        return [e.kind for e in self.events]

    def of(self, kind: str) -> list[dict]:
        return [e.to_dict() for e in self.events if e.kind == kind]


def engine_with(handler: Scripted | None = None, **kwargs) -> Engine:
    """An engine that never really sleeps; `handler` (if given) runs every codergen node."""
    sleeps: list[float] = []
    kwargs.setdefault("sleep", sleeps.append)
    engine = Engine(**kwargs)
    engine.sleeps = sleeps  # type: ignore[attr-defined]
    if handler is not None:
        engine.register("codergen", handler)
        engine.registry.default_handler = handler
    return engine


def run_dot(source: str, logs_root: Path, engine: Engine | None = None, **kwargs) -> RunResult:
    graph, _ = prepare(source)
    return (engine or engine_with()).run(graph, logs_root, **kwargs)


def linear(*ids: str, goal: str = "", extra: str = "") -> str:
    """DOT for start -> ids... -> exit, each a box with a prompt."""
    nodes = "\n".join(f'    {i} [shape=box, prompt="do {i}"]' for i in ids)
    chain = " -> ".join(["start", *ids, "exit"])
    return f"""digraph Linear {{
    graph [goal="{goal}"]
    start [shape=Mdiamond]
    exit [shape=Msquare]
{nodes}
{extra}
    {chain}
}}"""
