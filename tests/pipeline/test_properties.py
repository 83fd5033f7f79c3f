"""Property-based tests of the DOT parser, the condition language and the stylesheet.

Round trips: any graph the model can hold serializes to DOT that parses back to the same graph,
values of the same types; any generated condition parses to its clauses and evaluates as §10.5's
reference pseudocode does. Fuzzing: arbitrary or mangled text gives ParseError / a condition
error message / StylesheetError, never another exception.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from darkfactory.pipeline.conditions import (
    Clause,
    condition_error,
    evaluate_condition,
    parse_condition,
)
from darkfactory.pipeline.graph import Duration, Edge, Graph, Node
from darkfactory.pipeline.parser import ParseError, parse_dot
from darkfactory.pipeline.serializer import format_value, quote, to_dot
from darkfactory.pipeline.stylesheet import StylesheetError, parse_stylesheet
from darkfactory.pipeline.validation import validate

KEYWORDS = {"strict", "digraph", "graph", "node", "edge", "subgraph"}
BARE_LITERAL = re.compile(r"[A-Za-z0-9_.:\-]+")
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

identifiers = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,7}", fullmatch=True).filter(
    lambda s: s not in KEYWORDS
)
keys = st.lists(identifiers, min_size=1, max_size=3).map(".".join)
durations = st.builds(
    lambda n, unit: Duration(f"{n}{unit}"),
    st.integers(-(10**6), 10**6),
    st.sampled_from(["ms", "s", "m", "h", "d"]),
)
values = st.one_of(
    st.text(max_size=20),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    durations,
)
attr_maps = st.dictionaries(keys, values, max_size=4)


@st.composite
def graphs(draw: st.DrawFn) -> Graph:
    graph = Graph(draw(attr_maps), draw(identifiers | st.just("")))
    for node_id in draw(st.lists(identifiers, unique=True, max_size=6)):
        graph.add_node(Node(draw(attr_maps), node_id))
    ids = list(graph.nodes)
    if ids:
        for _ in range(draw(st.integers(0, 8))):
            source, target = draw(st.sampled_from(ids)), draw(st.sampled_from(ids))
            graph.add_edge(Edge(draw(attr_maps), source, target))
    return graph


def typed(graph: Graph) -> tuple:
    """The graph with every value tagged by its type, so `1` and `True` differ."""

    def tag(attrs: dict) -> dict:
        return {k: (type(v).__name__, v) for k, v in attrs.items()}

    return (
        graph.name,
        tag(graph.attrs),
        [(n.id, tag(n.attrs)) for n in graph.nodes.values()],
        [(e.source, e.target, tag(e.attrs)) for e in graph.edges],
    )


@FAST
@given(graphs())
def test_serialized_graphs_parse_back_to_the_same_graph(graph: Graph) -> None:
    parsed = parse_dot(to_dot(graph))
    assert typed(parsed) == typed(graph)
    assert parsed == graph
    validate(parsed)  # every rule copes with whatever the model holds


@FAST
@given(st.text(max_size=200))
def test_arbitrary_text_is_a_parse_error_or_a_graph(text: str) -> None:
    try:
        parse_dot(text)
    except ParseError as exc:
        assert exc.line >= 1 and exc.column >= 1


@FAST
@given(graphs(), st.data())
def test_mangled_dot_is_a_parse_error_or_a_graph(graph: Graph, data: st.DataObject) -> None:
    source = to_dot(graph)
    start = data.draw(st.integers(0, len(source)))
    end = data.draw(st.integers(start, min(len(source), start + 5)))
    junk = data.draw(
        st.sampled_from(["", "->", "--", "[", "]", '"', "=", "{", "}", ";", "/*", "x"])
    )
    try:
        parse_dot(source[:start] + junk + source[end:])
    except ParseError as exc:
        assert exc.line >= 1 and exc.column >= 1


@dataclass
class Outcome:
    status: str
    preferred_label: str


condition_keys = st.one_of(
    st.sampled_from(["outcome", "preferred_label"]),
    keys.map(lambda k: f"context.{k}"),
    keys.filter(lambda k: k not in ("outcome", "preferred_label")),
)
bare_literals = st.from_regex(r"[A-Za-z_][A-Za-z0-9_.:-]{0,8}", fullmatch=True)
clauses = st.builds(
    Clause,
    condition_keys,
    st.sampled_from(["=", "!=", None]),
    st.one_of(bare_literals, st.text(max_size=10)),
).map(lambda c: Clause(c.key) if c.operator is None else c)


def spell(clause: Clause) -> str:
    if clause.operator is None:
        return clause.key
    literal = clause.literal
    written = literal if BARE_LITERAL.fullmatch(literal) else quote(literal)
    return f"{clause.key} {clause.operator} {written}"


def reference_evaluate(condition: list[Clause], outcome: Outcome, context: dict) -> bool:
    """§10.4/10.5 pseudocode, on already-split clauses."""

    def resolve(key: str) -> str:
        if key == "outcome":
            return outcome.status
        if key == "preferred_label":
            return outcome.preferred_label
        value = context.get(key)
        if value is None and key.startswith("context."):
            value = context.get(key[len("context.") :])
        return "" if value is None else str(value)

    for clause in condition:
        value = resolve(clause.key)
        if clause.operator == "=" and value != clause.literal:
            return False
        if clause.operator == "!=" and value == clause.literal:
            return False
        if clause.operator is None and not value:
            return False
    return True


@FAST
@given(
    st.lists(clauses, min_size=1, max_size=4),
    st.builds(
        Outcome, st.sampled_from(["success", "fail", "retry", "partial_success"]), bare_literals
    ),
    st.dictionaries(keys, bare_literals | st.just(""), max_size=4),
    st.data(),
)
def test_generated_conditions_parse_and_evaluate_like_the_reference(
    condition: list[Clause], outcome: Outcome, context: dict, data: st.DataObject
) -> None:
    # make some clauses hit: copy a literal into the context under the clause's key
    for clause in condition:
        if clause.key.startswith("context.") and data.draw(st.booleans()):
            context[clause.key.removeprefix("context.")] = clause.literal
    expr = " && ".join(spell(c) for c in condition)
    assert condition_error(expr) is None
    assert parse_condition(expr).clauses == tuple(condition)
    assert evaluate_condition(expr, outcome, context) == reference_evaluate(
        condition, outcome, context
    )


@FAST
@given(st.text(max_size=80))
def test_arbitrary_condition_text_gives_a_message_never_an_exception(text: str) -> None:
    error = condition_error(text)
    assert error is None or error.startswith("column ")


@FAST
@given(st.text(max_size=120))
def test_arbitrary_stylesheet_text_is_a_stylesheet_error_or_a_stylesheet(text: str) -> None:
    try:
        parse_stylesheet(text)
    except StylesheetError as exc:
        assert exc.line >= 1 and exc.column >= 1


DEFAULT_KEYS = ["shape", "timeout", "weight", "label", "llm.model"]
ID_POOL = ["a", "b", "c", "d", "start", "exit"]
SEPARATORS = ["\n", " ", " ; ", " /* note -> [x] */ ", " // note -> x\n"]
small_attrs = st.dictionaries(st.sampled_from(DEFAULT_KEYS), values, min_size=1, max_size=3)


def spelled(attrs: dict) -> str:
    return "[" + ", ".join(f"{k}={format_value(v)}" for k, v in attrs.items()) + "]"


def expected_class(label: str) -> str:
    dashed = label.lower().replace(" ", "-")
    return "".join(c for c in dashed if c in "abcdefghijklmnopqrstuvwxyz0123456789-")


@st.composite
def dot_sources(draw: st.DrawFn) -> tuple[str, Graph]:
    """DOT text with defaults, subgraphs, chains and comments, and the graph it must give."""
    graph = Graph(name="G")

    def member(node_id: str, defaults: dict, classes: list[str]) -> Node:
        node = graph.nodes.get(node_id) or graph.add_node(Node(dict(defaults), node_id))
        add_classes(node, classes)
        return node

    def add_classes(node: Node, classes: list[str]) -> None:
        missing = [c for c in classes if c not in node.classes]
        if missing:
            node.attrs["class"] = ",".join(node.classes + missing)

    def body(depth: int, node_defaults: dict, edge_defaults: dict, classes: list[str]) -> str:
        statements = []
        kinds = ["node", "edge", "node_defaults", "edge_defaults", "attr"]
        for kind in draw(st.lists(st.sampled_from(kinds + ["subgraph"] * (depth < 2)), max_size=6)):
            if kind == "node":
                node_id, attrs = draw(st.sampled_from(ID_POOL)), draw(small_attrs | st.none())
                node = member(node_id, node_defaults, classes)
                if attrs:
                    node.attrs.update(attrs)
                    add_classes(node, classes)
                statements.append(node_id + (f" {spelled(attrs)}" if attrs else ""))
            elif kind == "edge":
                ids = draw(st.lists(st.sampled_from(ID_POOL), min_size=2, max_size=4))
                attrs = draw(small_attrs | st.none()) or {}
                for node_id in ids:
                    member(node_id, node_defaults, classes)
                for source, target in itertools.pairwise(ids):
                    graph.add_edge(Edge({**edge_defaults, **attrs}, source, target))
                block = f" {spelled(attrs)}" if attrs else ""
                statements.append(" -> ".join(ids) + block)
            elif kind in ("node_defaults", "edge_defaults"):
                attrs = draw(small_attrs)
                (node_defaults if kind == "node_defaults" else edge_defaults).update(attrs)
                statements.append(f"{kind.split('_')[0]} {spelled(attrs)}")
            elif kind == "attr":
                key, value = draw(st.sampled_from(["goal", "rankdir"])), draw(values)
                if depth == 0:
                    graph.attrs[key] = value
                statements.append(f"{key} = {format_value(value)}")
            else:
                label = draw(st.sampled_from(["Loop A", "Review & Fix!", "x", "***"]) | st.none())
                derived = expected_class(label) if label else ""
                inner_classes = [*classes, derived] if derived else classes
                head = f"label = {quote(label)}\n" if label else ""
                inner = body(depth + 1, dict(node_defaults), dict(edge_defaults), inner_classes)
                statements.append(f"subgraph cluster_{depth} {{ {head}{inner} }}")
        return "".join(s + draw(st.sampled_from(SEPARATORS)) for s in statements)

    source = f"digraph G {{\n{body(0, {}, {}, [])}\n}}"
    return source, graph


@FAST
@given(dot_sources())
def test_defaults_subgraphs_and_chains_give_the_expected_flat_graph(
    case: tuple[str, Graph],
) -> None:
    source, expected = case
    parsed = parse_dot(source)
    assert typed(parsed) == typed(expected)
    assert parse_dot(to_dot(parsed)) == parsed
