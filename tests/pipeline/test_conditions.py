"""§11.9 Condition expressions: one test per checklist item, plus syntax errors and examples."""

from __future__ import annotations

import enum
from dataclasses import dataclass

import pytest

from darkfactory.pipeline.conditions import (
    ConditionSyntaxError,
    condition_error,
    evaluate_condition,
    parse_condition,
)


@dataclass
class Outcome:
    status: object = "success"
    preferred_label: str = ""


class Status(enum.Enum):
    SUCCESS = "success"
    FAIL = "fail"


class Context:
    """A context that only offers `get`, like the engine's."""

    def __init__(self, values: dict) -> None:
        self.values = values

    def get(self, key: str, default: object = None) -> object:
        return self.values.get(key, default)


def test_11_9_equals_operator_works_for_string_comparison() -> None:
    assert evaluate_condition("outcome=success", Outcome("success"), {})
    assert not evaluate_condition("outcome=success", Outcome("fail"), {})
    assert not evaluate_condition("outcome=Success", Outcome("success"), {})  # case-sensitive
    assert evaluate_condition('context.name="Ada Lovelace"', None, {"name": "Ada Lovelace"})


def test_11_9_not_equals_operator_works() -> None:
    assert evaluate_condition("outcome!=success", Outcome("fail"), {})
    assert not evaluate_condition("outcome!=success", Outcome("success"), {})
    assert evaluate_condition("context.loop_state!=exhausted", Outcome(), {})


def test_11_9_and_conjunction_works_with_multiple_clauses() -> None:
    expr = "outcome=success && context.tests_passed=true && preferred_label=Ship"
    context = {"tests_passed": True}
    assert evaluate_condition(expr, Outcome("success", "Ship"), context)
    assert not evaluate_condition(expr, Outcome("success", "Fix"), context)
    assert not evaluate_condition(expr, Outcome("fail", "Ship"), context)
    assert not evaluate_condition(expr, Outcome("success", "Ship"), {"tests_passed": False})


def test_11_9_outcome_variable_resolves_to_the_current_node_outcome_status() -> None:
    for status in ("success", "retry", "fail", "partial_success"):
        assert evaluate_condition(f"outcome={status}", Outcome(status), {})
    assert evaluate_condition("outcome=fail", Outcome(Status.FAIL), {})  # enum statuses too


def test_11_9_preferred_label_variable_resolves_to_the_outcome_preferred_label() -> None:
    assert evaluate_condition("preferred_label=Fix", Outcome(preferred_label="Fix"), {})
    assert not evaluate_condition("preferred_label=Fix", Outcome(preferred_label="Ship"), {})
    assert evaluate_condition(
        'preferred_label="[A] Approve"', Outcome(preferred_label="[A] Approve"), {}
    )


def test_11_9_context_variables_resolve_to_context_values_and_missing_keys_are_empty() -> None:
    context = Context({"context.plain": "a", "flag": "b", "n": 3, "deep.key": "x"})
    assert evaluate_condition("context.plain=a", None, context)  # full key
    assert evaluate_condition("context.flag=b", None, context)  # without the prefix
    assert evaluate_condition("context.n=3 && context.deep.key=x", None, context)
    assert evaluate_condition("flag=b", None, context)  # unqualified key
    assert not evaluate_condition("context.missing=x", None, context)
    assert evaluate_condition('context.missing=""', None, context)
    assert evaluate_condition("context.missing!=x", None, context)
    assert not evaluate_condition("context.missing", None, context)  # bare key: truthiness
    assert evaluate_condition("context.flag", None, context)


def test_11_9_empty_condition_always_evaluates_to_true() -> None:
    assert evaluate_condition("", Outcome("fail"), {})
    assert evaluate_condition("   ", None, None)
    assert parse_condition("").clauses == ()


@pytest.mark.parametrize(
    ("expr", "column"),
    [
        ("outcome==success", 9),
        ("outcome>1", 8),
        ("outcome=success || outcome=fail", 17),
        ("&& outcome=success", 1),
        ("outcome=", 9),
        ("outcome=success &&", 19),
        ('context.x="open', 11),
        ("outcome = success extra", 19),
    ],
)
def test_bad_syntax_is_reported_with_a_column(expr: str, column: int) -> None:
    error = condition_error(expr)
    assert error is not None and error.startswith(f"column {column}: ")
    with pytest.raises(ConditionSyntaxError):
        evaluate_condition(expr, Outcome(), {})


def test_quoted_literals_unescape() -> None:
    assert evaluate_condition(r'context.q="say \"hi\""', None, {"q": 'say "hi"'})
    assert evaluate_condition("context.v=1.5:rc-1", None, {"v": "1.5:rc-1"})
