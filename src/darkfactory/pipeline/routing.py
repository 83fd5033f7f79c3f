"""Where a run goes next: edge selection (§3.3), goal gates (§3.4) and failure routing (§3.7)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from darkfactory.pipeline.conditions import evaluate_condition
from darkfactory.pipeline.context import Context
from darkfactory.pipeline.graph import Edge, Graph, Node
from darkfactory.pipeline.outcome import Outcome, StageStatus

_ACCELERATOR_PREFIX = re.compile(r"^\s*(?:\[\w\]\s*|\w\)\s+|\w\s+-\s+)")


def normalize_label(label: str) -> str:
    """Lowercase, trimmed, without an accelerator prefix such as `[Y] `, `Y) ` or `Y - `."""
    return _ACCELERATOR_PREFIX.sub("", label).strip().lower()


def _best_by_weight_then_lexical(edges: list[Edge]) -> Edge:
    if len(edges) == 1:  # the common case needs no weights
        return edges[0]
    return min(edges, key=lambda e: (-e.weight, e.target))


def condition_matches(edge: Edge, outcome: Outcome, context: Context) -> bool:
    return bool(evaluate_condition(edge.condition, outcome, context))


def select_edge(node: Node, outcome: Outcome, context: Context, graph: Graph) -> Edge | None:
    """The five-step priority: condition, preferred label, suggested ids, weight, lexical."""
    edges = graph.outgoing_edges(node.id)
    if not edges:
        return None
    matched = [e for e in edges if e.condition and condition_matches(e, outcome, context)]
    if matched:
        return _best_by_weight_then_lexical(matched)
    unconditional = [e for e in edges if not e.condition]
    if outcome.preferred_label:
        wanted = normalize_label(outcome.preferred_label)
        for edge in unconditional:
            if normalize_label(edge.label) == wanted:
                return edge
    for suggested in outcome.suggested_next_ids:
        for edge in unconditional:
            if edge.target == suggested:
                return edge
    return _best_by_weight_then_lexical(unconditional) if unconditional else None


def retry_target(node: Node, graph: Graph) -> str:
    """The node's retry target, its fallback, then the graph's: the first that names a node."""
    for target in (
        node.retry_target,
        node.fallback_retry_target,
        graph.retry_target,
        graph.fallback_retry_target,
    ):
        if target and target in graph.nodes:
            return target
    return ""


def failure_target(node: Node, outcome: Outcome, context: Context, graph: Graph) -> Edge | str:
    """§3.7 for a FAIL: a matching condition edge, else retry_target, else fallback, else ''."""
    matched = [
        e
        for e in graph.outgoing_edges(node.id)
        if e.condition and condition_matches(e, outcome, context)
    ]
    if matched:
        return _best_by_weight_then_lexical(matched)
    for target in (node.retry_target, node.fallback_retry_target):
        if target and target in graph.nodes:
            return target
    return ""


def unsatisfied_goal_gate(graph: Graph, node_outcomes: Mapping[str, Outcome]) -> Node | None:
    """The first visited goal-gate node whose latest outcome is not SUCCESS/PARTIAL_SUCCESS."""
    for node_id, outcome in node_outcomes.items():
        node = graph.nodes.get(node_id)
        if node is not None and node.goal_gate and not outcome.status.succeeded:
            return node
    return None


def is_failure(outcome: Outcome) -> bool:
    return outcome.status == StageStatus.FAIL
