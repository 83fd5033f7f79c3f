"""Okta, Jira and Google steps act through the twins' public APIs; checks read them back."""

from __future__ import annotations

import pytest

from darkfactory.scenarios import parse, run

pytestmark = pytest.mark.slow

ACROSS_TWINS = """---
id: across-twins
title: An app assignment, a ticket and a plan, read back by checks
trials: 1
timeout: 40
universe: {fixtures: {slack: {users: 2, messages: 0}}}
actors:
  - name: it
    steps:
      - okta: {method: POST, path: /api/v1/groups, json: {profile: {name: Approvers}}}
        save_as: group
      - okta: {path: /api/v1/users/admin@example.com}
        save_as: admin
      - okta: {method: PUT, path: "/api/v1/groups/{{ group.id }}/users/{{ admin.id }}"}
      - okta:
          method: POST
          path: /api/v1/apps
          json: {name: bookmark, label: Payroll, signOnMode: BOOKMARK,
                 settings: {app: {requestIntegration: false, url: "https://payroll.example"}}}
        save_as: payroll
      - okta:
          {method: POST, path: "/api/v1/apps/{{ payroll.id }}/users", json: {id: "{{ admin.id }}"}}
  - name: requester
    steps:
      - jira:
          method: POST
          path: /rest/api/2/issue
          json:
            fields: {project: {key: DEMO}, summary: Access to Payroll, issuetype: {name: Task}}
        save_as: ticket
        name: filed
      - jira:
          {method: POST, path: "/rest/api/2/issue/{{ ticket.key }}/comment", json: {body: Please}}
      - jira: {path: "/rest/api/2/issue/{{ ticket.key }}/transitions"}
        save_as: moves
      - jira:
          method: POST
          path: "/rest/api/2/issue/{{ ticket.key }}/transitions"
          json: {transition: {id: "{{ moves.transitions[-1].id }}"}}
        save_as: moved
      - jira:
          as: guest@example.com
          allow_error: true
          method: POST
          path: /rest/api/2/issue
          json: {fields: {project: {key: DEMO}, summary: Not mine to file, issuetype: {name: Task}}}
        save_as: refused
  - name: planner
    after: [requester/filed]
    steps:
      - google:
          api: sheets
          version: v4
          call: spreadsheets.create
          args: {body: {properties: {title: Access plan}}}
        save_as: sheet
      - google:
          api: sheets
          version: v4
          call: spreadsheets.values.update
          args: {spreadsheetId: "{{ sheet.spreadsheetId }}", range: "A1:B1",
                 valueInputOption: RAW, body: {values: [["{{ ticket.key }}", approved]]}}
      - google: {api: docs, version: v1, call: documents.create, args: {body: {title: Minutes}}}
        save_as: doc
      - google:
          api: docs
          version: v1
          call: documents.batchUpdate
          args: {documentId: "{{ doc.documentId }}",
                 body: {requests: [{insertText: {location: {index: 1}, text: Approved.}}]}}
checks:
  - name: the admin is in Approvers and assigned Payroll
    code: |
      ("Approvers" in okta_groups("admin@example.com")
       and okta_app_users("Payroll") == ["admin@example.com"])
  - name: the ticket carries its comment and its transition
    code: |
      issue = jira_issue("{{ ticket.key }}")
      (issue["summary"] == "Access to Payroll" and issue["comments"][0]["body"] == "Please"
       and issue["transitions"][-1]["to"] == issue["status"]
       and issue["transitions"][-1]["by"] == "admin@example.com")
  - name: the ticket is found by JQL
    code: |
      [i["key"] for i in jira_issues("summary ~ 'Payroll'")] == ["{{ ticket.key }}"]
  - name: the guest could not file a ticket
    code: "len(jira_issues(\\"summary ~ 'Not mine'\\")) == 0"
  - name: the plan is in Drive, the sheet and the doc
    code: |
      names = [f["name"] for f in drive_files("name = 'Access plan'")]
      (names == ["Access plan"]
       and sheet_values("{{ sheet.spreadsheetId }}", "A1:B1") == [["{{ ticket.key }}", "approved"]]
       and "Approved." in doc_text("{{ doc.documentId }}"))
  - name: an unknown app is a failed lookup
    code: okta_app_users("Nope")
---
"""


@pytest.fixture(scope="module")
def trajectory():
    return run([parse(ACROSS_TWINS)], None).trajectories[0]


def test_twin_steps_act_and_lookups_read_them_back(trajectory):
    assert trajectory.error is None
    assert not [v for v in trajectory.verdicts if v.kind == "step"], trajectory.verdicts
    verdicts = {v.name: v for v in trajectory.verdicts}
    for name, verdict in verdicts.items():
        if name != "an unknown app is a failed lookup":
            assert verdict.passed, (name, verdict.reason)


def test_a_person_without_permission_is_refused_and_a_bad_lookup_fails(trajectory):
    refused = next(t for t in trajectory.turns if t["step"].get("save_as") == "refused")
    assert refused["error"] is None, "an allowed error is the step's answer"
    assert refused["result"]["errorMessages"] or refused["result"]["errors"], refused["result"]
    unknown = next(v for v in trajectory.verdicts if v.name == "an unknown app is a failed lookup")
    assert not unknown.passed and "no Okta app 'Nope'" in unknown.reason


def test_the_planner_waited_for_the_ticket(trajectory):
    filed = next(t for t in trajectory.turns if t["step"].get("name") == "filed")
    first_plan = next(t for t in trajectory.turns if t["actor"] == "planner")
    assert first_plan["at"] >= filed["at"] + filed["duration_ms"] / 1000 - 0.01


def test_okta_steps_are_the_admin_s_and_unknown_people_are_refused():
    scenario = parse("""---
id: who
title: Acting as someone unknown
trials: 1
timeout: 20
actors:
  - name: a
    steps:
      - okta: {path: /api/v1/users, as: alice@example.com}
  - name: b
    steps:
      - jira: {path: /rest/api/2/myself, as: nobody@example.com}
  - name: c
    steps:
      - google: {api: drive, version: v3, call: files.list, as: nobody@example.com}
checks: [{name: anything, code: "True"}]
---
""")
    trajectory = run([scenario], None).trajectories[0]
    reasons = {v.name: v.reason for v in trajectory.verdicts if v.kind == "step"}
    assert "made as the admin" in reasons["a, step 1 (okta)"]
    assert "no Jira user 'nobody@example.com'" in reasons["b, step 1 (jira)"]
    assert "no Google user 'nobody@example.com'" in reasons["c, step 1 (google)"]
    assert not trajectory.satisfied


FAULTS = """---
id: outage
title: An Okta outage, injected and cleared by the scenario
trials: 2
timeout: 20
actors:
  - name: it
    steps:
      - clock: {freeze: true, at: 1800000000}
      - clock: {advance: 3600}
        save_as: clock
      - fault: {inject: {twin: okta, operation: "*", kind: outage}}
        save_as: injected
      - okta: {path: /api/v1/users/admin@example.com, allow_error: true}
        save_as: during
      - fault: {clear: "{{ injected[0].id }}"}
      - okta: {path: /api/v1/users/admin@example.com}
        save_as: after
      - fault: {inject: {twin: nowhere, kind: outage}}
checks:
  - {name: the outage was seen, code: "'{{ during.errorCode }}' != ''"}
  - {name: and then it was over, code: "'{{ after.profile.login }}' == 'admin@example.com'"}
  - {name: the clock moved, code: "{{ clock.now }} >= 1800003600"}
---
"""


def test_fault_and_clock_steps_act_on_the_trial_s_own_universe():
    result = run([parse(FAULTS)], None, parallel=2)
    for trajectory in result.trajectories:
        verdicts = {v.name: v for v in trajectory.verdicts}
        for name in ("the outage was seen", "and then it was over", "the clock moved"):
            assert verdicts[name].passed, (name, verdicts[name].reason, trajectory.turns)
        (refused,) = [v for v in trajectory.verdicts if v.kind == "step"]
        assert refused.name == "it, step 7 (fault)" and "unknown twin 'nowhere'" in refused.reason
