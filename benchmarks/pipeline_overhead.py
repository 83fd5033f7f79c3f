"""Engine overhead per node: Attractor's engine against LangGraph on the same graphs, same run.

Two shapes, every node a no-op: a long linear pipeline (start -> n0 -> ... -> nN -> exit) and a
wide fan-out (start -> parallel -> W branches -> fan-in -> exit). Our engine writes a status.json
and appends to its checkpoint log (SQLite in WAL mode, no fsync per node) after every node; that
is its crash-safety contract. LangGraph runs three ways: without a checkpointer, with its
in-memory checkpointer (`InMemorySaver`, a checkpoint per step) and with its SQLite checkpointer
(`SqliteSaver`, its database in the same place as our run directory). Both are timed with their
files on the temp disk, then on tmpfs (/dev/shm). Ratios are ours / LangGraph's; every figure is
the median of --rounds runs in this one process, so a loaded machine weighs on both sides. A last
table gives our cost per node on a long linear pipeline against a short one (flat is 1.0).

LangGraph's nodes append their names to the state (`--state visited`, the default), as our engine
records the completed nodes; its savers store that growing list whole at every step. With
`--state count` each node adds one to a counter instead, a state of constant size.

    PYTHONPATH=$PWD/src python benchmarks/pipeline_overhead.py [--nodes 200] [--width 64] \\
        [--long 5000] [--rounds 5] [--state visited|count]
"""

from __future__ import annotations

import argparse
import itertools
import operator
import sqlite3
import statistics
import tempfile
import time
import uuid
from pathlib import Path
from typing import Annotated, TypedDict

from langgraph.checkpoint.memory import InMemorySaver
from langgraph.checkpoint.sqlite import SqliteSaver
from langgraph.graph import END, START, StateGraph

from darkfactory.pipeline.engine import Engine
from darkfactory.pipeline.outcome import Outcome
from darkfactory.pipeline.runner import prepare


class NoOp:
    def execute(self, node, context, graph, logs_root):
        return Outcome()


def linear_dot(n: int) -> str:
    ids = [f"n{i}" for i in range(n)]
    nodes = "\n".join(f'  {i} [type="noop", label="{i}"]' for i in ids)
    return (
        f"digraph Linear {{\n start [shape=Mdiamond]\n exit [shape=Msquare]\n{nodes}\n"
        f" start -> {' -> '.join(ids)} -> exit\n}}"
    )


def fan_out_dot(width: int) -> str:
    ids = [f"b{i}" for i in range(width)]
    nodes = "\n".join(f'  {i} [type="noop", label="{i}"]' for i in ids)
    edges = "\n".join(f"  split -> {i}\n  {i} -> join" for i in ids)
    return (
        "digraph Fan {\n start [shape=Mdiamond]\n exit [shape=Msquare]\n"
        f" split [shape=component, max_parallel={width}]\n join [shape=tripleoctagon]\n"
        f"{nodes}\n start -> split\n{edges}\n join -> exit\n}}"
    )


def ours(source: str, under: str | None) -> float:
    graph, _ = prepare(source)
    engine = Engine()
    engine.register("noop", NoOp())
    with tempfile.TemporaryDirectory(dir=under) as logs:
        started = time.perf_counter()
        result = engine.run(graph, logs)
        elapsed = time.perf_counter() - started
    assert result.succeeded, result.failure_reason
    return elapsed


class Visited(TypedDict):
    """Every node appends its name: the nodes run so far, as our checkpoint's completed nodes."""

    visited: Annotated[list[str], operator.add]


class Counted(TypedDict):
    """Every node adds one: a state of constant size, which LangGraph checkpoints cheaper."""

    steps: Annotated[int, operator.add]


STATES = {"visited": Visited, "count": Counted}


def noop(name: str, state: str):
    if state == "count":
        return lambda _: {"steps": 1}
    return lambda _: {"visited": [name]}


def initial(state: str) -> dict:
    return {"steps": 0} if state == "count" else {"visited": []}


def langgraph_linear(n: int, state: str = "visited"):
    builder = StateGraph(STATES[state])
    ids = [f"n{i}" for i in range(n)]
    for i in ids:
        builder.add_node(i, noop(i, state))
    builder.add_edge(START, ids[0])
    for a, b in itertools.pairwise(ids):
        builder.add_edge(a, b)
    builder.add_edge(ids[-1], END)
    return builder, n + 10, state


def langgraph_fan_out(width: int, state: str = "visited"):
    builder = StateGraph(STATES[state])
    builder.add_node("split", noop("split", state))
    builder.add_node("join", noop("join", state))
    builder.add_edge(START, "split")
    for i in range(width):
        builder.add_node(f"b{i}", noop(f"b{i}", state))
        builder.add_edge("split", f"b{i}")
        builder.add_edge(f"b{i}", "join")
    builder.add_edge("join", END)
    return builder, 25, state


def theirs(builder_and_limit, saver: str, under: str | None = None) -> float:
    """LangGraph's run time with no checkpointer (""), "memory", or "sqlite" (a db in `under`)."""
    builder, limit, state = builder_and_limit
    config = {"recursion_limit": limit, "configurable": {"thread_id": uuid.uuid4().hex}}
    with tempfile.TemporaryDirectory(dir=under) as place:
        connection = sqlite3.connect(Path(place) / "lg.db", check_same_thread=False)
        savers = {"": None, "memory": InMemorySaver(), "sqlite": SqliteSaver(connection)}
        compiled = builder.compile(checkpointer=savers[saver])
        started = time.perf_counter()
        compiled.invoke(initial(state), config)
        elapsed = time.perf_counter() - started
        connection.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=200)
    parser.add_argument("--width", type=int, default=64)
    parser.add_argument("--long", type=int, default=5000, help="nodes of the long pipeline")
    parser.add_argument("--rounds", type=int, default=5, help="runs per figure (the median)")
    parser.add_argument(
        "--state",
        choices=sorted(STATES),
        default="visited",
        help="LangGraph's state: the list of nodes visited (as our checkpoint keeps), or a count",
    )
    args = parser.parse_args()

    def median(fn, *fn_args) -> float:
        return statistics.median(fn(*fn_args) for _ in range(args.rounds))

    cases = [
        (
            f"linear, {args.nodes} nodes",
            linear_dot(args.nodes),
            langgraph_linear(args.nodes, args.state),
            args.nodes + 2,
        ),
        (
            f"fan-out, {args.width} branches",
            fan_out_dot(args.width),
            langgraph_fan_out(args.width, args.state),
            args.width + 4,
        ),
    ]
    places = [("disk", None)] + ([("tmpfs", "/dev/shm")] if Path("/dev/shm").is_dir() else [])
    print(
        f"{'graph':24} {'place':>5} {'attractor':>10} {'langgraph':>10} {'lg+memory':>10}"
        f" {'ratio':>6} {'lg+sqlite':>10} {'ratio':>6}   (per node)"
    )
    for name, source, builder, nodes in cases:
        bare = median(theirs, builder, "") / nodes
        memory = median(theirs, builder, "memory") / nodes
        for place, under in places:
            mine = median(ours, source, under) / nodes
            sqlite = median(theirs, builder, "sqlite", under) / nodes
            print(
                f"{name:24} {place:>5} {mine * 1e6:7.0f} us {bare * 1e6:7.0f} us"
                f" {memory * 1e6:7.0f} us {mine / memory:5.2f}x {sqlite * 1e6:7.0f} us"
                f" {mine / sqlite:5.2f}x"
            )
    print(f"\n{'flat cost':24} {'place':>5} {args.nodes:>8} n {args.long:>8} n {'ratio':>6}")
    for place, under in places:
        short = median(ours, linear_dot(args.nodes), under) / (args.nodes + 2)
        long = median(ours, linear_dot(args.long), under) / (args.long + 2)
        print(
            f"{'linear, per node':24} {place:>5} {short * 1e6:7.0f} us {long * 1e6:7.0f} us"
            f" {long / short:5.2f}x"
        )


if __name__ == "__main__":
    main()
