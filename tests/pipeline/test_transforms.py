"""§11.11 Transforms: one test per checklist item of the front end, plus pipeline composition."""

from __future__ import annotations

from darkfactory.pipeline.graph import Edge, Graph
from darkfactory.pipeline.parser import parse_dot
from darkfactory.pipeline.transforms import (
    GraphMergeTransform,
    TransformRegistry,
    VariableExpansionTransform,
    prepare_pipeline,
)
from darkfactory.pipeline.validation import validate

SOURCE = """digraph G {
    graph [goal="Ship the login page"]
    start [shape=Mdiamond]
    exit [shape=Msquare]
    plan [prompt="Plan how to reach: $goal. Then restate $goal."]
    orphan [prompt="Never wired"]
    start -> plan -> exit
}"""


def test_11_11_ast_transforms_can_modify_the_graph_between_parsing_and_validation() -> None:
    def wire_orphans(graph: Graph) -> Graph:
        result = graph.copy()
        for node_id in ("orphan",):
            result.edges.insert(0, Edge({}, "plan", node_id))
            result.add_edge(Edge({}, node_id, "exit"))
        return result

    unwired = prepare_pipeline(SOURCE)
    # the orphan is unreachable, and a run that reached it would stop there
    assert [d.rule for d in unwired.diagnostics] == ["reachability", "outcome_coverage"]
    wired = prepare_pipeline(SOURCE, transforms=[wire_orphans])
    assert wired.diagnostics == []
    assert ("plan", "orphan") in [(e.source, e.target) for e in wired.graph.edges]


def test_11_11_transform_interface_takes_a_graph_and_returns_a_graph() -> None:
    class Rename:
        def apply(self, graph: Graph) -> Graph:
            result = graph.copy()
            result.name = "Renamed"
            return result

    def tag(graph: Graph) -> Graph:
        result = graph.copy()
        result.attrs["tagged"] = True
        return result

    original = parse_dot(SOURCE)
    snapshot = original.copy()
    out = TransformRegistry([Rename(), tag]).apply(original)
    assert isinstance(out, Graph)
    assert out.name == "Renamed" and out.attrs["tagged"] is True
    assert original == snapshot  # the built-in and custom transforms left their input alone


def test_11_11_built_in_variable_expansion_replaces_goal_in_prompts() -> None:
    graph = parse_dot(SOURCE)
    expanded = VariableExpansionTransform().apply(graph)
    assert expanded.node("plan").prompt == (
        "Plan how to reach: Ship the login page. Then restate Ship the login page."
    )
    assert "$goal" in graph.node("plan").prompt
    assert prepare_pipeline(SOURCE).graph.node("plan").prompt == expanded.node("plan").prompt


def test_11_11_custom_transforms_can_be_registered_and_run_in_order() -> None:
    seen: list[str] = []

    def step(name: str):
        def transform(graph: Graph) -> Graph:
            seen.append(name)
            result = graph.copy()
            result.attrs["trail"] = f"{result.str_attr('trail')}{name}"
            # built-ins already ran: $goal is expanded before any custom transform
            assert "$goal" not in result.node("plan").prompt
            return result

        return transform

    registry = TransformRegistry()
    for name in ("a", "b", "c"):
        registry.register_transform(step(name))
    graph = registry.apply(parse_dot(SOURCE))
    assert seen == ["a", "b", "c"]
    assert graph.attrs["trail"] == "abc"


def test_graph_merge_splices_a_sub_pipeline_between_two_nodes() -> None:
    parent = parse_dot(
        "digraph P { start [shape=Mdiamond]; exit [shape=Msquare]; "
        'build [prompt="b"]; start -> build -> exit }'
    )
    child = parse_dot(
        "digraph C { start [shape=Mdiamond]; exit [shape=Msquare]; "
        'lint [prompt="l"]; test [prompt="t"]; '
        'start -> lint -> test; test -> exit [condition="outcome=success"] }'
    )
    merged = GraphMergeTransform(child, "qa_", after="build", before="exit").apply(parent)
    assert list(merged.nodes) == ["start", "exit", "build", "qa_lint", "qa_test"]
    assert [(e.source, e.target, e.condition) for e in merged.edges] == [
        ("start", "build", ""),
        ("build", "qa_lint", ""),
        ("qa_lint", "qa_test", ""),
        ("qa_test", "exit", "outcome=success"),
    ]
    assert validate(merged) == []
