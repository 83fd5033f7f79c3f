"""Context fidelity (§5.4): which mode and thread a stage gets, and the carryover preamble."""

from __future__ import annotations

from darkfactory.pipeline.context import Context
from darkfactory.pipeline.graph import Edge, Graph, Node

MODES = ("full", "truncate", "compact", "summary:low", "summary:medium", "summary:high")
DEFAULT_MODE = "compact"
RESUME_MODE = "summary:high"
# how many recent stages and context values each summary mode carries
_SUMMARY_LIMITS = {"compact": 20, "summary:low": 3, "summary:medium": 8, "summary:high": 25}


def resolve_fidelity(node: Node, graph: Graph, incoming: Edge | None) -> str:
    """Incoming edge, then node, then graph default, then `compact`."""
    for mode in (incoming.fidelity if incoming else "", node.fidelity, graph.default_fidelity):
        if mode in MODES:
            return mode
    return DEFAULT_MODE


def resolve_thread(node: Node, graph: Graph, incoming: Edge | None, previous: str) -> str:
    """Node thread_id, edge thread_id, graph thread_id, subgraph class, then the previous node."""
    candidates = (
        node.thread_id,
        incoming.thread_id if incoming else "",
        graph.str_attr("thread_id"),
        node.classes[0] if node.classes else "",
        previous,
    )
    return next((c for c in candidates if c), node.id)


def preamble(mode: str, context: Context, history: list[tuple[str, str]]) -> str:
    """Carryover text for a fresh session; `history` is (node_id, status) in execution order."""
    if mode == "full":
        return ""
    goal = context.get_string("graph.goal")
    run_id = context.get_string("internal.run_id")
    lines = [f"Goal: {goal}" if goal else "", f"Run: {run_id}" if run_id else ""]
    if mode != "truncate":
        limit = _SUMMARY_LIMITS[mode]
        recent = history[-limit:]
        if recent:
            lines.append("Completed stages:")
            lines += [f"- {node_id}: {status}" for node_id, status in recent]
        values = {
            k: v
            for k, v in context.snapshot().items()
            if not k.startswith(("internal.", "graph.")) and k not in ("current_node",)
        }
        if values:
            lines.append("Context:")
            width = 80 if mode in ("compact", "summary:low") else 400
            lines += [f"- {k}: {str(v)[:width]}" for k, v in list(values.items())[-limit:]]
    return "\n".join(line for line in lines if line)
