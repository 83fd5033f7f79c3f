"""§11.10 Model stylesheet: one test per checklist item, plus the §8.6 example and errors."""

from __future__ import annotations

import pytest

from darkfactory.pipeline.parser import parse_dot
from darkfactory.pipeline.serializer import quote
from darkfactory.pipeline.stylesheet import (
    Selector,
    StylesheetError,
    apply_stylesheet,
    parse_stylesheet,
)

SPEC_EXAMPLE = """
digraph Pipeline {
    graph [
        goal="Implement feature X",
        model_stylesheet="
            * { llm_model: claude-sonnet-4-5; llm_provider: anthropic; }
            .code { llm_model: claude-opus-4-6; llm_provider: anthropic; }
            #critical_review { llm_model: gpt-5.2; llm_provider: openai; reasoning_effort: high; }
        "
    ]

    start [shape=Mdiamond]
    exit  [shape=Msquare]

    plan            [label="Plan", class="planning"]
    implement       [label="Implement", class="code"]
    critical_review [label="Critical Review", class="code"]

    start -> plan -> implement -> critical_review -> exit
}
"""


def styled(stylesheet: str, nodes: str) -> dict[str, dict]:
    source = f"digraph G {{ graph [model_stylesheet={quote(stylesheet)}] {nodes} }}"
    graph = apply_stylesheet(parse_dot(source))
    return {node.id: node.attrs for node in graph.nodes.values()}


def test_11_10_stylesheet_is_parsed_from_the_graph_model_stylesheet_attribute() -> None:
    graph = parse_dot(SPEC_EXAMPLE)
    sheet = parse_stylesheet(graph.model_stylesheet)
    assert [rule.selector for rule in sheet.rules] == [
        Selector("universal"),
        Selector("class", "code"),
        Selector("id", "critical_review"),
    ]
    assert sheet.rules[2].declarations == (
        ("llm_model", "gpt-5.2"),
        ("llm_provider", "openai"),
        ("reasoning_effort", "high"),
    )
    result = apply_stylesheet(graph)
    assert result.node("plan").llm_model == "claude-sonnet-4-5"
    assert result.node("implement").llm_model == "claude-opus-4-6"
    assert result.node("critical_review").llm_model == "gpt-5.2"
    assert result.node("critical_review").llm_provider == "openai"
    assert "llm_model" not in graph.node("plan").attrs  # the input graph is left alone


def test_11_10_selectors_by_shape_name_work() -> None:
    attrs = styled('box { llm_model: "claude-opus-4-6" }', "a; b [shape=hexagon]")
    assert attrs["a"]["llm_model"] == "claude-opus-4-6"  # box is the default shape
    assert "llm_model" not in attrs["b"]


def test_11_10_selectors_by_class_name_work() -> None:
    attrs = styled('.fast { llm_model: "gemini-3-flash-preview" }', 'a [class="slow,fast"]; b')
    assert attrs["a"]["llm_model"] == "gemini-3-flash-preview"
    assert "llm_model" not in attrs["b"]


def test_11_10_selectors_by_node_id_work() -> None:
    attrs = styled('#review { reasoning_effort: "high" }', "review; other")
    assert attrs["review"]["reasoning_effort"] == "high"
    assert "reasoning_effort" not in attrs["other"]


def test_11_10_specificity_order_universal_shape_class_id() -> None:
    sheet = (
        "#n { llm_model: by-id } .c { llm_model: by-class } box { llm_model: by-shape }"
        " * { llm_model: by-universal }"
    )
    attrs = styled(sheet, 'n [class="c"]; k [class="c"]; s; h [shape=hexagon]')
    assert attrs["n"]["llm_model"] == "by-id"
    assert attrs["k"]["llm_model"] == "by-class"
    assert attrs["s"]["llm_model"] == "by-shape"
    assert attrs["h"]["llm_model"] == "by-universal"
    later = styled("* { llm_model: first } * { llm_model: second }", "a")
    assert later["a"]["llm_model"] == "second"  # equal specificity: the later rule wins


def test_11_10_stylesheet_properties_are_overridden_by_explicit_node_attributes() -> None:
    attrs = styled(
        "#a { llm_model: sheet; llm_provider: sheet; reasoning_effort: low }",
        'a [llm_model="explicit"]',
    )
    assert attrs["a"]["llm_model"] == "explicit"
    assert attrs["a"]["llm_provider"] == "sheet" and attrs["a"]["reasoning_effort"] == "low"


def test_graph_level_attributes_are_the_fallback_after_the_stylesheet() -> None:
    sheet = 'model_stylesheet="#b { llm_provider: x }"'
    source = f'digraph G {{ graph [llm_provider="openai", {sheet}] a; b }}'
    graph = apply_stylesheet(parse_dot(source))
    assert graph.node("a").llm_provider == "openai"
    assert graph.node("b").llm_provider == "x"


def test_subgraph_derived_classes_are_matched() -> None:
    source = """digraph G {
        graph [model_stylesheet=".loop-a { llm_model: looper }"]
        subgraph cluster_x { label="Loop A"; inner }
        outer
    }"""
    graph = apply_stylesheet(parse_dot(source))
    assert graph.node("inner").llm_model == "looper"
    assert graph.node("outer").llm_model == ""


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ("* { temperature: 1 }", 1, 5, "unknown property 'temperature'"),
        ("* { llm_model gpt }", 1, 15, "unexpected 'gpt'"),
        ("*\n{ llm_model: x", 2, 15, "unexpected end"),
        ('* { llm_model: "x }', 1, 16, "unterminated string"),
        ("* { } ", 1, 5, "unexpected '}'"),
    ],
)
def test_stylesheet_errors_name_line_and_column(
    text: str, line: int, column: int, message: str
) -> None:
    with pytest.raises(StylesheetError) as caught:
        parse_stylesheet(text)
    assert (caught.value.line, caught.value.column) == (line, column)
    assert message in caught.value.message
