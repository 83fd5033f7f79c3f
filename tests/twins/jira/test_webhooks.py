"""Jira webhooks through atlassian-python-api and jira.JIRA: admin webhooks with a JQL filter and
URL variables, an app's dynamic webhooks, deliveries only for committed changes, and retries
that end in the failed-webhooks list."""

from __future__ import annotations

import pytest
from atlassian import JiraCloud
from jira import JIRAError
from tests.helpers import eventually
from tests.twins.jira.conftest import doc


@pytest.fixture
def cloud(jira_credentials) -> JiraCloud:
    """atlassian-python-api's versioned Cloud client (REST v3), as the administrator."""
    return JiraCloud(
        jira_credentials["url"],
        username=jira_credentials["email"],
        password=jira_credentials["api_token"],
    )


def events(heard: list[dict]) -> list[tuple[str, str]]:
    return [(h["body"]["webhookEvent"], h["body"]["issue"]["key"]) for h in heard]


def test_an_admin_webhook_hears_the_issues_its_filter_matches(
    atlassian_jira, jira_client, receiver
):
    base, heard = receiver
    made = atlassian_jira.post(
        "rest/webhooks/1.0/webhook",
        data={
            "name": "Demo watcher",
            "url": f"{base}/jira/${{issue.key}}",
            "events": ["jira:issue_created", "jira:issue_updated", "comment_created"],
            "filters": {"issue-related-events-section": "project = DEMO"},
        },
    )
    assert made["self"].endswith(f"/rest/webhooks/1.0/webhook/{made['self'].rsplit('/', 1)[1]}")
    assert made["filters"] == {"issue-related-events-section": "project = DEMO"}
    jira_client.create_issue(project="OPS", summary="Not for us", issuetype={"name": "Task"})
    issue = jira_client.create_issue(project="DEMO", summary="Hear me", issuetype={"name": "Task"})
    created = eventually(lambda: heard)[0]
    assert created["path"] == f"/jira/{issue.key}", "URL variables are filled in"
    assert created["body"]["webhookEvent"] == "jira:issue_created"
    assert created["body"]["issue_event_type_name"] == "issue_created"
    assert created["body"]["issue"]["fields"]["summary"] == "Hear me"
    assert created["body"]["user"]["emailAddress"] == "admin@example.com"
    assert created["headers"]["x-atlassian-webhook-identifier"]

    jira_client.transition_issue(issue, "In Progress")
    jira_client.add_comment(issue.key, doc("On it"))
    eventually(lambda: len(heard) == 4)
    moved, commented, comment_update = (h["body"] for h in heard[1:])
    assert moved["issue_event_type_name"] == "issue_generic"
    assert [(i["field"], i["toString"]) for i in moved["changelog"]["items"]] == [
        ("status", "In Progress")
    ]
    assert commented["webhookEvent"] == "comment_created"
    assert commented["comment"]["body"] == "On it", "webhooks speak REST v2: plain text"
    assert comment_update["issue_event_type_name"] == "issue_commented"
    assert {key for _, key in events(heard)} == {issue.key}, "OPS issues are filtered out"

    with pytest.raises(JIRAError):
        jira_client.transition_issue(issue, "999")
    hook_id = made["self"].rsplit("/", 1)[1]
    atlassian_jira.put(
        f"rest/webhooks/1.0/webhook/{hook_id}",
        data={**made, "events": ["jira:issue_deleted"]},
    )
    jira_client.issue(issue.key).update(summary="Quietly renamed")
    listed = atlassian_jira.get("rest/webhooks/1.0/webhook")
    assert [h["events"] for h in listed] == [["jira:issue_deleted"]]
    jira_client.issue(issue.key).delete()
    eventually(lambda: heard[-1]["body"]["webhookEvent"] == "jira:issue_deleted")
    assert len(heard) == 5, "a refused transition and unsubscribed events sent nothing"


def test_an_apps_dynamic_webhooks_expire_refresh_and_go(cloud, jira_client, receiver):
    base, heard = receiver
    answer = cloud.register_dynamic_webhooks(
        data={
            "url": f"{base}/app",
            "webhooks": [
                {"events": ["jira:issue_deleted"], "jqlFilter": "project = OPS"},
                {"events": ["jira:issue_created"], "jqlFilter": "project = NOPE"},
                {"events": ["jira:issue_created"]},
            ],
        }
    )
    first, bad_jql, no_jql = answer["webhookRegistrationResult"]
    hook_id = first["createdWebhookId"]
    assert bad_jql["errors"] and "errors" in no_jql
    assert "The JQL filter is required." in no_jql["errors"]
    listed = cloud.get_dynamic_webhooks_for_app()
    assert [(h["id"], h["jqlFilter"]) for h in listed["values"]] == [(hook_id, "project = OPS")]

    doomed = jira_client.create_issue(project="OPS", summary="Going", issuetype={"name": "Task"})
    doomed.delete()
    (deleted,) = eventually(lambda: heard)
    assert deleted["body"]["webhookEvent"] == "jira:issue_deleted"
    assert deleted["body"]["matchedWebhookIds"] == [hook_id]
    assert deleted["body"]["issue"]["key"] == doomed.key

    refreshed = cloud.refresh_webhooks(data={"webhookIds": [hook_id]})
    assert refreshed["expirationDate"] >= listed["values"][0]["expirationDate"]
    cloud.delete_webhook_by_id(data={"webhookIds": [hook_id]})
    assert cloud.get_dynamic_webhooks_for_app()["values"] == []


def test_a_failing_endpoint_is_retried_then_listed_as_failed(cloud, jira_client, receiver):
    base, heard = receiver
    cloud.register_dynamic_webhooks(
        data={
            "url": f"{base}/broken",
            "webhooks": [{"events": ["jira:issue_created"], "jqlFilter": "project = DEMO"}],
        }
    )
    issue = jira_client.create_issue(project="DEMO", summary="Lost", issuetype={"name": "Task"})
    failed = eventually(lambda: cloud.get_failed_webhooks()["values"])
    assert failed[0]["url"] == f"{base}/broken"
    assert failed[0]["body"]["issue"]["key"] == issue.key
    retries = [h["headers"].get("x-atlassian-webhook-retry") for h in heard]
    assert retries == [None, "1", "2"]
    assert len({h["headers"]["x-atlassian-webhook-identifier"] for h in heard}) == 1
