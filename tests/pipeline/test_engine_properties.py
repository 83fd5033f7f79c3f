"""Property-based tests of routing and traversal: edge selection agrees with §3.3's pseudocode,
and any generated pipeline runs to an end along its own edges."""

from __future__ import annotations

import itertools
import tempfile

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.pipeline.engine_support import Scripted, engine_with

from darkfactory.pipeline.context import Context
from darkfactory.pipeline.graph import Edge, Graph, Node
from darkfactory.pipeline.outcome import Outcome, StageStatus
from darkfactory.pipeline.routing import normalize_label, select_edge

TARGETS = ["a", "b", "c", "d"]
CONDITIONS = ["", "", "outcome=success", "outcome=fail", "context.flag=on", "context.flag!=on"]
LABELS = ["", "Yes", "[N] No", "n) next", "Retry"]


def reference(edges: list[Edge], outcome: Outcome, context: Context) -> Edge | None:
    """§3.3's select_edge, transcribed literally (conditions are only these simple forms)."""

    def holds(condition: str) -> bool:
        key, _, value = condition.partition("!=") if "!=" in condition else condition.partition("=")
        actual = outcome.status.value if key == "outcome" else context.get_string(key[8:])
        return (actual != value) if "!=" in condition else (actual == value)

    def best(candidates):
        return sorted(candidates, key=lambda e: (-e.weight, e.target))[0]

    if not edges:
        return None
    matched = [e for e in edges if e.condition and holds(e.condition)]
    if matched:
        return best(matched)
    if outcome.preferred_label:
        for e in edges:
            if not e.condition and normalize_label(e.label) == normalize_label(
                outcome.preferred_label
            ):
                return e
    for suggested in outcome.suggested_next_ids:
        for e in edges:
            if not e.condition and e.target == suggested:
                return e
    unconditional = [e for e in edges if not e.condition]
    return best(unconditional) if unconditional else None


edge = st.builds(
    lambda target, condition, label, weight: Edge(
        {k: v for k, v in {"condition": condition, "label": label, "weight": weight}.items() if v},
        source="n",
        target=target,
    ),
    st.sampled_from(TARGETS),
    st.sampled_from(CONDITIONS),
    st.sampled_from(LABELS),
    st.integers(-2, 3),
)
outcome = st.builds(
    lambda status, label, suggested: Outcome(
        status=status, preferred_label=label, suggested_next_ids=suggested
    ),
    st.sampled_from([StageStatus.SUCCESS, StageStatus.FAIL, StageStatus.PARTIAL_SUCCESS]),
    st.sampled_from(["", "yes", "No", "next", "other"]),
    st.lists(st.sampled_from(TARGETS), max_size=2),
)


@given(st.lists(edge, max_size=6), outcome, st.sampled_from(["on", "off", None]))
def test_edge_selection_agrees_with_the_spec_pseudocode(edges, result, flag):
    graph = Graph(name="G", nodes={"n": Node(id="n")}, edges=edges)
    context = Context({} if flag is None else {"flag": flag})
    chosen = select_edge(graph.nodes["n"], result, context, graph)
    assert chosen is reference(edges, result, context)


@st.composite
def layered_pipelines(draw):
    """A DAG of stages in layers, every stage on some path, with conditional and weighted edges."""
    layers = draw(st.lists(st.integers(1, 3), min_size=1, max_size=4))
    names = [[f"s{i}_{j}" for j in range(width)] for i, width in enumerate(layers)]
    graph = Graph(name="Gen", attrs={"goal": "generated"})
    for node_id, shape in (("start", "Mdiamond"), ("exit", "Msquare")):
        graph.add_node(Node({"shape": shape}, id=node_id))
    for layer in names:
        for node_id in layer:
            graph.add_node(Node({"prompt": node_id}, id=node_id))
    for source_layer, target_layer in zip([["start"], *names], [*names, ["exit"]], strict=True):
        for source in source_layer:
            for target in target_layer:
                attrs = {"weight": draw(st.integers(0, 2))}
                condition = draw(st.sampled_from(["", "", "outcome=success", "outcome=fail"]))
                if condition:
                    attrs["condition"] = condition
                graph.add_edge(Edge(attrs, source=source, target=target))
    stages = [node_id for layer in names for node_id in layer]
    statuses = {n: draw(st.sampled_from(["success", "success", "fail"])) for n in stages}
    return graph, statuses


@settings(max_examples=25, deadline=None)
@given(layered_pipelines())
def test_any_generated_pipeline_runs_along_its_own_edges_to_an_end(case):
    graph, statuses = case
    handler = Scripted({node: [status] for node, status in statuses.items()})
    with tempfile.TemporaryDirectory() as logs:
        result = engine_with(handler).run(graph, logs)
    path = result.completed_nodes
    assert path[0] == "start"
    edges = {(e.source, e.target) for e in graph.edges}
    assert all((a, b) in edges for a, b in itertools.pairwise(path))
    # §3.2 step 6: without a next edge the run ends; it succeeds only at the exit, and a stage
    # that did not fail but matched no edge stops the run rather than failing it
    assert result.succeeded == (path[-1] == "exit")
    assert result.stopped == (path[-1] != "exit" and statuses.get(path[-1]) != "fail")
