"""Worklogs across issues through both SDKs: ids changed or deleted since an instant, and
worklogs by id, each only on issues the caller may see."""

from __future__ import annotations

import pytest
import requests


def test_worklog_changes_and_lookups(jira_client, atlassian_jira, atlassian_jira_for):
    first = jira_client.add_worklog("DEMO-1", timeSpent="1h")
    second = jira_client.add_worklog("DEMO-2", timeSpent="30m")
    secret = jira_client.create_issue(project="SEC", summary="Secret", issuetype={"name": "Task"})
    hidden = jira_client.add_worklog(secret.key, timeSpent="2h")
    updated = atlassian_jira.get("rest/api/3/worklog/updated", params={"since": 0})
    ids = [v["worklogId"] for v in updated["values"]]
    assert ids == [int(first.id), int(second.id), int(hidden.id)]
    assert updated["lastPage"] is True and updated["until"] >= updated["since"]
    later = atlassian_jira.get(
        "rest/api/3/worklog/updated", params={"since": updated["values"][-1]["updatedTime"] + 1}
    )
    assert later["values"] == []

    grace = atlassian_jira_for("grace@example.com")
    seen = grace.get("rest/api/3/worklog/updated", params={"since": 0})
    assert int(hidden.id) not in [v["worklogId"] for v in seen["values"]]
    listed = grace.post("rest/api/3/worklog/list", data={"ids": [first.id, hidden.id]})
    assert [w["id"] for w in listed] == [first.id]

    second.delete()
    deleted = atlassian_jira.get("rest/api/3/worklog/deleted", params={"since": 0})
    assert [v["worklogId"] for v in deleted["values"]] == [int(second.id)]
    remaining = atlassian_jira.get("rest/api/3/worklog/updated", params={"since": 0})
    assert int(second.id) not in [v["worklogId"] for v in remaining["values"]]


def test_worklogs_by_id_need_a_list(atlassian_jira):
    with pytest.raises(requests.HTTPError) as bad:
        atlassian_jira.post("rest/api/3/worklog/list", data={"ids": "10000"})
    assert bad.value.response.status_code == 400
