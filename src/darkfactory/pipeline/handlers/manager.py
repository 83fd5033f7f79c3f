"""The manager loop handler (§4.11): supervise a child pipeline by observe / steer / wait cycles.

The child is the graph in `stack.child_dotfile`, run by a child engine on a thread with its logs
under `{logs_root}/{node_id}/child/`. Observation reads the child's checkpoint into
`context.stack.child.*`; steering writes `manager.steer_prompt` to `steer.md` in the child's
active stage directory.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from darkfactory.pipeline.checkpoint import Checkpoint
from darkfactory.pipeline.conditions import evaluate_condition
from darkfactory.pipeline.context import Context
from darkfactory.pipeline.graph import Graph, Node, as_bool, as_int, parse_duration
from darkfactory.pipeline.outcome import Outcome, fail
from darkfactory.pipeline.parser import parse_file
from darkfactory.pipeline.rundir import atomic_write_text

if TYPE_CHECKING:
    from darkfactory.pipeline.engine import Engine


class ManagerLoopHandler:
    def __init__(self, engine: Engine):
        self.engine = engine

    def execute(self, node: Node, context: Context, graph: Graph, logs_root: Path) -> Outcome:
        dotfile = node.str_attr("stack.child_dotfile") or graph.str_attr("stack.child_dotfile")
        poll = (parse_duration(node.get("manager.poll_interval")) or parse_duration("45s")).seconds
        max_cycles = as_int(node.get("manager.max_cycles"), 1000) or 1000
        actions = [
            a.strip() for a in (node.str_attr("manager.actions") or "observe,wait").split(",")
        ]
        child_root = Path(
            node.str_attr("stack.child_logs_root") or Path(logs_root) / node.id / "child"
        )
        stop_child = threading.Event()
        if as_bool(node.get("stack.child_autostart"), True):
            if not dotfile:
                return fail("manager loop needs stack.child_dotfile")
            workdir = graph.str_attr("stack.child_workdir")
            child = parse_file(Path(workdir or ".") / dotfile if workdir else dotfile)
            threading.Thread(
                target=self.engine.child().run,
                args=(child, child_root),
                kwargs={"cancel": stop_child},
                daemon=True,
            ).start()
        try:
            return self._supervise(node, context, child_root, actions, poll, max_cycles)
        finally:
            stop_child.set()  # a child still running when the manager stops is cancelled

    def _supervise(
        self,
        node: Node,
        context: Context,
        child_root: Path,
        actions: list[str],
        poll: float,
        max_cycles: int,
    ) -> Outcome:
        stop_condition = node.str_attr("manager.stop_condition")
        steered_at = 0.0
        for _cycle in range(max_cycles):
            if "observe" in actions:
                observe(child_root, context)
            if "steer" in actions and time.monotonic() - steered_at >= poll:
                steered_at = time.monotonic()
                steer(child_root, context, node)
            status = context.get_string("context.stack.child.status")
            if status in ("completed", "failed"):
                if context.get_string("context.stack.child.outcome") == "success":
                    return Outcome(notes="Child completed")
                return fail("Child failed")
            if stop_condition and evaluate_condition(stop_condition, Outcome(), context):
                return Outcome(notes="Stop condition satisfied")
            if "wait" in actions:
                time.sleep(poll)
        return fail("Max cycles exceeded")


def observe(child_root: Path, context: Context) -> None:
    """Ingest the child's telemetry from its checkpoint."""
    if not Checkpoint.exists(child_root):
        context.set("context.stack.child.status", "starting")
        return
    checkpoint = Checkpoint.load(child_root)
    finished = {"success": "completed", "fail": "failed", "stopped": "failed"}.get(
        checkpoint.status, "running"
    )
    context.apply_updates(
        {
            "context.stack.child.status": finished,
            "context.stack.child.outcome": checkpoint.status if finished != "running" else "",
            "context.stack.child.active_stage": checkpoint.next_node or checkpoint.current_node,
            "context.stack.child.completed_count": len(checkpoint.completed_nodes),
            "context.stack.child.retries": sum(checkpoint.node_retries.values()),
        }
    )


def steer(child_root: Path, context: Context, node: Node) -> None:
    instruction = node.str_attr("manager.steer_prompt")
    stage = context.get_string("context.stack.child.active_stage")
    if instruction and stage:
        atomic_write_text(child_root / stage / "steer.md", instruction + "\n")
