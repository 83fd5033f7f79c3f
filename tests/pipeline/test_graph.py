"""The graph model's typed accessors: defaults, shape-to-handler mapping, inheritance, coercion."""

from __future__ import annotations

import pytest

from darkfactory.pipeline.graph import (
    SHAPE_TO_HANDLER_TYPE,
    Duration,
    Edge,
    Node,
    parse_duration,
)
from darkfactory.pipeline.parser import parse_dot


@pytest.mark.parametrize(("shape", "handler_type"), sorted(SHAPE_TO_HANDLER_TYPE.items()))
def test_shape_maps_to_handler_type(shape: str, handler_type: str) -> None:
    assert Node({"shape": shape}, "n").handler_type == handler_type


def test_explicit_type_wins_and_unknown_shapes_fall_back_to_codergen() -> None:
    assert Node({"shape": "hexagon", "type": "tool"}, "n").handler_type == "tool"
    assert Node({"shape": "ellipse"}, "n").handler_type == "codergen"
    assert Node({}, "n").shape == "box"


def test_node_defaults_follow_appendix_a() -> None:
    node = Node({}, "plan")
    assert node.label == "plan" and node.prompt == "" and node.type == ""
    assert node.max_retries is None and node.goal_gate is False
    assert node.reasoning_effort == "high" and node.timeout is None
    assert node.auto_status is False and node.allow_partial is False and node.classes == []
    edge = Edge({}, "a", "b")
    assert (edge.label, edge.condition, edge.weight, edge.loop_restart) == ("", "", 0, False)


def test_max_retries_inherit_the_graph_default() -> None:
    graph = parse_dot(
        'digraph G { default_max_retries=2; a; b [max_retries="5"]; c [max_retries=0] }'
    )
    assert [graph.max_retries_for(graph.node(n)) for n in "abc"] == [2, 5, 0]


def test_values_coerce_whether_quoted_or_bare() -> None:
    graph = parse_dot(
        'digraph G { a [goal_gate="true", timeout="2h"]; b [goal_gate=true, timeout=2h] }'
    )
    a, b = graph.node("a"), graph.node("b")
    assert a.goal_gate is b.goal_gate is True
    assert a.timeout == b.timeout == Duration("2h") and a.timeout.seconds == 7200


def test_parse_duration_accepts_literals_strings_and_seconds() -> None:
    assert parse_duration("250ms").milliseconds == 250
    assert parse_duration(45).seconds == 45 and parse_duration("45").seconds == 45
    assert parse_duration(None) is None and parse_duration("") is None
    with pytest.raises(ValueError):
        parse_duration("soon")


def test_start_and_exit_lookup_and_edge_lookups() -> None:
    graph = parse_dot(
        "digraph G { begin [shape=Mdiamond]; done [shape=Msquare]; begin -> x -> done }"
    )
    assert graph.start_node().id == "begin" and graph.exit_node().id == "done"
    assert [e.target for e in graph.outgoing_edges("begin")] == ["x"]
    assert [e.source for e in graph.incoming_edges("done")] == ["x"]
    by_id = parse_dot("digraph G { start -> end }")
    assert by_id.start_node().id == "start" and by_id.exit_node().id == "end"
    assert by_id.is_exit_node(by_id.node("end"))


def test_edge_lookups_follow_every_change_to_the_edge_list() -> None:
    graph = parse_dot("digraph G { a -> b; b -> c }")
    assert [e.target for e in graph.outgoing_edges("a")] == ["b"]
    graph.edges.append(Edge({}, "a", "c"))
    assert [e.target for e in graph.outgoing_edges("a")] == ["b", "c"]
    graph.edges[0] = Edge({}, "a", "d")
    assert [e.target for e in graph.outgoing_edges("a")] == ["d", "c"]
    graph.edges.insert(0, Edge({}, "c", "a"))
    assert [e.source for e in graph.incoming_edges("a")] == ["c"]
    del graph.edges[0]
    assert graph.incoming_edges("a") == []
    graph.edges = [e for e in graph.edges if e.target != "c"]
    assert [e.target for e in graph.outgoing_edges("a")] == ["d"]
    copied = graph.copy()
    copied.edges.clear()
    assert copied.outgoing_edges("a") == [] and len(graph.outgoing_edges("a")) == 1
    assert copied != graph and graph.copy() == graph
