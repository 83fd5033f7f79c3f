"""Checks run in Monty: escape attempts and runaway code end as clear failing verdicts."""

from __future__ import annotations

import pytest

from darkfactory.scenarios import parse, run
from darkfactory.scenarios.llm_actor import KICKOFF
from darkfactory.scenarios.trial import NO_JUDGE

TEMPLATE = """---
id: sandboxed
title: Checks that misbehave
trials: 1
timeout: 20
universe: {{fixtures: {{slack: {{users: 2, messages: 0}}}}}}
checks:
  - name: probe
    code: |
{code}
---
"""


def verdict_for(code: str):
    body = "\n".join(f"      {line}" for line in code.splitlines())
    scenario = parse(TEMPLATE.format(code=body))
    trajectory = run([scenario], None).trajectories[0]
    assert trajectory.error is None
    return trajectory.verdicts[0]


@pytest.mark.parametrize(
    "code, error",
    [
        ("open('/etc/passwd').read()", "PermissionError"),
        ("import subprocess", "ModuleNotFoundError"),
        ("import socket\nsocket.socket()", "ModuleNotFoundError"),
        ("while True:\n    pass", "TimeoutError"),
        ("x = [0] * (10 ** 10)", "MemoryError"),
        ("sql('DELETE FROM slack_users')", "SELECT queries only"),
        ("slack_messages('no-such-channel')", "no Slack channel"),
    ],
)
def test_misbehaving_check_is_stopped_with_a_clear_verdict(code, error):
    verdict = verdict_for(code)
    assert verdict.passed is False
    assert error in verdict.reason


def test_capabilities_see_the_universe_read_only():
    verdict = verdict_for(
        "users = sql('SELECT email FROM slack_users WHERE email IS NOT NULL')\n"
        "len(users) >= 3 and slack_user('admin@example.com')['is_admin']"
    )
    assert verdict.passed, verdict.reason


def test_falsy_predicate_fails_with_its_value():
    verdict = verdict_for("len(journal()) > 0")
    assert verdict.passed is False
    assert verdict.reason == "predicate was False"


def test_an_llm_actor_on_the_echo_model_ends_without_acting_and_an_unmodelled_judge_is_noted():
    scenario = parse("""---
id: needs-a-model
title: A simulated user
trials: 1
timeout: 10
universe: {fixtures: {slack: {users: 2, messages: 0}}}
actors:
  - {name: newbie, kind: llm, persona: New hire, goal: Say hello}
checks: [{name: anything, code: "True"}]
judge: {criteria: The newbie felt welcome.}
---
""")
    trajectory = run([scenario], None).trajectories[0]
    first, last = trajectory.turns
    assert first["text"] == KICKOFF and first["tool_calls"] == []
    assert last == {"actor": "newbie", "finished": None}
    assert trajectory.notes == [NO_JUDGE]
    assert trajectory.satisfied, "the check holds and no judge ran"
