"""The site through both SDKs: serverInfo, myself, auth (API token, bearer, refusals), users and
groups, and REST v2 beside v3."""

from __future__ import annotations

import pytest
import requests
from atlassian import Jira
from jira import JIRA, JIRAError

from darkfactory.twins.kit.company import directory
from darkfactory.twins.kit.universe import Universe


def test_server_info_says_cloud_and_clients_treat_it_so(
    jira_client, atlassian_jira, jira_credentials
):
    info = jira_client.server_info()
    assert info["deploymentType"] == "Cloud" and info["baseUrl"] == jira_credentials["url"]
    assert jira_client._is_cloud
    assert atlassian_jira.get_server_info()["deploymentType"] == "Cloud"


def test_myself_through_both_clients(jira_client, atlassian_jira, jira_credentials):
    me = jira_client.myself()
    assert (
        me["emailAddress"] == "admin@example.com"
        and me["accountId"] == jira_credentials["account_id"]
    )
    assert me["accountId"].startswith("712020:") and me["active"] is True
    assert atlassian_jira.myself()["displayName"] == "Ada Admin"


def test_wrong_token_or_email_is_401(jira_credentials):
    for email, token in (
        ("admin@example.com", "not-a-token"),
        ("grace@example.com", jira_credentials["api_token"]),
    ):
        with pytest.raises(JIRAError) as caught:
            JIRA(
                jira_credentials["url"],
                basic_auth=(email, token),
                options={"rest_api_version": "3"},
                get_server_info=False,
                max_retries=0,
            ).myself()
        assert caught.value.status_code == 401
        assert "not authenticated" in caught.value.response.json()["errorMessages"][0]


def test_bearer_token_is_accepted(jira_credentials):
    jira = JIRA(
        jira_credentials["url"],
        token_auth=jira_credentials["api_token"],
        options={"rest_api_version": "3"},
    )
    assert jira.myself()["emailAddress"] == "admin@example.com"


def test_anonymous_may_read_server_info_but_nothing_else(jira_credentials):
    anonymous = Jira(url=jira_credentials["url"], cloud=True)
    assert anonymous.get_server_info()["deploymentType"] == "Cloud"
    with pytest.raises(requests.HTTPError) as caught:
        anonymous.myself()
    assert caught.value.response.status_code == 401


def test_user_search_and_lookup(jira_client, atlassian_jira):
    found = jira_client.search_users(query="grace")
    assert [u.emailAddress for u in found] == ["grace@example.com"]
    user = jira_client.user(found[0].accountId)
    assert user.displayName == found[0].displayName
    groups = atlassian_jira.get("rest/api/3/user/groups", params={"accountId": found[0].accountId})
    assert [g["name"] for g in groups] == ["jira-software-users"]
    with pytest.raises(JIRAError) as caught:
        jira_client.user("712020:nobody")
    assert caught.value.status_code == 404


def test_groups_create_add_list_remove(jira_client, atlassian_jira):
    assert jira_client.add_group("release-managers")
    grace = jira_client.search_users(query="grace")[0].accountId
    jira_client.add_user_to_group(grace, "release-managers")
    members = jira_client.group_members("release-managers")
    assert [m["email"] for m in members.values()] == ["grace@example.com"]
    assert "release-managers" in jira_client.groups(query="release")
    with pytest.raises(JIRAError) as caught:
        jira_client.add_user_to_group(grace, "release-managers")
    assert caught.value.status_code == 400
    jira_client.remove_user_from_group(grace, "release-managers")
    assert not jira_client.group_members("release-managers")
    jira_client.remove_group("release-managers")
    with pytest.raises(requests.HTTPError) as missing:
        atlassian_jira.get("rest/api/3/group/member", params={"groupname": "release-managers"})
    assert missing.value.response.status_code == 404


def test_only_administrators_manage_groups(jira_client_for):
    with pytest.raises(JIRAError) as caught:
        jira_client_for("grace@example.com").add_group("shadow-admins")
    assert caught.value.status_code == 403


def test_v2_speaks_plain_text_where_v3_speaks_adf(jira_client, atlassian_jira):
    created = atlassian_jira.create_issue(
        fields={
            "project": {"key": "DEMO"},
            "summary": "Plain text",
            "issuetype": {"name": "Task"},
            "description": "first line\nsecond line",
        }
    )
    v2 = atlassian_jira.issue(created["key"])["fields"]["description"]
    v3 = jira_client.issue(created["key"]).raw["fields"]["description"]
    assert v2 == "first line\nsecond line"
    assert v3["type"] == "doc" and [p["content"][0]["text"] for p in v3["content"]] == [
        "first line",
        "second line",
    ]
    with pytest.raises(JIRAError) as caught:
        jira_client.create_issue(
            project="DEMO", summary="x", issuetype={"name": "Task"}, description="not a document"
        )
    assert caught.value.status_code == 400
    assert "Atlassian Document" in caught.value.response.json()["errors"]["description"]


def test_a_malformed_body_is_refused_as_jira_does(atlassian_jira):
    response = atlassian_jira.session.post(
        atlassian_jira.url + "/rest/api/3/issue",
        data="{not json",
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json() == {
        "errorMessages": [
            "Invalid request payload. Refer to the REST API documentation and try again."
        ],
        "errors": {},
    }


def test_credentials_carry_a_token_for_every_seeded_user(jira_credentials, universe):
    users = jira_credentials["users"]
    company = {p.email for p in directory(universe.universe)}
    assert set(users) == company | {
        "ada@example.com",
        "grace@example.com",
        "linus@example.com",
        "margaret@example.com",
        "alan@example.com",
        "barbara@example.com",
        "guest@example.com",
    }
    grace = JIRA(
        jira_credentials["url"], basic_auth=("grace@example.com", users["grace@example.com"])
    )
    assert grace.myself()["displayName"].startswith("Grace")


def test_unknown_resources_are_404_in_jira_dialect_and_wrong_methods_405(atlassian_jira):
    with pytest.raises(requests.HTTPError) as unknown:
        atlassian_jira.get("rest/api/3/no-such-resource")
    assert unknown.value.response.status_code == 404
    assert unknown.value.response.json()["errorMessages"][0].startswith("null for uri: ")
    wrong = atlassian_jira.session.patch(atlassian_jira.url + "/rest/api/3/myself")
    assert wrong.status_code == 405


def test_a_larger_seeded_site_has_unique_people():
    universe = Universe(seed=3, twins=["jira"], fixtures={"jira": {"users": 40}})
    emails = [u["emailAddress"] for u in universe.twins["jira"].state.users()]
    company = len(directory(universe))
    assert len(emails) == 42 + company == len(set(emails))
    universe.close()
