"""Parallel fan-out (§4.8) and fan-in (§4.9).

A parallel node's outgoing edges are its branches. Each branch runs on an isolated clone of the
context, from the edge's target until it reaches a fan-in node (or the exit, or a dead end); the
branch contexts are never merged back. The parallel outcome carries `parallel.results` and names
the fan-in node the branches met at, where the engine continues.
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from darkfactory.pipeline import events as ev
from darkfactory.pipeline.context import Context
from darkfactory.pipeline.graph import Edge, Graph, Node, as_int
from darkfactory.pipeline.outcome import Outcome, StageStatus, fail

if TYPE_CHECKING:
    from darkfactory.pipeline.engine import Engine

RANK = {"success": 0, "partial_success": 1, "retry": 2, "skipped": 3, "fail": 4}


class ParallelHandler:
    def __init__(self, engine: Engine):
        self.engine = engine

    def execute(self, node: Node, context: Context, graph: Graph, logs_root: Path) -> Outcome:
        branches = graph.outgoing_edges(node.id)
        if not branches:
            return fail("parallel node has no branches")
        policy = node.str_attr("join_policy") or "wait_all"
        workers = max(1, as_int(node.get("max_parallel"), 4) or 4)
        stop = threading.Event()
        events = self.engine.events
        events.emit(ev.ParallelStarted(branch_count=len(branches)))
        started = time.monotonic()

        def run(index: int, edge: Edge) -> dict[str, Any]:
            if stop.is_set():
                return {"id": edge.target, "status": "skipped", "notes": "join already satisfied"}
            events.emit(ev.ParallelBranchStarted(branch=edge.target, index=index))
            began = time.monotonic()
            result = self.engine.run_branch(edge.target, context.clone(), graph, logs_root, stop)
            ok = result["status"] in ("success", "partial_success")
            events.emit(
                ev.ParallelBranchCompleted(
                    branch=edge.target, index=index, duration=time.monotonic() - began, success=ok
                )
            )
            if ok and policy == "first_success":
                stop.set()
            return result

        with ThreadPoolExecutor(
            max_workers=workers, thread_name_prefix=f"branch-{node.id}"
        ) as pool:
            results = list(pool.map(run, range(len(branches)), branches))
        successes = sum(r["status"] == "success" for r in results)
        failures = sum(r["status"] == "fail" for r in results)
        events.emit(
            ev.ParallelCompleted(
                duration=time.monotonic() - started, success_count=successes, failure_count=failures
            )
        )
        if policy == "first_success":
            status = StageStatus.SUCCESS if successes else StageStatus.FAIL
        else:
            status = StageStatus.SUCCESS if failures == 0 else StageStatus.PARTIAL_SUCCESS
        reached = [
            *(fan_in_after(graph, e.target) for e in branches),
            *(r.get("join") for r in results),
        ]
        joins = Counter(join for join in reached if join)
        return Outcome(
            status=status,
            suggested_next_ids=[joins.most_common(1)[0][0]] if joins else [],
            context_updates={
                "parallel.results": results,
                "parallel.success_count": successes,
                "parallel.failure_count": failures,
            },
            notes=f"{len(results)} branches: {successes} succeeded, {failures} failed",
            failure_reason="" if status != StageStatus.FAIL else "no branch succeeded",
        )


def fan_in_after(graph: Graph, start: str) -> str:
    """The nearest fan-in node downstream of a branch's first node (breadth-first), or ''."""
    seen, frontier = {start}, [start]
    while frontier:
        following = []
        for node_id in frontier:
            node = graph.nodes.get(node_id)
            if node is not None and node.handler_type == "parallel.fan_in":
                return node_id
            for edge in graph.outgoing_edges(node_id):
                if edge.target not in seen:
                    seen.add(edge.target)
                    following.append(edge.target)
        frontier = following
    return ""


def heuristic_select(candidates: list[dict[str, Any]]) -> dict[str, Any]:
    """Best status first, then highest score, then id."""
    return min(
        candidates,
        key=lambda c: (RANK.get(c.get("status", "fail"), 4), -float(c.get("score") or 0), c["id"]),
    )


class FanInHandler:
    def __init__(self, engine: Engine):
        self.engine = engine

    def execute(self, node: Node, context: Context, graph: Graph, logs_root: Path) -> Outcome:
        results = [r for r in context.get("parallel.results") or [] if r.get("status") != "skipped"]
        if not results:
            return fail("No parallel results to evaluate")
        if all(r.get("status") == "fail" for r in results):
            return fail("all parallel candidates failed")
        best = self._llm_select(node, results, context) if node.prompt else None
        best = best or heuristic_select(results)
        return Outcome(
            context_updates={
                "parallel.fan_in.best_id": best["id"],
                "parallel.fan_in.best_outcome": best["status"],
            },
            notes=f"Selected best candidate: {best['id']}",
        )

    def _llm_select(
        self, node: Node, results: list[dict[str, Any]], context: Context
    ) -> dict[str, Any] | None:
        """Ask the codergen backend to rank; its answer must name one candidate id."""
        backend = self.engine.backend
        if backend is None:
            return None
        listing = "\n".join(
            f"- {r['id']}: {r['status']} {r.get('last_response', '')}" for r in results
        )
        reply = backend.run(
            node, f"{node.prompt}\n\nCandidates:\n{listing}\n\nAnswer with one id.", context
        )
        text = reply.notes if isinstance(reply, Outcome) else str(reply)
        for word in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text):
            for result in results:
                if result["id"] == word:
                    return result
        return None
