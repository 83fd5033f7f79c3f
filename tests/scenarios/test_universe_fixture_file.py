"""A universe fixture file in _shared/ declares the company: people, groups, projects, channels."""

from __future__ import annotations

from pathlib import Path

import pytest

from darkfactory.scenarios import load, run
from darkfactory.scenarios.loader import ScenarioError

pytestmark = pytest.mark.slow

ACME = """
people:
  - {email: pat.lee@example.com, name: Pat Lee, title: Chief Executive Officer}
  - {email: sam.roe@example.com, name: Sam Roe, title: Head of Finance,
     department: Finance, manager: pat.lee@example.com}
  - {email: kim.day@example.com, name: Kim Day, title: Accountant,
     department: Finance, manager: sam.roe@example.com}
groups:
  - {name: Payroll Approvers, members: [sam.roe@example.com]}
projects:
  - {key: ACC, name: Access Requests, lead: sam.roe@example.com, members: [kim.day@example.com]}
channels:
  - {name: access-requests, members: [sam.roe@example.com, kim.day@example.com]}
"""

SCENARIO = """---
id: acme
title: The declared company's pieces are there, in every twin
trials: 1
timeout: 40
universe: {fixture: acme.yaml, fixtures: {slack: {users: 2, messages: 0}}}
actors:
  - name: kim
    steps:
      - jira: {method: POST, path: /rest/api/2/issue, as: kim.day@example.com,
               json: {fields: {project: {key: ACC}, summary: Payroll access,
                               issuetype: {name: Task}}}}
        save_as: ticket
      - jira: {method: POST, path: /rest/api/2/issue, as: pat.lee@example.com, allow_error: true,
               json: {fields: {project: {key: ACC}, summary: Not mine, issuetype: {name: Task}}}}
        save_as: refused
checks:
  - name: the approvers' group
    code: okta_groups("sam.roe@example.com") == ["Everyone", "Payroll Approvers"]
  - name: the channel's members
    code: |
      members = slack_members("access-requests")
      ("sam.roe@example.com" in members and "kim.day@example.com" in members
       and "pat.lee@example.com" not in members)
  - name: the project's member files into it; someone outside it may not
    code: |
      (jira_issue("{{ ticket.key }}")["reporter"] == "kim.day@example.com"
       and "{{ ticket.key }}".startswith("ACC-") and "errors" in {{ refused | tojson }})
  - name: the declared managers
    code: |
      (manager_of("kim.day@example.com") == "sam.roe@example.com"
       and reports_of("pat.lee@example.com") == ["sam.roe@example.com"])
  - name: only the declared people are the company
    code: person("pat.lee@example.com")["title"] == "Chief Executive Officer"
---
"""


def scenario_in(tmp_path: Path, fixture: str, text: str = SCENARIO) -> Path:
    (tmp_path / "_shared").mkdir()
    (tmp_path / "_shared" / "acme.yaml").write_text(fixture)
    path = tmp_path / "acme.md"
    path.write_text(text)
    return path


def test_the_declared_company_is_in_every_twin(tmp_path):
    trajectory = run([load(scenario_in(tmp_path, ACME))], None).trajectories[0]
    assert trajectory.error is None
    for verdict in trajectory.verdicts:
        assert verdict.passed, (verdict.name, verdict.reason)


def test_a_malformed_fixture_file_fails_loading_at_its_line(tmp_path):
    path = scenario_in(tmp_path, "people: [{email: x@example.com}]\n")
    with pytest.raises(ScenarioError) as error:
        load(path)
    assert error.value.line == 6 and "company.people[0]: missing ['name']" in error.value.message
    (tmp_path / "_shared" / "acme.yaml").write_text("people: [{email: x@example.com, name: X}]")
    with pytest.raises(ScenarioError, match="a first and a last name"):
        load(path)
    missing = tmp_path / "missing.md"
    missing.write_text(SCENARIO.replace("acme.yaml", "nope.yaml"))
    with pytest.raises(ScenarioError, match=r"no file 'nope\.yaml'"):
        load(missing)


def test_a_member_who_is_not_of_the_company_errors_the_scenario(tmp_path):
    stranger = ACME.replace("members: [sam.roe@example.com]}", "members: [eve@example.com]}")
    trajectory = run([load(scenario_in(tmp_path, stranger))], None).trajectories[0]
    assert trajectory.errored and "not of the company ['eve@example.com']" in trajectory.error
