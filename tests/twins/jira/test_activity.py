"""Activity on issues through both SDKs: ADF comments, worklogs, issue links and link types,
watchers, votes, attachments (multipart upload, download, removal)."""

from __future__ import annotations

import io

import pytest
import requests
from jira import JIRAError
from tests.twins.jira.conftest import doc


def test_comments_in_adf_and_v2_text(jira_client, atlassian_jira, jira_client_for):
    comment = jira_client.add_comment("DEMO-1", doc("Looks good"))
    assert (
        comment.raw["body"] == doc("Looks good")
        and comment.author.emailAddress == "admin@example.com"
    )
    assert atlassian_jira.issue_get_comments("DEMO-1")["comments"][0]["body"] == "Looks good"
    atlassian_jira.issue_add_comment("DEMO-1", "Second, in plain text")
    assert [
        c.raw["body"]["content"][0]["content"][0]["text"] for c in jira_client.comments("DEMO-1")
    ] == ["Looks good", "Second, in plain text"]
    comment.update(body=doc("Looks great"))
    assert jira_client.comment("DEMO-1", comment.id).raw["body"] == doc("Looks great")
    with pytest.raises(JIRAError) as caught:
        jira_client_for("grace@example.com").comment("DEMO-1", comment.id).update(
            body=doc("Hijacked")
        )
    assert caught.value.status_code == 403
    comment.delete()
    assert len(jira_client.comments("DEMO-1")) == 1
    with pytest.raises(JIRAError) as empty:
        jira_client.add_comment("DEMO-1", doc("   "))
    assert empty.value.response.json()["errors"] == {"comment": "Comment body can not be empty!"}


def test_worklogs(jira_client, atlassian_jira):
    log = jira_client.add_worklog("DEMO-2", timeSpent="1h 30m", comment=doc("Pairing"))
    assert log.timeSpentSeconds == 5400 and log.timeSpent == "1h 30m"
    jira_client.add_worklog("DEMO-2", timeSpentSeconds="3600")
    logs = jira_client.worklogs("DEMO-2")
    assert [w.timeSpentSeconds for w in logs] == [5400, 3600]
    assert jira_client.issue("DEMO-2").raw["fields"]["timetracking"] == {
        "timeSpent": "2h 30m",
        "timeSpentSeconds": 9000,
    }
    log.update(timeSpent="2h")
    assert jira_client.worklog("DEMO-2", log.id).timeSpentSeconds == 7200
    log.delete()
    assert [w.timeSpentSeconds for w in jira_client.worklogs("DEMO-2")] == [3600]
    with pytest.raises(JIRAError) as caught:
        jira_client.add_worklog("DEMO-2", timeSpent="a while")
    assert caught.value.response.json()["errors"] == {
        "timeLogged": "Invalid time duration entered."
    }


def test_issue_links_and_link_types(jira_client, atlassian_jira):
    assert [t.name for t in jira_client.issue_link_types()] == [
        "Blocks",
        "Cloners",
        "Duplicate",
        "Relates",
    ]
    jira_client.create_issue_link("Blocks", "DEMO-1", "DEMO-2")
    source = jira_client.issue("DEMO-1").fields.issuelinks
    target = jira_client.issue("DEMO-2").fields.issuelinks
    assert [(link.type.outward, link.outwardIssue.key) for link in source] == [("blocks", "DEMO-2")]
    assert [(link.type.inward, link.inwardIssue.key) for link in target] == [
        ("is blocked by", "DEMO-1")
    ]
    found = jira_client.issue_link(source[0].id)
    assert (found.inwardIssue.key, found.outwardIssue.key) == ("DEMO-1", "DEMO-2")
    made = atlassian_jira.create_issue_link_type("Depends", "is depended on by", "depends on")
    assert made["name"] == "Depends"
    jira_client.delete_issue_link(source[0].id)
    assert jira_client.issue("DEMO-2").fields.issuelinks == []
    with pytest.raises(JIRAError) as caught:
        jira_client.create_issue_link("Nonsense", "DEMO-1", "DEMO-2")
    assert caught.value.status_code == 404


def test_watchers_and_votes(jira_client, jira_client_for):
    grace = jira_client.search_users(query="grace")[0].accountId
    jira_client.add_watcher("DEMO-3", grace)
    watchers = jira_client.watchers("DEMO-3")
    assert watchers.watchCount == 2 and grace in [w.accountId for w in watchers.watchers]
    jira_client.remove_watcher("DEMO-3", grace)
    assert jira_client.watchers("DEMO-3").watchCount == 1
    as_grace = jira_client_for("grace@example.com")
    as_grace.add_vote("DEMO-1")
    votes = jira_client.votes("DEMO-1")
    assert votes.votes == 1 and [v.accountId for v in votes.voters] == [grace]
    with pytest.raises(JIRAError) as own:
        jira_client.add_vote("DEMO-1")
    assert own.value.response.json()["errorMessages"] == [
        "You cannot vote for an issue you have reported."
    ]
    as_grace.remove_vote("DEMO-1")
    assert jira_client.votes("DEMO-1").votes == 0


def test_attachments_upload_download_remove(jira_client, atlassian_jira, jira_credentials):
    attachment = jira_client.add_attachment(
        "DEMO-1", attachment=io.BytesIO(b"log line\n"), filename="server.log"
    )
    assert attachment.filename == "server.log" and attachment.size == 9
    assert attachment.get() == b"log line\n"
    listed = jira_client.issue("DEMO-1").fields.attachment
    assert [a.filename for a in listed] == ["server.log"]
    assert atlassian_jira.get_attachment(attachment.id)["filename"] == "server.log"
    no_token = requests.post(
        f"{jira_credentials['url']}/rest/api/3/issue/DEMO-1/attachments",
        auth=(jira_credentials["email"], jira_credentials["api_token"]),
        files={"file": ("x.txt", b"x")},
    )
    assert no_token.status_code == 403 and no_token.json()["errorMessages"] == ["XSRF check failed"]
    jira_client.delete_attachment(attachment.id)
    assert jira_client.issue("DEMO-1").fields.attachment == []
    history = jira_client.issue("DEMO-1", expand="changelog").changelog.histories
    assert [(i.field, i.fromString, i.toString) for h in history for i in h.items][-2:] == [
        ("Attachment", None, "server.log"),
        ("Attachment", "server.log", None),
    ]
