"""Engine overhead per node: Attractor's engine against LangGraph on the same graphs, same run.

Two shapes, every node a no-op: a long linear pipeline (start -> n0 -> ... -> nN -> exit) and a
wide fan-out (start -> parallel -> W branches -> fan-in -> exit). Our engine writes a status.json
and an fsynced, atomically renamed checkpoint after every node (that is its crash-safety
contract). LangGraph runs twice: in memory without a checkpointer, and with its in-memory
checkpointer (`InMemorySaver`, a checkpoint per step). The ratios are ours / LangGraph's.
Our engine is timed twice: with its run directory on the temp disk, and on tmpfs (/dev/shm) to
separate the engine's own work from the filesystem's.

    PYTHONPATH=$PWD/src python benchmarks/pipeline_overhead.py [--nodes 200] [--width 64]
"""

from __future__ import annotations

import argparse
import itertools
import operator
import statistics
import tempfile
import time
import uuid
from pathlib import Path
from typing import Annotated, TypedDict

from langgraph.checkpoint.memory import InMemorySaver
from langgraph.graph import END, START, StateGraph

from darkfactory.pipeline.engine import Engine
from darkfactory.pipeline.outcome import Outcome
from darkfactory.pipeline.runner import prepare

ROUNDS = 5


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


class State(TypedDict):
    visited: Annotated[list[str], operator.add]


def noop(name: str):
    return lambda state: {"visited": [name]}


def langgraph_linear(n: int):
    builder = StateGraph(State)
    ids = [f"n{i}" for i in range(n)]
    for i in ids:
        builder.add_node(i, noop(i))
    builder.add_edge(START, ids[0])
    for a, b in itertools.pairwise(ids):
        builder.add_edge(a, b)
    builder.add_edge(ids[-1], END)
    return builder, n + 10


def langgraph_fan_out(width: int):
    builder = StateGraph(State)
    builder.add_node("split", noop("split"))
    builder.add_node("join", noop("join"))
    builder.add_edge(START, "split")
    for i in range(width):
        builder.add_node(f"b{i}", noop(f"b{i}"))
        builder.add_edge("split", f"b{i}")
        builder.add_edge(f"b{i}", "join")
    builder.add_edge("join", END)
    return builder, 25


def theirs(builder_and_limit, checkpointed: bool) -> float:
    builder, limit = builder_and_limit
    compiled = builder.compile(checkpointer=InMemorySaver() if checkpointed else None)
    config = {"recursion_limit": limit, "configurable": {"thread_id": uuid.uuid4().hex}}
    started = time.perf_counter()
    compiled.invoke({"visited": []}, config)
    return time.perf_counter() - started


def median(fn, *args) -> float:
    return statistics.median(fn(*args) for _ in range(ROUNDS))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=200)
    parser.add_argument("--width", type=int, default=64)
    args = parser.parse_args()
    cases = [
        (
            f"linear, {args.nodes} nodes",
            linear_dot(args.nodes),
            langgraph_linear(args.nodes),
            args.nodes + 2,
        ),
        (
            f"fan-out, {args.width} branches",
            fan_out_dot(args.width),
            langgraph_fan_out(args.width),
            args.width + 4,
        ),
    ]
    places = [("disk", None)] + ([("tmpfs", "/dev/shm")] if Path("/dev/shm").is_dir() else [])
    print(
        f"{'graph':24} {'run dir':>7} {'attractor':>11} {'langgraph':>11} {'ratio':>6}"
        f" {'lg+saver':>11} {'ratio':>6}   (per node)"
    )
    for name, source, builder, nodes in cases:
        bare = median(theirs, builder, False) / nodes
        saved = median(theirs, builder, True) / nodes
        for place, under in places:
            mine = median(ours, source, under) / nodes
            print(
                f"{name:24} {place:>7} {mine * 1e6:8.0f} us {bare * 1e6:8.0f} us"
                f" {mine / bare:5.1f}x {saved * 1e6:8.0f} us {mine / saved:5.1f}x"
            )


if __name__ == "__main__":
    main()
