"""A scenario's company: its people act in every twin, and checks read the directory from Okta."""

from __future__ import annotations

import pytest

from darkfactory.scenarios import parse, run
from darkfactory.twins.kit.company import people

pytestmark = pytest.mark.slow

COMPANY = people(7, 8)
HEAD = COMPANY[1]
REPORTS = sorted(p.email for p in COMPANY if p.manager == HEAD.email)

SCENARIO = f"""---
id: company
title: The company's people act in Slack and Jira; checks ask who manages whom
trials: 1
timeout: 40
universe: {{seed: 7, fixtures: {{company: {{people: 8}}, slack: {{users: 2, messages: 0}}}}}}
actors:
  - name: report
    steps:
      - slack: {{method: chat.postMessage, as: {REPORTS[0]},
                args: {{channel: "#general", text: "Could I get access to Payroll?"}}}}
      - jira:
          method: POST
          path: /rest/api/2/issue
          as: {REPORTS[0]}
          json: {{fields: {{project: {{key: DEMO}}, summary: Payroll access,
                           issuetype: {{name: Task}}}}}}
        save_as: ticket
checks:
  - name: the manager is the head of the department
    code: manager_of("{REPORTS[0]}") == "{HEAD.email}" and manager_of("{COMPANY[0].email}") is None
  - name: the head's reports
    code: reports_of("{HEAD.email}") == {REPORTS!r}
  - name: a person as the directory has them
    code: |
      p = person("{HEAD.email}")
      (p["name"], p["title"], p["manager"]) == ("{HEAD.name}", "{HEAD.title}", "{COMPANY[0].email}")
  - name: nobody is nobody
    code: person("nobody@example.com") is None
  - name: the ticket is the report's
    code: jira_issue("{{{{ ticket.key }}}}")["reporter"] == "{REPORTS[0]}"
  - name: the message is the report's
    code: slack_messages("general")[-1]["email"] == "{REPORTS[0]}"
  - name: asking for the manager of a stranger is a failed lookup
    code: manager_of("nobody@example.com")
---
"""


def test_the_company_acts_and_checks_read_its_directory():
    trajectory = run([parse(SCENARIO)], None).trajectories[0]
    assert trajectory.error is None
    verdicts = {v.name: v for v in trajectory.verdicts}
    stranger = verdicts.pop("asking for the manager of a stranger is a failed lookup")
    assert not stranger.passed and "no person 'nobody@example.com' in Okta" in stranger.reason
    for name, verdict in verdicts.items():
        assert verdict.passed, (name, verdict.reason)
