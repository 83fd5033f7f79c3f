"""Setup steps that name the SUT's port run in each trial, with that trial's own port."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from darkfactory.scenarios import parse, run
from darkfactory.scenarios.setup import names_port, per_trial_from

SUT = f"{sys.executable} {Path(__file__).parent / 'hooks' / 'sut.py'}"

pytestmark = pytest.mark.slow


def scenario(events: str = '["jira:issue_created"]') -> str:
    return f"""---
id: hooked
title: A Jira webhook registered in setup reaches the SUT
trials: 2
timeout: 30
universe:
  fixtures: {{slack: {{users: 2, messages: 0}}}}
  setup:
    - jira: {{path: /rest/api/2/myself}}
      save_as: me
    - jira:
        method: POST
        path: /rest/webhooks/1.0/webhook
        json:
          name: "SUT of {{{{ me.displayName }}}}"
          url: "http://127.0.0.1:{{{{ sut.port }}}}/jira/hooks"
          events: {events}
      save_as: hook
actors:
  - name: reporter
    steps:
      - jira:
          method: POST
          path: /rest/api/2/issue
          json: {{fields: {{project: {{key: DEMO}}, summary: Printer on fire,
                           issuetype: {{name: Task}}}}}}
        save_as: issue
      - wait_for: {{check: "'hook /jira/hooks' in sut_output()", timeout: 10}}
checks:
  - name: the SUT heard of the new issue at its own port
    code: |
      heard = [line for line in sut_output().splitlines() if line.startswith("hook ")]
      (len(heard) == 1 and '"key": "{{{{ issue.key }}}}"' in heard[0]
       and "{{{{ hook.url }}}}".endswith(":{{{{ sut.port }}}}/jira/hooks"))
  - name: only the trial's own steps are in its journal
    code: |
      [r["path"] for r in journal("jira") if "webhook" in r["path"]] == []
---
"""


def test_a_step_names_the_port_through_its_templates():
    assert names_port({"jira": {"json": {"url": "http://127.0.0.1:{{ sut.port }}/x"}}})
    assert names_port({"http": {"path": "/{{ sut['port'] }}"}})
    assert not names_port({"slack": {"args": {"text": "{{ sut.slack_app.app_id }} support"}}})
    steps = [{"wait": 0}, {"http": {"path": "{{sut.port}}"}}, {"wait": 0}]
    assert per_trial_from(steps) == 1
    assert per_trial_from(steps[:1]) == 1


def test_each_trial_registers_its_own_port_and_its_sut_receives_the_webhook():
    result = run([parse(scenario())], SUT, parallel=2)
    for trajectory in result.trajectories:
        assert trajectory.satisfied, (trajectory.error, trajectory.verdicts)
    ports = {t.sut_output.split()[1] for t in result.trajectories}
    assert len(ports) == 2


def test_a_refused_per_trial_setup_step_errors_the_trial_and_names_it():
    result = run([parse(scenario('["jira:no_such_event"]'))], SUT)
    for trajectory in result.trajectories:
        assert trajectory.errored and not trajectory.satisfied
        assert "setup step 2" in trajectory.error
        assert "The event 'jira:no_such_event' is not supported." in trajectory.error
