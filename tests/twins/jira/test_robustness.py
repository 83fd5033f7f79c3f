"""Well-formed JSON of the wrong shape, odd query parameters, non-ASCII file names and an
administrator deleting itself: each gets Jira's answer in Jira's envelope, never a 500."""

from __future__ import annotations

import io
from urllib.parse import quote

import pytest
import requests
from jira import JIRAError

INVALID_PAYLOAD = {
    "errorMessages": [
        "Invalid request payload. Refer to the REST API documentation and try again."
    ],
    "errors": {},
}


def refused(call) -> requests.Response:
    """The error response of an ``atlassian.Jira`` call that must fail."""
    with pytest.raises(requests.HTTPError) as caught:
        call()
    return caught.value.response


@pytest.mark.parametrize(
    "method, path, data",
    [
        ("POST", "search/jql", {"jql": "project = DEMO", "nextPageToken": [None]}),
        ("POST", "search/jql", {"jql": ["project = DEMO"]}),
        ("POST", "permissions/check", {"projectPermissions": "AAA"}),
        ("POST", "permissions/check", {"projectPermissions": ["AAA"]}),
        ("POST", "permissions/check", {"globalPermissions": "ADMINISTER"}),
        (
            "POST",
            "permissions/check",
            {"projectPermissions": [{"permissions": ["BROWSE_PROJECTS"], "projects": "DEMO"}]},
        ),
        ("POST", "permissions/project", {"permissions": "BROWSE_PROJECTS"}),
        ("POST", "role", {"name": [None]}),
        ("POST", "issue/DEMO-1/worklog", {"timeSpentSeconds": 60, "started": [None]}),
        ("POST", "issue/DEMO-1/worklog", {"timeSpentSeconds": "an hour"}),
        ("POST", "jql/match", {"jqls": ["project = DEMO"], "issueIds": 12}),
        ("POST", "jql/match", {"jqls": "project = DEMO", "issueIds": [10000]}),
        ("PUT", "project/DEMO", {"key": [None]}),
        ("POST", "statuses", {"statuses": [None, 1]}),
        ("POST", "workflow", {"name": "Odd", "statuses": 12}),
        ("POST", "workflow", {"name": "Odd", "statuses": [], "transitions": [{"from": 3}]}),
        ("POST", "statuses", {"statuses": [{"name": "x", "statusCategory": ["TODO"]}]}),
        ("POST", "user", {"emailAddress": "new@example.com", "products": 12}),
        ("PUT", "permissionscheme/0", {"name": [None]}),
        (
            "PUT",
            "permissionscheme/0",
            {
                "permissions": [
                    {"holder": {"type": "group", "value": []}, "permission": "BROWSE_PROJECTS"}
                ]
            },
        ),
    ],
)
def test_members_of_the_wrong_type_are_an_invalid_payload(atlassian_jira, method, path, data):
    send = {"POST": atlassian_jira.post, "PUT": atlassian_jira.put}[method]
    response = refused(lambda: send(f"rest/api/3/{path}", data=data))
    assert response.status_code == 400 and response.json() == INVALID_PAYLOAD


def test_a_role_named_with_a_non_string_is_not_stored(atlassian_jira):
    before = atlassian_jira.get("rest/api/3/role")
    refused(lambda: atlassian_jira.post("rest/api/3/role", data={"name": [None]}))
    assert atlassian_jira.get("rest/api/3/role") == before
    made = atlassian_jira.post("rest/api/3/role", data={"name": "Auditors"})
    assert made["name"] == "Auditors"


def test_bulk_check_ignores_nulls_and_unknown_ids_and_names_unknown_permissions(
    atlassian_jira_for, jira_client
):
    grace = atlassian_jira_for("grace@example.com")
    demo = int(jira_client.project("DEMO").id)
    answer = grace.post(
        "rest/api/3/permissions/check",
        data={
            "projectPermissions": [
                {"permissions": ["BROWSE_PROJECTS", ""], "projects": [demo, None, 99999]}
            ],
            "globalPermissions": [None, "USER_PICKER"],
        },
    )
    assert answer == {
        "projectPermissions": [{"permission": "BROWSE_PROJECTS", "projects": [demo], "issues": []}],
        "globalPermissions": ["USER_PICKER"],
    }
    unknown = refused(
        lambda: grace.post(
            "rest/api/3/permissions/check",
            data={"projectPermissions": [{"permissions": ["AAA"], "projects": [demo]}]},
        )
    )
    assert unknown.status_code == 400
    assert unknown.json() == {"errorMessages": [], "errors": {"AAA": "Unrecognized permission"}}


def test_only_administrators_check_the_permissions_of_others(
    atlassian_jira, atlassian_jira_for, jira_client
):
    ada_id = jira_client.search_users(query="ada@example.com")[0].accountId
    question = {"accountId": ada_id, "globalPermissions": ["USER_PICKER"]}
    other = refused(
        lambda: atlassian_jira_for("grace@example.com").post(
            "rest/api/3/permissions/check", data=question
        )
    )
    assert other.status_code == 403
    assert other.json()["errorMessages"] == ["Only Jira administrators can perform this operation."]
    answer = atlassian_jira.post("rest/api/3/permissions/check", data=question)
    assert answer["globalPermissions"] == ["USER_PICKER"]


def test_my_permissions_reads_issue_id_before_issue_key(jira_client):
    issue = jira_client.issue("DEMO-1")
    mine = jira_client.my_permissions(issueId=issue.id, permissions="EDIT_ISSUES")
    assert mine["permissions"]["EDIT_ISSUES"]["havePermission"] is True
    for ref in ("abc", "99999"):
        with pytest.raises(JIRAError) as caught:
            jira_client.my_permissions(issueId=ref, permissions="EDIT_ISSUES")
        assert caught.value.status_code == 404
        assert caught.value.response.json()["errorMessages"] == [
            "Issue does not exist or you do not have permission to see it."
        ]


def test_a_non_ascii_file_name_downloads_with_its_utf8_name(jira_client, atlassian_jira):
    name = "résumé – 日本.txt"
    attachment = jira_client.add_attachment(
        "DEMO-1", attachment=io.BytesIO(b"bonjour\n"), filename=name
    )
    assert attachment.filename == name
    assert attachment.get() == b"bonjour\n"
    response = atlassian_jira.session.get(attachment.content)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=\"r_sum_ _ __.txt\"; filename*=UTF-8''{quote(name, safe='')}"
    )
    plain = jira_client.add_attachment("DEMO-1", attachment=io.BytesIO(b"x"), filename="a.log")
    disposition = atlassian_jira.session.get(plain.content).headers["Content-Disposition"]
    assert disposition == 'attachment; filename="a.log"'


def test_the_administrator_cannot_delete_itself(universe, jira_client, atlassian_jira):
    me = jira_client.myself()["accountId"]
    response = refused(lambda: atlassian_jira.delete("rest/api/3/user", params={"accountId": me}))
    assert response.status_code == 400
    assert response.json()["errorMessages"] == ["Cannot delete currently logged in user."]
    assert jira_client.myself()["accountId"] == me
    assert universe.credentials["jira"]["account_id"] == me


def test_credentials_answer_after_another_administrator_deletes_the_seeded_one(
    universe, jira_client, jira_client_for, atlassian_jira_for
):
    jira_client.add_user_to_group("margaret@example.com", "site-admins")
    admin_id = jira_client.myself()["accountId"]
    margaret = atlassian_jira_for("margaret@example.com")
    margaret.delete("rest/api/3/user", params={"accountId": admin_id})
    credentials = universe.credentials["jira"]
    assert credentials["account_id"] == admin_id and credentials["api_token"] is None
    assert "margaret@example.com" in credentials["users"]
    assert jira_client_for("margaret@example.com").myself()["emailAddress"] == (
        "margaret@example.com"
    )
