"""Entity properties through both SDKs: stored per issue, project, user, comment and issue type,
read by whoever sees the entity and written only by whoever may change it."""

from __future__ import annotations

import pytest
import requests
from jira import JIRAError
from tests.twins.jira.conftest import doc


def status_of(attempt) -> int:
    with pytest.raises((JIRAError, requests.HTTPError)) as caught:
        attempt()
    return caught.value.response.status_code


def test_issue_properties_are_kept_on_the_issue(jira_client, jira_client_for):
    created = jira_client.add_issue_property("DEMO-1", "review", {"state": "open", "votes": 2})
    assert created.status_code == 201
    assert jira_client.add_issue_property("DEMO-1", "review", {"state": "done"}).status_code == 200
    assert jira_client.issue_property("DEMO-1", "review").value.state == "done"
    assert [p.key for p in jira_client.issue_properties("DEMO-1")] == ["review"]
    assert jira_client.issue_properties("DEMO-2") == []
    missing = status_of(lambda: jira_client.issue_property("DEMO-1", "nothing"))
    assert missing == 404
    guest = jira_client_for("guest@example.com")
    assert status_of(lambda: guest.issue_property("DEMO-1", "review")) == 404
    viewer = jira_client.project_roles("SEC")["Viewer"]["id"]
    barbara = jira_client.search_users(query="barbara@example.com")[0].accountId
    jira_client.project_role("SEC", viewer).add_user(users=barbara)
    secret = jira_client.create_issue(project="SEC", summary="Secret", issuetype={"name": "Task"})
    jira_client.add_issue_property(secret.key, "flag", True)
    reader = jira_client_for("barbara@example.com")
    assert reader.issue_property(secret.key, "flag").value is True
    assert status_of(lambda: reader.add_issue_property(secret.key, "flag", False)) == 403
    assert jira_client.issue_property(secret.key, "flag").value is True


def test_project_user_comment_and_issue_type_properties(
    atlassian_jira, atlassian_jira_for, jira_client
):
    api = "rest/api/3"
    atlassian_jira.put(f"{api}/project/DEMO/properties/team", data={"name": "Core"})
    assert atlassian_jira.get(f"{api}/project/DEMO/properties/team") == {
        "key": "team",
        "value": {"name": "Core"},
    }
    keys = atlassian_jira.get(f"{api}/project/DEMO/properties")["keys"]
    assert [k["key"] for k in keys] == ["team"]
    assert keys[0]["self"].endswith("/rest/api/3/project/DEMO/properties/team")
    grace = atlassian_jira_for("grace@example.com")
    assert grace.get(f"{api}/project/DEMO/properties/team")["value"] == {"name": "Core"}
    assert status_of(lambda: grace.put(f"{api}/project/DEMO/properties/team", data={})) == 403

    me = jira_client.myself()["accountId"]
    grace_id = grace.get(f"{api}/myself")["accountId"]
    grace.put(f"{api}/user/properties/theme", params={"accountId": grace_id}, data="dark")
    mine = grace.get(f"{api}/user/properties/theme", params={"accountId": grace_id})
    assert mine["value"] == "dark"
    seen = atlassian_jira.get(f"{api}/user/properties", params={"accountId": grace_id})
    assert [k["key"] for k in seen["keys"]] == ["theme"]
    others = f"{api}/user/properties/theme"
    assert status_of(lambda: grace.get(others, params={"accountId": me})) == 403
    assert status_of(lambda: grace.get(f"{api}/user/properties")) == 400

    comment = jira_client.add_comment("DEMO-2", doc("Looks good"))
    atlassian_jira.put(f"{api}/comment/{comment.id}/properties/mood", data={"ok": True})
    assert grace.get(f"{api}/comment/{comment.id}/properties/mood")["value"] == {"ok": True}
    attempt = lambda: grace.put(f"{api}/comment/{comment.id}/properties/mood", data={})  # noqa: E731
    assert status_of(attempt) == 403
    atlassian_jira.delete(f"{api}/comment/{comment.id}/properties/mood")
    assert grace.get(f"{api}/comment/{comment.id}/properties")["keys"] == []

    bug = next(t for t in atlassian_jira.get(f"{api}/issuetype") if t["name"] == "Bug")
    atlassian_jira.put(f"{api}/issuetype/{bug['id']}/properties/icon", data="red")
    assert grace.get(f"{api}/issuetype/{bug['id']}/properties/icon")["value"] == "red"
    assert status_of(lambda: grace.delete(f"{api}/issuetype/{bug['id']}/properties/icon")) == 403
    assert status_of(lambda: atlassian_jira.get(f"{api}/issuetype/99999/properties")) == 404


def test_property_limits(atlassian_jira):
    api = "rest/api/3/issue/DEMO-1/properties"
    assert status_of(lambda: atlassian_jira.put(f"{api}/{'k' * 256}", data=1)) == 400
    assert status_of(lambda: atlassian_jira.put(f"{api}/big", data="x" * 40000)) == 400
    assert status_of(lambda: atlassian_jira.delete(f"{api}/never-set")) == 404
