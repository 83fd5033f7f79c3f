"""The access-request example: a Slack approval flow over Okta and Jira, judged by its scenarios."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from darkfactory.scenarios import load_dir, parse, run

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "access-requests"
SUT = f"{sys.executable} {EXAMPLE / 'app.py'}"

pytestmark = pytest.mark.slow


def test_the_bot_satisfies_its_scenarios_and_the_broken_variant_scores_lower():
    scenarios = load_dir(EXAMPLE / "scenarios")
    assert {s.id for s in scenarios} == {"approve", "deny", "only-the-manager", "two-at-once"}
    for scenario in scenarios:
        assert scenario.sut.slack_app is not None and "okta.api_token" in scenario.sut.grant
        assert not any("sql(" in c.code for c in scenario.checks)
    good = run(scenarios, SUT, trials=1, parallel=2)
    broken = run(scenarios, f"{SUT} --broken", trials=1, parallel=2)
    reasons = {
        t.scenario: (t.error, [v.reason for v in t.verdicts if not v.passed])
        for t in good.trajectories
    }
    assert good.overall.satisfaction == 1.0, reasons
    approve = next(t for t in good.trajectories if t.scenario == "approve")
    journaled = {(r["operation"], r["status"]) for r in approve.requests if r["twin"] == "slack"}
    assert {("client.commands", 200), ("client.actions", 200)} <= journaled
    assert broken.overall.satisfaction <= 0.5
    failed = {t.scenario for t in broken.trajectories if not t.satisfied}
    assert {"deny", "only-the-manager"} <= failed


def test_person_steps_refuse_what_the_client_would_refuse():
    scenario = parse("""---
id: refusals
title: Commands nobody registered, modals nobody opened
trials: 1
timeout: 20
universe: {fixtures: {slack: {users: 2, messages: 0}}}
actors:
  - name: a
    steps:
      - slack_command: {as: admin@example.com, channel: "#general", command: /nope}
  - name: b
    steps:
      - slack_view: {as: admin@example.com, values: {}}
  - name: c
    steps:
      - slack_action: {as: admin@example.com, channel: "#nowhere", action_id: approve}
checks: [{name: anything, code: "True"}]
---
""")
    trajectory = run([scenario], None).trajectories[0]
    reasons = {v.name: v.reason for v in trajectory.verdicts if v.kind == "step"}
    assert "unknown_command" in reasons["a, step 1 (slack_command)"]
    assert "no open modal" in reasons["b, step 1 (slack_view)"]
    assert "sees no channel '#nowhere'" in reasons["c, step 1 (slack_action)"]
