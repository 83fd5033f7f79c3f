"""Issue remote links through both SDKs: added, replaced by global id, read, updated and
deleted; reading needs sight of the issue, changing links the Link issues permission."""

from __future__ import annotations

import pytest
import requests
from jira import JIRAError


def status_of(attempt) -> int:
    with pytest.raises((JIRAError, requests.HTTPError)) as caught:
        attempt()
    return caught.value.response.status_code


def test_remote_links_on_an_issue(jira_client, atlassian_jira):
    doc = {"url": "https://docs.example.com/login", "title": "Login spec"}
    simple = jira_client.add_simple_link("DEMO-1", doc)
    [link] = jira_client.remote_links("DEMO-1")
    assert (link.id, link.object.url, link.object.title) == (simple.id, doc["url"], doc["title"])
    assert jira_client.remote_link("DEMO-1", simple.id).object.title == "Login spec"

    api = "rest/api/3/issue/DEMO-1/remotelink"
    ticket = {"globalId": "system=support&id=7", "object": {"url": "https://s/7", "title": "T7"}}
    first = atlassian_jira.post(api, data=ticket)
    again = atlassian_jira.post(
        api, data={**ticket, "object": {"url": "https://s/7", "title": "T7b"}}
    )
    assert first["id"] == again["id"]
    one = atlassian_jira.get(api, params={"globalId": "system=support&id=7"})
    assert one["object"]["title"] == "T7b" and one["globalId"] == "system=support&id=7"
    assert len(jira_client.remote_links("DEMO-1")) == 2

    atlassian_jira.put(f"{api}/{simple.id}", data={"object": {**doc, "title": "Login spec v2"}})
    assert jira_client.remote_link("DEMO-1", simple.id).object.title == "Login spec v2"
    atlassian_jira.delete(api, params={"globalId": "system=support&id=7"})
    atlassian_jira.delete(f"{api}/{simple.id}")
    assert jira_client.remote_links("DEMO-1") == []
    assert status_of(lambda: jira_client.remote_link("DEMO-1", simple.id)) == 404


def test_remote_links_refuse_bad_input_and_outsiders(
    jira_client, jira_client_for, atlassian_jira, atlassian_jira_for
):
    api = "rest/api/3/issue/DEMO-2/remotelink"
    with pytest.raises(requests.HTTPError) as untitled:
        atlassian_jira.post(api, data={"object": {"url": "https://x"}})
    assert untitled.value.response.status_code == 400
    assert "title" in untitled.value.response.json()["errors"]
    assert status_of(lambda: atlassian_jira.post(api, data={})) == 400
    assert status_of(lambda: atlassian_jira.delete(api)) == 400

    jira_client.add_simple_link("DEMO-2", {"url": "https://x", "title": "X"})
    guest = jira_client_for("guest@example.com")
    assert status_of(lambda: guest.remote_links("DEMO-2")) == 404
    viewer = jira_client.project_roles("SEC")["Viewer"]["id"]
    barbara = jira_client.search_users(query="barbara@example.com")[0].accountId
    jira_client.project_role("SEC", viewer).add_user(users=barbara)
    secret = jira_client.create_issue(project="SEC", summary="Secret", issuetype={"name": "Task"})
    jira_client.add_simple_link(secret.key, {"url": "https://vault", "title": "Vault"})
    reader = jira_client_for("barbara@example.com")
    assert [link.object.title for link in reader.remote_links(secret.key)] == ["Vault"]
    blocked = status_of(
        lambda: reader.add_simple_link(secret.key, {"url": "https://y", "title": "Y"})
    )
    assert blocked == 403
    assert len(jira_client.remote_links(secret.key)) == 1
