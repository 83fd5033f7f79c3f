"""Filter sharing and favourites through both SDKs: the owner shares a filter with a group, a
project or a user; whoever it is shared with sees and favourites it, nobody else does."""

from __future__ import annotations

import pytest
import requests
from jira import JIRAError

UNAVAILABLE = (
    "The selected filter is not available to you, perhaps it has been deleted or had "
    "its permissions changed."
)


def status_of(attempt) -> int:
    with pytest.raises((JIRAError, requests.HTTPError)) as caught:
        attempt()
    return caught.value.response.status_code


def test_a_shared_filter_is_seen_and_favourited_by_those_it_is_shared_with(
    jira_client, jira_client_for, atlassian_jira, atlassian_jira_for
):
    saved = jira_client.create_filter(name="Team work", jql="project = DEMO")
    grace = jira_client_for("grace@example.com")
    grace_raw = atlassian_jira_for("grace@example.com")
    grace_id = grace.myself()["accountId"]
    assert status_of(lambda: grace.filter(saved.id)) == 400

    shares = f"rest/api/3/filter/{saved.id}/permission"
    added = atlassian_jira.post(shares, data={"type": "user", "accountId": grace_id})
    assert [(s["type"], s["user"]["accountId"]) for s in added] == [("user", grace_id)]
    assert grace.filter(saved.id).name == "Team work"
    assert status_of(lambda: grace_raw.post(shares, data={"type": "authenticated"})) == 400
    assert status_of(lambda: grace.update_filter(saved.id, name="Mine now")) == 400
    assert status_of(lambda: grace_raw.delete(f"rest/api/3/filter/{saved.id}")) == 400

    favourite = grace_raw.put(f"rest/api/3/filter/{saved.id}/favourite")
    assert favourite["favourite"] is True
    assert [f.name for f in grace.favourite_filters()] == ["Team work"]
    assert jira_client.filter(saved.id).favourite is False
    mine = grace_raw.get("rest/api/3/filter/my", params={"includeFavourites": "true"})
    assert [f["name"] for f in mine] == ["Team work"]
    assert grace_raw.get("rest/api/3/filter/my") == []
    grace_raw.delete(f"rest/api/3/filter/{saved.id}/favourite")
    assert grace.favourite_filters() == []

    share_id = added[0]["id"]
    assert atlassian_jira.get(f"{shares}/{share_id}")["type"] == "user"
    atlassian_jira.delete(f"{shares}/{share_id}")
    with pytest.raises(JIRAError) as gone:
        grace.filter(saved.id)
    assert gone.value.response.json()["errorMessages"] == [UNAVAILABLE]


def test_sharing_with_groups_projects_and_everyone(
    jira_client, jira_client_for, atlassian_jira, atlassian_jira_for
):
    saved = jira_client.create_filter(name="Ops", jql="project = OPS")
    shares = f"rest/api/3/filter/{saved.id}/permission"
    atlassian_jira.post(
        shares, data={"type": "project", "projectId": jira_client.project("DEMO").id}
    )
    atlassian_jira.post(shares, data={"type": "group", "groupname": "jira-software-users"})
    listed = atlassian_jira.get(shares)
    assert [s["type"] for s in listed] == ["project", "group"]
    assert listed[0]["project"]["key"] == "DEMO"
    assert listed[1]["group"]["name"] == "jira-software-users"
    assert jira_client_for("grace@example.com").filter(saved.id).name == "Ops"
    assert status_of(lambda: jira_client_for("guest@example.com").filter(saved.id)) == 400
    everyone = atlassian_jira.post(shares, data={"type": "authenticated"})
    assert everyone[-1]["type"] == "loggedin"
    for bad in ({"type": "planet"}, {"type": "group", "groupname": "no-such-group"}):
        assert status_of(lambda bad=bad: atlassian_jira.post(shares, data=bad)) in (400, 404)
    assert status_of(lambda: atlassian_jira.post(shares, data={"type": "authenticated"})) == 400


def test_default_share_scope_is_each_users_own(atlassian_jira, atlassian_jira_for):
    scope = "rest/api/3/filter/defaultShareScope"
    assert atlassian_jira.get(scope) == {"scope": "PRIVATE"}
    assert atlassian_jira.put(scope, data={"scope": "AUTHENTICATED"}) == {"scope": "AUTHENTICATED"}
    assert atlassian_jira.get(scope) == {"scope": "AUTHENTICATED"}
    assert atlassian_jira_for("grace@example.com").get(scope) == {"scope": "PRIVATE"}
    assert status_of(lambda: atlassian_jira.put(scope, data={"scope": "EVERYWHERE"})) == 400
