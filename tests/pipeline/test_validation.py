"""§11.2 Validation and linting: one test per checklist item, plus the other §7.2 rules."""

from __future__ import annotations

import pytest

from darkfactory.pipeline import validation
from darkfactory.pipeline.graph import Edge, Graph, Node
from darkfactory.pipeline.parser import parse_dot
from darkfactory.pipeline.validation import (
    Diagnostic,
    Severity,
    ValidationError,
    lint_rule,
    register_handler_type,
    validate,
    validate_or_raise,
)


def lint(body: str, **graph_attrs: str) -> list[Diagnostic]:
    attrs = ", ".join(f'{k}="{v}"' for k, v in graph_attrs.items())
    head = f"graph [{attrs}]" if attrs else ""
    return validate(parse_dot(f"digraph G {{ {head}\n{body}\n}}"))


def by_rule(diagnostics: list[Diagnostic], rule: str) -> list[Diagnostic]:
    return [d for d in diagnostics if d.rule == rule]


VALID = """
start [shape=Mdiamond]
exit [shape=Msquare]
work [prompt="Do the work"]
start -> work -> exit
"""


def test_a_well_formed_pipeline_has_no_diagnostics() -> None:
    assert lint(VALID) == []


def test_11_2_exactly_one_start_node_is_required() -> None:
    missing = by_rule(lint('exit [shape=Msquare]\nw [prompt="p"]\nw -> exit'), "start_node")
    assert [d.severity for d in missing] == [Severity.ERROR]
    two = by_rule(lint(VALID + "again [shape=Mdiamond]\nagain -> work"), "start_node")
    assert [(d.severity, d.node_id) for d in two] == [(Severity.ERROR, "again")]
    by_id = lint('Start\nexit [shape=Msquare]\nw [prompt="p"]\nStart -> w -> exit')
    assert by_rule(by_id, "start_node") == []


def test_11_2_exactly_one_exit_node_is_required() -> None:
    missing = by_rule(lint('start [shape=Mdiamond]\nw [prompt="p"]\nstart -> w'), "terminal_node")
    assert [d.severity for d in missing] == [Severity.ERROR]
    two = by_rule(lint(VALID + "other [shape=Msquare]\nwork -> other"), "terminal_node")
    assert [(d.severity, d.node_id) for d in two] == [(Severity.ERROR, "other")]
    by_id = lint('start [shape=Mdiamond]\nw [prompt="p"]\nend\nstart -> w -> end')
    assert by_rule(by_id, "terminal_node") == []


def test_11_2_start_node_has_no_incoming_edges() -> None:
    found = by_rule(lint(VALID + "work -> start"), "start_no_incoming")
    assert [(d.severity, d.edge) for d in found] == [(Severity.ERROR, ("work", "start"))]


def test_11_2_exit_node_has_no_outgoing_edges() -> None:
    found = by_rule(lint(VALID + "exit -> work"), "exit_no_outgoing")
    assert [(d.severity, d.edge) for d in found] == [(Severity.ERROR, ("exit", "work"))]


def test_11_2_all_nodes_are_reachable_from_start() -> None:
    found = by_rule(lint(VALID + 'orphan [prompt="p"]\norphan -> exit'), "reachability")
    assert [(d.severity, d.node_id) for d in found] == [(Severity.ERROR, "orphan")]
    assert (found[0].line, found[0].column) == (7, 1)  # where orphan is declared


def test_11_2_all_edges_reference_valid_node_ids() -> None:
    graph = parse_dot(f"digraph G {{ {VALID} }}")
    graph.edges.append(Edge({}, "work", "ghost"))  # e.g. left behind by a transform
    found = by_rule(validate(graph), "edge_target_exists")
    assert [(d.severity, d.edge) for d in found] == [(Severity.ERROR, ("work", "ghost"))]
    assert "ghost" in found[0].message


def test_11_2_codergen_nodes_without_prompt_get_a_warning() -> None:
    found = by_rule(lint(VALID + 'bare\nlabelled [label="Plan"]\nwork -> bare -> labelled'),
                    "prompt_on_llm_nodes")  # fmt: skip
    assert [(d.severity, d.node_id) for d in found] == [
        (Severity.WARNING, "bare"),
        (Severity.WARNING, "labelled"),
    ]
    assert "label will be used" in found[1].message
    gates = lint(VALID + "gate [shape=diamond]\nwork -> gate -> exit")
    assert by_rule(gates, "prompt_on_llm_nodes") == []  # not an LLM node


def test_11_2_condition_expressions_on_edges_parse_without_errors() -> None:
    ok = lint(VALID + 'work -> exit [condition="outcome=success && context.x!=1"]')
    assert by_rule(ok, "condition_syntax") == []
    found = by_rule(lint(VALID + 'work -> exit [condition="outcome==success"]'), "condition_syntax")
    assert [(d.severity, d.edge) for d in found] == [(Severity.ERROR, ("work", "exit"))]
    assert "column 9" in found[0].message


def test_11_2_validate_or_raise_throws_on_error_severity_violations() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_or_raise(parse_dot("digraph G { a -> b }"))
    rules = {d.rule for d in caught.value.diagnostics if d.severity is Severity.ERROR}
    assert {"start_node", "terminal_node"} <= rules
    assert "start_node" in str(caught.value)
    warnings_only = parse_dot(f"digraph G {{ {VALID} extra\nwork -> extra -> exit }}")
    assert [d.rule for d in validate_or_raise(warnings_only)] == ["prompt_on_llm_nodes"]


def test_11_2_lint_results_include_rule_severity_node_or_edge_and_message() -> None:
    diagnostics = lint(VALID + 'orphan\nwork -> exit [condition="&&"]')
    orphan = next(d for d in diagnostics if d.rule == "reachability")
    assert (orphan.severity, orphan.node_id, orphan.edge) == (Severity.ERROR, "orphan", None)
    assert orphan.message and orphan.fix
    condition = next(d for d in diagnostics if d.rule == "condition_syntax")
    assert (condition.severity, condition.edge, condition.node_id) == (
        Severity.ERROR,
        ("work", "exit"),
        None,
    )
    assert condition.message


def test_stylesheet_syntax_is_an_error() -> None:
    found = by_rule(lint(VALID, model_stylesheet="* { llm_model gpt }"), "stylesheet_syntax")
    assert [d.severity for d in found] == [Severity.ERROR]
    assert "line 1, column 15" in found[0].message


def test_type_known_warns_for_unregistered_types_until_registered(monkeypatch) -> None:
    monkeypatch.setattr(validation, "KNOWN_HANDLER_TYPES", set(validation.KNOWN_HANDLER_TYPES))
    body = VALID + 'custom [type="audit.log", prompt="p"]\nwork -> custom -> exit'
    assert [d.severity for d in by_rule(lint(body), "type_known")] == [Severity.WARNING]
    register_handler_type("audit.log")
    assert by_rule(lint(body), "type_known") == []


def test_fidelity_valid_checks_graph_node_and_edge() -> None:
    body = VALID.replace('work [prompt="Do the work"]', 'work [prompt="p", fidelity="huge"]')
    body += 'work -> exit [fidelity="summary:high"]\nstart -> exit [fidelity="partial"]'
    found = by_rule(lint(body, default_fidelity="tiny"), "fidelity_valid")
    assert [(d.severity, d.node_id, d.edge) for d in found] == [
        (Severity.WARNING, None, None),
        (Severity.WARNING, "work", None),
        (Severity.WARNING, None, ("start", "exit")),
    ]


def test_retry_targets_must_exist_and_goal_gates_want_one() -> None:
    body = VALID + 'gate [prompt="p", goal_gate=true]\nwork -> gate -> exit\n'
    body += 'lost [prompt="p", retry_target="nowhere"]\nwork -> lost -> exit'
    found = lint(body)
    assert [d.node_id for d in by_rule(found, "retry_target_exists")] == ["lost"]
    assert [d.node_id for d in by_rule(found, "goal_gate_has_retry")] == ["gate"]
    with_graph_target = lint(body, retry_target="work")
    assert by_rule(with_graph_target, "goal_gate_has_retry") == []


def test_custom_lint_rules_run_after_the_built_in_ones() -> None:
    @lint_rule("no_tools")
    def no_tools(graph: Graph):
        for node in graph.nodes.values():
            if node.handler_type == "tool":
                yield Diagnostic("no_tools", Severity.ERROR, "tools are banned", node.id)

    graph = parse_dot(f"digraph G {{ {VALID} t [shape=parallelogram]\nwork -> t -> exit }}")
    diagnostics = validate(graph, extra_rules=[no_tools])
    assert diagnostics[-1] == Diagnostic("no_tools", Severity.ERROR, "tools are banned", "t")
    with pytest.raises(ValidationError):
        validate_or_raise(graph, extra_rules=[no_tools])


def test_rules_work_on_graphs_built_in_code() -> None:
    graph = Graph(name="G")
    for node in (Node({"shape": "Mdiamond"}, "s"), Node({"shape": "Msquare"}, "e")):
        graph.add_node(node)
    graph.add_edge(Edge({}, "s", "e"))
    assert validate(graph) == []


COVERAGE = """
start [shape=Mdiamond]
exit [shape=Msquare]
work [prompt="Do the work"{attrs}]
fix [prompt="Fix it"]
start -> work
{edges}
fix -> exit
"""


def coverage(edges: str, attrs: str = "") -> list[str]:
    found = by_rule(lint(COVERAGE.format(edges=edges, attrs=attrs)), "outcome_coverage")
    assert all(d.severity is Severity.WARNING and d.node_id == "work" for d in found)
    return [d.message for d in found]


def test_a_node_whose_conditions_miss_success_and_has_no_plain_edge_is_warned_about() -> None:
    (message,) = coverage('work -> fix [condition="outcome=fail"]')
    assert "matches outcome 'success'" in message and "would stop there" in message
    (message,) = coverage('work -> fix [condition="outcome!=success && context.x=1"]')
    assert "'success'" in message


def test_a_node_allowed_partial_success_needs_an_edge_for_it_too() -> None:
    edges = 'work -> exit [condition="outcome=success"]\nwork -> fix [condition="outcome=fail"]'
    assert coverage(edges) == []
    (message,) = coverage(edges, attrs=", allow_partial=true")
    assert "matches outcome 'partial_success'" in message


def test_a_node_without_outgoing_edges_is_warned_about() -> None:
    (message,) = coverage("")
    assert "has no outgoing edge" in message


def test_covered_outcomes_an_unconditional_edge_or_context_conditions_raise_no_warning() -> None:
    assert coverage('work -> exit [condition="outcome=success"]') == []
    assert coverage('work -> fix [condition="outcome=fail"]\nwork -> exit') == []
    # a context clause may go either way, so only the run can tell
    assert coverage('work -> exit [condition="context.ready=true"]') == []
    assert coverage('work -> exit [condition="outcome!=fail"]') == []
