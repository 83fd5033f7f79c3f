"""Validation and lint rules (spec §7): diagnostics for a graph, and a gate before execution.

    diagnostics = validate(graph, extra_rules=[MyRule()])
    validate_or_raise(graph)     # raises ValidationError when any diagnostic is an ERROR

A rule is anything with a `name` and `apply(graph) -> list[Diagnostic]` (`LintRule`); `lint_rule`
turns a function into one. Custom rules run after the built-in ones, in the order given.
"""

from __future__ import annotations

import enum
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Protocol

from darkfactory.pipeline.conditions import condition_error, parse_condition
from darkfactory.pipeline.graph import SHAPE_TO_HANDLER_TYPE, Edge, Graph, Node
from darkfactory.pipeline.stylesheet import StylesheetError, parse_stylesheet

FIDELITY_MODES = ("full", "truncate", "compact", "summary:low", "summary:medium", "summary:high")
KNOWN_HANDLER_TYPES: set[str] = set(SHAPE_TO_HANDLER_TYPE.values())


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Diagnostic:
    """One finding of a lint rule, pointing at a node or an edge where it can."""

    rule: str
    severity: Severity
    message: str
    node_id: str | None = None
    edge: tuple[str, str] | None = None
    fix: str | None = None
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = f"{self.line}:{self.column}: " if self.line else ""
        fix = f" (fix: {self.fix})" if self.fix else ""
        return f"{where}{self.severity.value} [{self.rule}] {self.message}{fix}"


class LintRule(Protocol):
    name: str

    def apply(self, graph: Graph) -> list[Diagnostic]: ...


class ValidationError(Exception):
    """The graph has error-severity diagnostics and must not run."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        errors = [d for d in diagnostics if d.severity is Severity.ERROR]
        super().__init__("pipeline is invalid:\n" + "\n".join(f"  {d}" for d in errors))


@dataclass(frozen=True)
class FunctionRule:
    """A lint rule made from a function of the graph."""

    name: str
    check: Callable[[Graph], Iterable[Diagnostic]]

    def apply(self, graph: Graph) -> list[Diagnostic]:
        return list(self.check(graph))


def lint_rule(name: str) -> Callable[[Callable[[Graph], Iterable[Diagnostic]]], FunctionRule]:
    """Decorator: `@lint_rule("my_rule") def check(graph): yield Diagnostic(...)`."""
    return lambda check: FunctionRule(name, check)


def register_handler_type(type_string: str) -> None:
    """Make `type_known` accept a custom handler type."""
    KNOWN_HANDLER_TYPES.add(type_string)


def validate(graph: Graph, extra_rules: Iterable[LintRule] | None = None) -> list[Diagnostic]:
    """Every diagnostic of the built-in rules, then of `extra_rules`."""
    rules = [*BUILT_IN_RULES, *(extra_rules or ())]
    return [diagnostic for rule in rules for diagnostic in rule.apply(graph)]


def validate_or_raise(
    graph: Graph, extra_rules: Iterable[LintRule] | None = None
) -> list[Diagnostic]:
    """The diagnostics, unless one is an ERROR: then ValidationError."""
    diagnostics = validate(graph, extra_rules)
    if any(d.severity is Severity.ERROR for d in diagnostics):
        raise ValidationError(diagnostics)
    return diagnostics


def at_node(rule: str, severity: Severity, node: Node, message: str, fix: str = "") -> Diagnostic:
    return Diagnostic(rule, severity, message, node.id, None, fix or None, node.line, node.column)


def at_edge(rule: str, severity: Severity, edge: Edge, message: str, fix: str = "") -> Diagnostic:
    pair = (edge.source, edge.target)
    return Diagnostic(rule, severity, message, None, pair, fix or None, edge.line, edge.column)


ERROR, WARNING = Severity.ERROR, Severity.WARNING


@lint_rule("start_node")
def _start_node(graph: Graph) -> Iterable[Diagnostic]:
    starts = graph.start_candidates()
    if not starts:
        fix = "add `start [shape=Mdiamond]`"
        yield Diagnostic("start_node", ERROR, "pipeline has no start node", fix=fix)
    for node in starts[1:]:
        yield at_node("start_node", ERROR, node, f"second start node {node.id!r}; need exactly one")


@lint_rule("terminal_node")
def _terminal_node(graph: Graph) -> Iterable[Diagnostic]:
    exits = graph.exit_candidates()
    if not exits:
        fix = "add `exit [shape=Msquare]`"
        yield Diagnostic("terminal_node", ERROR, "pipeline has no exit node", fix=fix)
    for node in exits[1:]:
        message = f"second exit node {node.id!r}; need exactly one"
        yield at_node("terminal_node", ERROR, node, message)


@lint_rule("reachability")
def _reachability(graph: Graph) -> Iterable[Diagnostic]:
    start = graph.start_node()
    if start is None:
        return
    seen, queue = {start.id}, deque([start.id])
    while queue:
        for edge in graph.outgoing_edges(queue.popleft()):
            if edge.target not in seen:
                seen.add(edge.target)
                queue.append(edge.target)
    for node in graph.nodes.values():
        if node.id not in seen:
            message = f"node {node.id!r} is not reachable from {start.id!r}"
            yield at_node("reachability", ERROR, node, message, "add an edge to it, or remove it")


@lint_rule("edge_target_exists")
def _edge_target_exists(graph: Graph) -> Iterable[Diagnostic]:
    for edge in graph.edges:
        for end in (edge.source, edge.target):
            if end not in graph.nodes:
                message = f"edge {edge.source} -> {edge.target} refers to unknown node {end!r}"
                yield at_edge("edge_target_exists", ERROR, edge, message)


@lint_rule("start_no_incoming")
def _start_no_incoming(graph: Graph) -> Iterable[Diagnostic]:
    start = graph.start_node()
    for edge in graph.incoming_edges(start.id) if start else ():
        message = f"start node {start.id!r} has an incoming edge from {edge.source!r}"
        yield at_edge("start_no_incoming", ERROR, edge, message)


@lint_rule("exit_no_outgoing")
def _exit_no_outgoing(graph: Graph) -> Iterable[Diagnostic]:
    exit_node = graph.exit_node()
    for edge in graph.outgoing_edges(exit_node.id) if exit_node else ():
        message = f"exit node {exit_node.id!r} has an outgoing edge to {edge.target!r}"
        yield at_edge("exit_no_outgoing", ERROR, edge, message)


@lint_rule("condition_syntax")
def _condition_syntax(graph: Graph) -> Iterable[Diagnostic]:
    for edge in graph.edges:
        error = condition_error(edge.condition)
        if error:
            message = f"condition {edge.condition!r} does not parse: {error}"
            yield at_edge("condition_syntax", ERROR, edge, message)


@lint_rule("stylesheet_syntax")
def _stylesheet_syntax(graph: Graph) -> Iterable[Diagnostic]:
    try:
        parse_stylesheet(graph.model_stylesheet)
    except StylesheetError as exc:
        yield Diagnostic("stylesheet_syntax", ERROR, f"model_stylesheet does not parse: {exc}")


@lint_rule("type_known")
def _type_known(graph: Graph) -> Iterable[Diagnostic]:
    for node in graph.nodes.values():
        if node.type and node.type not in KNOWN_HANDLER_TYPES:
            message = f"node {node.id!r} has unknown handler type {node.type!r}"
            yield at_node("type_known", WARNING, node, message)


@lint_rule("fidelity_valid")
def _fidelity_valid(graph: Graph) -> Iterable[Diagnostic]:
    modes = ", ".join(FIDELITY_MODES)
    if graph.default_fidelity and graph.default_fidelity not in FIDELITY_MODES:
        message = f"default_fidelity {graph.default_fidelity!r} is not one of {modes}"
        yield Diagnostic("fidelity_valid", WARNING, message)
    for node in graph.nodes.values():
        if node.fidelity and node.fidelity not in FIDELITY_MODES:
            message = f"node {node.id!r} fidelity {node.fidelity!r} is not one of {modes}"
            yield at_node("fidelity_valid", WARNING, node, message)
    for edge in graph.edges:
        if edge.fidelity and edge.fidelity not in FIDELITY_MODES:
            message = f"edge fidelity {edge.fidelity!r} is not one of {modes}"
            yield at_edge("fidelity_valid", WARNING, edge, message)


@lint_rule("retry_target_exists")
def _retry_target_exists(graph: Graph) -> Iterable[Diagnostic]:
    for key in ("retry_target", "fallback_retry_target"):
        target = graph.str_attr(key)
        if target and target not in graph.nodes:
            message = f"graph {key} {target!r} is not a node"
            yield Diagnostic("retry_target_exists", WARNING, message)
        for node in graph.nodes.values():
            target = node.str_attr(key)
            if target and target not in graph.nodes:
                message = f"node {node.id!r} {key} {target!r} is not a node"
                yield at_node("retry_target_exists", WARNING, node, message)


@lint_rule("goal_gate_has_retry")
def _goal_gate_has_retry(graph: Graph) -> Iterable[Diagnostic]:
    graph_target = graph.retry_target or graph.fallback_retry_target
    for node in graph.nodes.values():
        if node.goal_gate and not (node.retry_target or node.fallback_retry_target or graph_target):
            message = f"goal gate {node.id!r} has no retry_target or fallback_retry_target"
            fix = "set retry_target on the node or the graph"
            yield at_node("goal_gate_has_retry", WARNING, node, message, fix)


@lint_rule("prompt_on_llm_nodes")
def _prompt_on_llm_nodes(graph: Graph) -> Iterable[Diagnostic]:
    for node in graph.nodes.values():
        if node.handler_type != "codergen" or node.prompt:
            continue
        if "label" in node.attrs:
            message = f"LLM node {node.id!r} has no prompt; its label will be used as the prompt"
        else:
            message = f"LLM node {node.id!r} has neither prompt nor label"
        yield at_node("prompt_on_llm_nodes", WARNING, node, message, "add a prompt attribute")


def may_hold(condition: str, status: str) -> bool:
    """Whether `condition` can hold for an outcome of `status`: its `outcome` clauses decide,
    clauses on anything else may go either way."""
    probe = SimpleNamespace(status=status, preferred_label="")
    clauses = parse_condition(condition).clauses
    return all(clause.holds(probe, None) for clause in clauses if clause.key == "outcome")


@lint_rule("outcome_coverage")
def _outcome_coverage(graph: Graph) -> Iterable[Diagnostic]:
    """A node that can end the run short of the exit: no unconditional edge, and an outcome it can
    produce (success; partial_success with allow_partial) that no edge's condition can match.
    Failures follow §3.7's own routing, and a failure that has none fails the run plainly."""
    for node in graph.nodes.values():
        if graph.is_exit_node(node) or node.handler_type == "parallel":
            continue
        edges = graph.outgoing_edges(node.id)
        if any(condition_error(e.condition) for e in edges) or any(not e.condition for e in edges):
            continue
        fix = "add an unconditional edge, or a condition for each outcome"
        if not edges:
            message = f"node {node.id!r} has no outgoing edge: a run would stop there"
            yield at_node("outcome_coverage", WARNING, node, message, fix)
            continue
        for status in ["success", *(["partial_success"] if node.allow_partial else [])]:
            if not any(may_hold(e.condition, status) for e in edges):
                message = (
                    f"no outgoing edge of node {node.id!r} matches outcome {status!r} and none is "
                    "unconditional: a run would stop there"
                )
                yield at_node("outcome_coverage", WARNING, node, message, fix)


BUILT_IN_RULES: list[LintRule] = [
    _start_node,
    _terminal_node,
    _reachability,
    _edge_target_exists,
    _start_no_incoming,
    _exit_no_outgoing,
    _condition_syntax,
    _stylesheet_syntax,
    _type_known,
    _fidelity_valid,
    _retry_target_exists,
    _goal_gate_has_retry,
    _prompt_on_llm_nodes,
    _outcome_coverage,
]
