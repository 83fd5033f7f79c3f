"""§11.1 DOT parsing: one test per checklist item, plus rejections and error positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from darkfactory.pipeline.graph import Duration
from darkfactory.pipeline.parser import ParseError, parse_dot
from darkfactory.pipeline.transforms import prepare_pipeline
from darkfactory.pipeline.validation import Severity

BRANCH = """
digraph Branch {
    graph [goal="Implement and validate a feature"]
    rankdir=LR
    node [shape=box, timeout="900s"]

    start     [shape=Mdiamond, label="Start"]
    exit      [shape=Msquare, label="Exit"]
    plan      [label="Plan", prompt="Plan the implementation"]
    implement [label="Implement", prompt="Implement the plan"]
    validate  [label="Validate", prompt="Run tests"]
    gate      [shape=diamond, label="Tests passing?"]

    start -> plan -> implement -> validate -> gate
    gate -> exit      [label="Yes", condition="outcome=success"]
    gate -> implement [label="No", condition="outcome!=success"]
}
"""


def test_11_1_parser_accepts_the_supported_dot_subset() -> None:
    graph = parse_dot(BRANCH)
    assert graph.name == "Branch"
    assert list(graph.nodes) == ["start", "exit", "plan", "implement", "validate", "gate"]
    assert [(e.source, e.target) for e in graph.edges] == [
        ("start", "plan"),
        ("plan", "implement"),
        ("implement", "validate"),
        ("validate", "gate"),
        ("gate", "exit"),
        ("gate", "implement"),
    ]
    assert graph.attrs["rankdir"] == "LR"
    assert graph.node("gate").handler_type == "conditional"
    assert graph.start_node().id == "start" and graph.exit_node().id == "exit"


def test_11_1_graph_level_attributes_goal_label_model_stylesheet_are_extracted() -> None:
    graph = parse_dot(
        """digraph G {
            graph [goal="Ship it", label="Release"]
            model_stylesheet = "* { llm_model: gpt-5.2; }"
            default_max_retry = 2
        }"""
    )
    assert graph.goal == "Ship it"
    assert graph.label == "Release"
    assert graph.model_stylesheet == "* { llm_model: gpt-5.2; }"
    assert graph.default_max_retries == 2  # legacy alias


def test_11_1_node_attributes_including_multi_line_attribute_blocks() -> None:
    graph = parse_dot(
        """digraph G {
            review_gate [
                shape=hexagon,
                label="Review Changes",
                type="wait.human",
                max_retries=3,
                goal_gate=true,
                timeout=15m
            ]
        }"""
    )
    node = graph.node("review_gate")
    assert node.shape == "hexagon" and node.label == "Review Changes"
    assert node.type == "wait.human" and node.handler_type == "wait.human"
    assert node.max_retries == 3 and node.goal_gate is True
    assert node.timeout == Duration("15m") and node.timeout.seconds == 900
    assert (node.line, node.column) == (2, 13)


def test_11_1_edge_attributes_label_condition_weight_are_parsed() -> None:
    graph = parse_dot(
        'digraph G { a -> b [label="Yes", condition="outcome=success", weight=5,'
        " loop_restart=true] }"
    )
    (edge,) = graph.edges
    assert edge.label == "Yes"
    assert edge.condition == "outcome=success"
    assert edge.weight == 5
    assert edge.loop_restart is True
    assert graph.outgoing_edges("a") == [edge] and graph.incoming_edges("b") == [edge]


def test_11_1_chained_edges_produce_one_edge_per_pair() -> None:
    graph = parse_dot('digraph G { A -> B -> C [label="next"] }')
    assert [(e.source, e.target, e.label) for e in graph.edges] == [
        ("A", "B", "next"),
        ("B", "C", "next"),
    ]


def test_11_1_node_and_edge_default_blocks_apply_to_subsequent_declarations() -> None:
    graph = parse_dot(
        """digraph G {
            before
            node [shape=box, timeout="900s"]
            edge [weight=2]
            a
            b [timeout="60s"]
            a -> b
            a -> before [weight=7]
        }"""
    )
    assert "timeout" not in graph.node("before").attrs  # defaults are not retroactive
    assert graph.node("a").attrs["timeout"] == "900s"
    assert graph.node("b").timeout.seconds == 60  # explicit attribute wins
    assert [e.weight for e in graph.edges] == [2, 7]


def test_11_1_subgraph_blocks_are_flattened() -> None:
    graph = parse_dot(
        """digraph G {
            start [shape=Mdiamond]
            subgraph cluster_loop {
                label = "Loop A"
                node [thread_id="loop-a", timeout="900s"]
                Plan      [label="Plan next step"]
                Implement [label="Implement", timeout="1800s"]
                Plan -> Implement
            }
            after
            start -> Plan
        }"""
    )
    assert list(graph.nodes) == ["start", "Plan", "Implement", "after"]
    assert graph.node("Plan").thread_id == "loop-a"
    assert graph.node("Plan").attrs["timeout"] == "900s"
    assert graph.node("Implement").attrs["timeout"] == "1800s"
    assert graph.node("Plan").classes == ["loop-a"]  # class derived from the subgraph label
    assert "thread_id" not in graph.node("after").attrs  # the subgraph's defaults stay inside
    assert "label" not in graph.attrs  # the subgraph's label is not the graph's
    assert [(e.source, e.target) for e in graph.edges] == [("Plan", "Implement"), ("start", "Plan")]


def test_11_1_class_attribute_on_nodes_merges_in_attributes_from_the_stylesheet() -> None:
    prepared = prepare_pipeline(
        """digraph G {
            graph [model_stylesheet=".code { llm_model: claude-opus-4-6; reasoning_effort: low }"]
            review_code [shape=box, class="code,critical", prompt="Review the code"]
            other [prompt="x"]
        }"""
    )
    review = prepared.graph.node("review_code")
    assert review.classes == ["code", "critical"]
    assert review.llm_model == "claude-opus-4-6" and review.reasoning_effort == "low"
    assert "llm_model" not in prepared.graph.node("other").attrs


def test_11_1_quoted_and_unquoted_attribute_values_both_work() -> None:
    graph = parse_dot(
        r"""digraph G {
            n [a="quoted \"x\"\n\ttab\\", b=bare_value, c=42, d=-1, e=0.5, f=-3.14,
               g=true, h=false, i=250ms, j=2h, k=gpt-5.2, l="900s", m=1d]
        }"""
    )
    attrs = graph.node("n").attrs
    assert attrs["a"] == 'quoted "x"\n\ttab\\'
    assert attrs["b"] == "bare_value"
    assert (attrs["c"], attrs["d"]) == (42, -1)
    assert (attrs["e"], attrs["f"]) == (0.5, -3.14)
    assert (attrs["g"], attrs["h"]) == (True, False)
    assert isinstance(attrs["i"], Duration) and attrs["i"].milliseconds == 250
    assert attrs["j"].seconds == 7200 and attrs["m"].seconds == 86400
    assert attrs["k"] == "gpt-5.2"
    assert attrs["l"] == "900s" and not isinstance(attrs["l"], Duration)


def test_11_1_comments_are_stripped_before_parsing() -> None:
    graph = parse_dot(
        """// leading comment
        digraph G { /* block
            comment with -> arrows and [brackets] */
            a [prompt="keep // this and /* this */"] // trailing
            a -> b // another
        }"""
    )
    assert list(graph.nodes) == ["a", "b"]
    assert graph.node("a").prompt == "keep // this and /* this */"


@pytest.mark.parametrize(
    ("source", "line", "column", "message"),
    [
        ("graph G { a }", 1, 1, "undirected graphs"),
        ("strict digraph G { a }", 1, 1, "'strict'"),
        ("digraph G {\n  a -- b\n}", 2, 5, "undirected edge '--'"),
        ("digraph A { }\ndigraph B { }", 2, 1, "only one digraph"),
        ("digraph G {\n  a [x=1 y=2]\n}", 2, 10, "expected ',' or ']'"),
        ('digraph G { a [label="open }', 1, 22, "unterminated string"),
        ("digraph G { a.b }", 1, 13, "must be an identifier"),
        ("digraph G { a [x=1abc] }", 1, 18, "invalid value"),
        ("digraph G { a [label=<b>x</b>] }", 1, 22, "HTML labels"),
        ("digraph G {\n  a ->\n", 3, 1, "unexpected end of input"),
        ("digraph G { /* never closed", 1, 13, "unterminated comment"),
    ],
)
def test_parse_errors_name_line_and_column(
    source: str, line: int, column: int, message: str
) -> None:
    with pytest.raises(ParseError) as caught:
        parse_dot(source)
    assert (caught.value.line, caught.value.column) == (line, column)
    assert message in caught.value.message
    assert str(caught.value).startswith(f"line {line}, column {column}: ")


def test_nodes_first_named_by_an_edge_are_created_with_the_defaults_in_scope() -> None:
    graph = parse_dot("digraph G { node [shape=hexagon] a -> b; b [label=B] }")
    assert list(graph.nodes) == ["a", "b"]
    assert graph.node("b").shape == "hexagon" and graph.node("b").label == "B"


EXAMPLES = Path(__file__).parent / "examples"


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.dot")))
def test_the_spec_examples_parse_and_validate_without_errors(example: str) -> None:
    prepared = prepare_pipeline((EXAMPLES / example).read_text())
    assert prepared.graph.start_node() is not None and prepared.graph.exit_node() is not None
    errors = [d for d in prepared.diagnostics if d.severity is Severity.ERROR]
    assert errors == []


def test_the_smoke_test_pipeline_parses_as_the_spec_asserts() -> None:
    graph = parse_dot((EXAMPLES / "smoke_test.dot").read_text())
    assert graph.goal == "Create a hello world Python script"
    assert len(graph.nodes) == 5 and len(graph.edges) == 6
    assert graph.node("implement").goal_gate is True
    assert graph.exit_node().id == "done"


def test_subgraphs_nested_beyond_reason_are_a_parse_error() -> None:
    source = "digraph G {" + "subgraph {" * 3000 + "a" + "}" * 3000 + "}"
    with pytest.raises(ParseError, match="nested too deeply"):
        parse_dot(source)
