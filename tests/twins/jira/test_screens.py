"""Screens through both SDKs: screens, tabs and tab fields, screen schemes and issue type screen
schemes, all the site administrator's to change; the screen a project's scheme gives an issue
type decides which fields creating and editing take, and what create and edit meta list."""

from __future__ import annotations

import pytest
import requests
from jira import JIRAError
from tests.twins.jira.conftest import doc

OFF_SCREEN = "Field '{}' cannot be set. It is not on the appropriate screen, or unknown."
NOT_ADMIN = "You are not authorized to perform this action. Administrator privileges are required."
TEXT = "com.atlassian.jira.plugin.system.customfieldtypes:textfield"


def refused(attempt) -> tuple[int, dict]:
    with pytest.raises((JIRAError, requests.HTTPError)) as caught:
        attempt()
    return caught.value.response.status_code, caught.value.response.json()


def test_a_fresh_site_has_the_default_screens(atlassian_jira):
    screens = {s["name"]: s for s in atlassian_jira.get_all_screens()["values"]}
    assert {"Default Screen", "Resolve Issue Screen", "Workflow Screen"} <= set(screens)
    default = screens["Default Screen"]["id"]
    fields = [f["id"] for f in atlassian_jira.get_all_screen_fields(default)]
    assert fields[:3] == ["summary", "issuetype", "reporter"] and "customfield_10002" in fields
    assert "resolution" not in fields
    (scheme,) = atlassian_jira.get("rest/api/3/screenscheme")["values"]
    assert scheme["name"] == "Default Screen Scheme" and scheme["screens"] == {"default": default}


def test_tabs_and_their_fields_are_arranged_by_the_administrator(atlassian_jira):
    screen = atlassian_jira.post(
        "rest/api/3/screens", data={"name": "Triage", "description": "For triage"}
    )
    assert screen["name"] == "Triage" and screen["description"] == "For triage"
    sid = screen["id"]
    (first,) = atlassian_jira.get_screen_tabs(sid)
    assert first["name"] == "Field Tab"
    second = atlassian_jira.post(f"rest/api/3/screens/{sid}/tabs", data={"name": "More"})
    atlassian_jira.put(f"rest/api/3/screens/{sid}/tabs/{second['id']}", data={"name": "Extra"})
    atlassian_jira.post(f"rest/api/3/screens/{sid}/tabs/{second['id']}/move/0")
    assert [t["name"] for t in atlassian_jira.get_screen_tabs(sid)] == ["Extra", "Field Tab"]
    for field in ("summary", "priority", "labels"):
        atlassian_jira.add_field(field, sid, first["id"])
    tab_fields = f"rest/api/3/screens/{sid}/tabs/{first['id']}/fields"
    atlassian_jira.post(f"{tab_fields}/labels/move", data={"position": "First"})
    atlassian_jira.post(f"{tab_fields}/summary/move", data={"after": "priority"})
    assert [f["id"] for f in atlassian_jira.get_screen_tab_fields(sid, first["id"])] == [
        "labels",
        "priority",
        "summary",
    ]
    status, body = refused(lambda: atlassian_jira.add_field("labels", sid, second["id"]))
    assert status == 400 and body["errorMessages"] == [
        "The field 'labels' is already present on the screen."
    ]
    atlassian_jira.delete(f"{tab_fields}/priority")
    available = {f["id"] for f in atlassian_jira.get_all_available_screen_fields(sid)}
    assert "priority" in available and "labels" not in available and "status" not in available
    atlassian_jira.delete(f"rest/api/3/screens/{sid}/tabs/{second['id']}")
    status, body = refused(
        lambda: atlassian_jira.delete(f"rest/api/3/screens/{sid}/tabs/{first['id']}")
    )
    assert status == 400 and body["errorMessages"] == ["A screen must have at least one tab."]
    renamed = atlassian_jira.put(f"rest/api/3/screens/{sid}", data={"name": "Triage v2"})
    assert renamed["name"] == "Triage v2" and renamed["description"] == "For triage"
    atlassian_jira.delete(f"rest/api/3/screens/{sid}")
    assert refused(lambda: atlassian_jira.get_screen_tabs(sid))[0] == 404


def test_screens_are_changed_only_by_the_site_administrator(atlassian_jira, atlassian_jira_for):
    grace = atlassian_jira_for("grace@example.com")
    tab = atlassian_jira.get_screen_tabs(1)[0]["id"]
    attempts = [
        lambda: grace.post("rest/api/3/screens", data={"name": "Mine"}),
        lambda: grace.get("rest/api/3/screens"),
        lambda: grace.add_field("resolution", 1, tab),
        lambda: grace.delete(f"rest/api/3/screens/1/tabs/{tab}/fields/summary"),
        lambda: grace.post(
            "rest/api/3/screenscheme", data={"name": "S", "screens": {"default": 1}}
        ),
        lambda: grace.put(
            "rest/api/3/issuetypescreenscheme/project",
            data={"issueTypeScreenSchemeId": "1", "projectId": "10000"},
        ),
    ]
    for attempt in attempts:
        assert refused(attempt) == (403, {"errorMessages": [NOT_ADMIN], "errors": {}})
    assert "summary" in {f["id"] for f in atlassian_jira.get_screen_tab_fields(1, tab)}
    assert [s["name"] for s in atlassian_jira.get_all_screens()["values"]].count("Mine") == 0


def test_a_project_administrator_reads_the_tabs_of_its_screens(atlassian_jira, atlassian_jira_for):
    linus = atlassian_jira_for("linus@example.com")
    ops = atlassian_jira.get_project("OPS")
    lead = atlassian_jira_for(
        next(
            u
            for u in atlassian_jira.user_find_by_user_string(query="@example.com")
            if u["accountId"] == ops["lead"]["accountId"]
        )["emailAddress"]
    )
    tabs = lead.get("rest/api/3/screens/1/tabs", params={"projectKey": "OPS"})
    assert [t["name"] for t in tabs] == ["Field Tab"]
    assert (
        refused(lambda: linus.get("rest/api/3/screens/1/tabs", params={"projectKey": "OPS"}))[0]
        == 403
    )
    assert (
        refused(lambda: lead.get("rest/api/3/screens/2/tabs", params={"projectKey": "OPS"}))[0]
        == 403
    )


def _narrow_screen(atlassian_jira, name: str, fields: list[str]) -> int:
    screen = atlassian_jira.post("rest/api/3/screens", data={"name": name})
    tab = atlassian_jira.get_screen_tabs(screen["id"])[0]["id"]
    for field in fields:
        atlassian_jira.add_field(field, screen["id"], tab)
    return screen["id"]


def test_the_scheme_screen_decides_what_create_and_edit_take(jira_client, atlassian_jira):
    bug_create = _narrow_screen(
        atlassian_jira, "Bug create", ["summary", "issuetype", "description", "customfield_10002"]
    )
    scheme = atlassian_jira.post(
        "rest/api/3/screenscheme",
        data={"name": "Bugs", "screens": {"default": 1, "create": bug_create}},
    )
    types = {t.name: t.id for t in jira_client.project("DEMO").issueTypes}
    its = atlassian_jira.post(
        "rest/api/3/issuetypescreenscheme",
        data={
            "name": "Demo screens",
            "issueTypeMappings": [
                {"issueTypeId": "default", "screenSchemeId": "1"},
                {"issueTypeId": types["Bug"], "screenSchemeId": str(scheme["id"])},
            ],
        },
    )
    demo = jira_client.project("DEMO").id
    atlassian_jira.put(
        "rest/api/3/issuetypescreenscheme/project",
        data={"issueTypeScreenSchemeId": its["id"], "projectId": demo},
    )
    associations = atlassian_jira.get(
        "rest/api/3/issuetypescreenscheme/project", params={"projectId": demo}
    )["values"]
    assert associations == [
        {
            "issueTypeScreenScheme": {"id": its["id"], "name": "Demo screens", "description": ""},
            "projectIds": [demo],
        }
    ]
    bug_meta = atlassian_jira.issue_createmeta_fieldtypes("DEMO", types["Bug"])["fields"]
    assert [f["fieldId"] for f in bug_meta] == [
        "project",
        "issuetype",
        "summary",
        "description",
        "customfield_10002",
    ]
    task_meta = atlassian_jira.issue_createmeta_fieldtypes("DEMO", types["Task"])["fields"]
    assert "labels" in {f["fieldId"] for f in task_meta}
    status, body = refused(
        lambda: jira_client.create_issue(
            project="DEMO", summary="Bug", issuetype={"name": "Bug"}, labels=["x"]
        )
    )
    assert (status, body["errors"]) == (400, {"labels": OFF_SCREEN.format("labels")})
    bug = jira_client.create_issue(
        project="DEMO",
        summary="Bug",
        issuetype={"name": "Bug"},
        customfield_10002={"value": "Minor"},
    )
    bug.update(fields={"labels": ["triaged"]})  # editing uses the default screen
    assert jira_client.issue(bug.key).fields.labels == ["triaged"]

    bug_edit = _narrow_screen(atlassian_jira, "Bug edit", ["summary"])
    atlassian_jira.put(
        f"rest/api/3/screenscheme/{scheme['id']}", data={"screens": {"edit": str(bug_edit)}}
    )
    assert list(jira_client.editmeta(bug.key)["fields"]) == ["summary", "comment"]
    status, body = refused(lambda: bug.update(fields={"labels": []}, update={"priority": []}))
    assert status == 400 and body["errors"] == {
        "labels": OFF_SCREEN.format("labels"),
        "priority": OFF_SCREEN.format("priority"),
    }
    bug.update(
        fields={"summary": "Renamed bug"}, update={"comment": [{"add": {"body": doc("noted")}}]}
    )
    assert jira_client.comments(bug.key)[0].raw["body"] == doc("noted")
    assert jira_client.issue(bug.key).fields.summary == "Renamed bug"
    assert "labels" in jira_client.editmeta("DEMO-1")["fields"], "a Story keeps the default"

    for attempt, message in (
        (
            lambda: atlassian_jira.delete(f"rest/api/3/screenscheme/{scheme['id']}"),
            "The screen scheme cannot be deleted as it is used in an issue type screen scheme.",
        ),
        (
            lambda: atlassian_jira.delete(f"rest/api/3/issuetypescreenscheme/{its['id']}"),
            "The issue type screen scheme cannot be deleted as it is used by projects.",
        ),
        (
            lambda: atlassian_jira.delete(f"rest/api/3/screens/{bug_edit}"),
            "The screen cannot be deleted as it is used in a screen scheme.",
        ),
        (
            lambda: atlassian_jira.delete("rest/api/3/issuetypescreenscheme/1"),
            "The default issue type screen scheme cannot be deleted.",
        ),
    ):
        assert refused(attempt) == (400, {"errorMessages": [message], "errors": {}})


def test_issue_type_screen_scheme_mappings(jira_client, atlassian_jira):
    types = {t.name: t.id for t in jira_client.project("OPS").issueTypes}
    scheme = atlassian_jira.post(
        "rest/api/3/screenscheme", data={"name": "Plain", "screens": {"default": 1, "view": 3}}
    )
    sid = str(scheme["id"])
    its = atlassian_jira.post(
        "rest/api/3/issuetypescreenscheme",
        data={
            "name": "Ops",
            "issueTypeMappings": [{"issueTypeId": "default", "screenSchemeId": "1"}],
        },
    )["id"]
    base = f"rest/api/3/issuetypescreenscheme/{its}"
    atlassian_jira.put(
        f"{base}/mapping",
        data={"issueTypeMappings": [{"issueTypeId": types["Task"], "screenSchemeId": sid}]},
    )
    status, _ = refused(
        lambda: atlassian_jira.put(
            f"{base}/mapping",
            data={"issueTypeMappings": [{"issueTypeId": types["Task"], "screenSchemeId": "1"}]},
        )
    )
    assert status == 409
    atlassian_jira.put(f"{base}/mapping/default", data={"screenSchemeId": sid})
    rows = atlassian_jira.get(
        "rest/api/3/issuetypescreenscheme/mapping", params={"issueTypeScreenSchemeId": its}
    )["values"]
    assert {(r["issueTypeId"], r["screenSchemeId"]) for r in rows} == {
        ("default", sid),
        (types["Task"], sid),
    }
    atlassian_jira.post(f"{base}/mapping/remove", data={"issueTypeIds": [types["Task"]]})
    status, body = refused(
        lambda: atlassian_jira.post(f"{base}/mapping/remove", data={"issueTypeIds": ["default"]})
    )
    assert status == 400 and body["errorMessages"] == ["The default mapping cannot be removed."]
    atlassian_jira.put(base, data={"name": "Operations screens", "description": "For OPS"})
    listed = atlassian_jira.get(
        "rest/api/3/issuetypescreenscheme", params={"id": its, "expand": "projects"}
    )["values"]
    assert listed == [
        {
            "id": its,
            "name": "Operations screens",
            "description": "For OPS",
            "projects": {"startAt": 0, "maxResults": 100, "total": 0, "isLast": True, "values": []},
        }
    ]
    ops = jira_client.project("OPS").id
    atlassian_jira.put(
        "rest/api/3/issuetypescreenscheme/project",
        data={"issueTypeScreenSchemeId": its, "projectId": ops},
    )
    projects = atlassian_jira.get(f"{base}/project")["values"]
    assert [p["key"] for p in projects] == ["OPS"]
    expanded = atlassian_jira.get(
        "rest/api/3/screenscheme", params={"id": sid, "expand": "issueTypeScreenSchemes"}
    )["values"][0]
    assert expanded["screens"] == {"default": 1, "view": 3}
    assert [s["id"] for s in expanded["issueTypeScreenSchemes"]["values"]] == [its]


def test_a_new_custom_field_is_on_no_screen_until_added(jira_client, atlassian_jira):
    field = atlassian_jira.create_custom_field("Ticket", TEXT)["id"]
    status, body = refused(
        lambda: jira_client.create_issue(
            project="DEMO", summary="t", issuetype={"name": "Task"}, **{field: "T-1"}
        )
    )
    assert (status, body["errors"]) == (400, {field: OFF_SCREEN.format(field)})
    assert atlassian_jira.get(f"rest/api/3/field/{field}/screens")["values"] == []
    atlassian_jira.post(f"rest/api/3/screens/addToDefault/{field}")
    (where,) = atlassian_jira.get(f"rest/api/3/field/{field}/screens")["values"]
    assert where["name"] == "Default Screen" and where["tab"]["name"] == "Field Tab"
    issue = jira_client.create_issue(
        project="DEMO", summary="t", issuetype={"name": "Task"}, **{field: "T-1"}
    )
    assert jira_client.issue(issue.key).raw["fields"][field] == "T-1"
    assert field in jira_client.editmeta(issue.key)["fields"]
    atlassian_jira.delete(f"rest/api/3/field/{field}")
    assert field not in {f["id"] for f in atlassian_jira.get_all_screen_fields(1)}
