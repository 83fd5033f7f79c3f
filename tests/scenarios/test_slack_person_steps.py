"""The Slack person steps beyond clicks and commands: shortcuts (global and message), choices in
select menus (an external one's options loaded by typing), actions inside a modal and closing
one, each done as the named person through the web client's path, against a bolt app over
Socket Mode."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from darkfactory.scenarios import parse, run

SUT = f"{sys.executable} {Path(__file__).parent / 'desk' / 'sut.py'}"
ADMIN = "admin@example.com"

pytestmark = pytest.mark.slow

SCENARIO = f"""---
id: helpdesk
title: A person files a ticket through a shortcut, a modal and a service picker
trials: 1
timeout: 40
universe:
  fixtures: {{slack: {{users: 2, messages: 0}}}}
sut:
  slack_app:
    name: Desk
    socket_mode: true
    interactivity: true
    shortcuts:
      - {{name: New ticket, type: global, callback_id: new_ticket}}
      - {{name: File this, type: message, callback_id: file_message}}
actors:
  - name: person
    steps:
      - wait_for: {{check: 'any(m["text"] == "Which service?" for m in slack_messages("general"))'}}
      - slack_action:
          as: {ADMIN}
          channel: "#general"
          action_id: find_service
          search: bil
          selected: billing
      - slack_shortcut: {{as: {ADMIN}, callback_id: new_ticket}}
      - slack_action: {{as: {ADMIN}, in_modal: true, action_id: pick_kind, selected: bug}}
      - slack_view: {{as: {ADMIN}, values: {{what: {{text: printer on fire}}}}}}
      - slack_shortcut: {{as: {ADMIN}, callback_id: new_ticket}}
      - slack_view: {{as: {ADMIN}, action: close}}
      - slack_shortcut: {{as: {ADMIN}, callback_id: file_message, channel: "#general"}}
      - wait_for:
          check: 'any(m["text"].startswith("filed message") for m in slack_messages("general"))'
checks:
  - name: every step reached the app
    code: |
      texts = [m["text"] for m in slack_messages("general")]
      all(t in texts for t in ["service: billing", "kind: bug in view",
          "ticket (bug): printer on fire", "ticket form closed"])
  - name: the person's steps were journaled as the client's
    code: |
      [e["status"] for e in journal("slack", "client.shortcuts")] == [200, 200, 200]
---
"""


def test_shortcuts_choices_and_modal_steps_reach_the_app():
    trajectory = run([parse(SCENARIO)], SUT).trajectories[0]
    failed = [(v.name, v.reason) for v in trajectory.verdicts if not v.passed]
    assert trajectory.satisfied, (failed, trajectory.error, trajectory.sut_output[-2000:])


def test_the_new_steps_refuse_what_the_client_would_refuse():
    scenario = parse(f"""---
id: refusals
title: Shortcuts nobody defined, modals nobody opened
trials: 1
timeout: 20
universe: {{fixtures: {{slack: {{users: 2, messages: 0}}}}}}
actors:
  - name: a
    steps:
      - slack_shortcut: {{as: {ADMIN}, callback_id: launch}}
  - name: b
    steps:
      - slack_view: {{as: {ADMIN}, action: close}}
  - name: c
    steps:
      - slack_view: {{as: {ADMIN}, action: dismiss}}
  - name: d
    steps:
      - slack_action: {{as: {ADMIN}, in_modal: true, action_id: pick, selected: x}}
checks: [{{name: anything, code: "True"}}]
---
""")
    trajectory = run([scenario], None).trajectories[0]
    reasons = {v.name: v.reason for v in trajectory.verdicts if v.kind == "step"}
    assert "shortcut_not_found" in reasons["a, step 1 (slack_shortcut)"]
    assert "no open modal" in reasons["b, step 1 (slack_view)"]
    assert "submit or close" in reasons["c, step 1 (slack_view)"]
    assert "no open modal" in reasons["d, step 1 (slack_action)"]
