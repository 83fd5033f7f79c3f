"""Slack's SCIM API through slack_sdk's SCIMClient: users and groups, filters, deactivation."""

from __future__ import annotations

import pytest
from slack_sdk.scim import SCIMClient


@pytest.fixture(params=["v1", "v2"])
def scim(request, universe, slack_credentials) -> SCIMClient:
    return SCIMClient(
        token=slack_credentials["user_token"],
        base_url=f"{universe.url}/slack/scim/{request.param}/",
    )


def test_users_create_read_filter_patch_deactivate(scim, slack_client):
    created = scim.create_user(
        {
            "userName": "newhire",
            "name": {"givenName": "New", "familyName": "Hire"},
            "emails": [{"value": "new.hire@example.com", "primary": True}],
            "title": "Engineer",
        }
    )
    assert created.status_code == 201
    user_id = created.user.id
    assert slack_client.users_lookupByEmail(email="new.hire@example.com")["user"]["id"] == (user_id)
    read = scim.read_user(user_id)
    assert read.user.user_name == "newhire" and read.user.active is True
    found = scim.search_users(count=10, start_index=1, filter='userName eq "newhire"')
    assert [u.id for u in found.users] == [user_id] and found.snake_cased_body["total_results"] == 1
    by_mail = scim.search_users(count=10, start_index=1, filter='email eq "new.hire@example.com"')
    assert [u.id for u in by_mail.users] == [user_id]
    patched = scim.patch_user(user_id, {"title": "Staff Engineer"})
    assert patched.status_code == 200
    assert slack_client.users_info(user=user_id)["user"]["profile"]["title"] == "Staff Engineer"
    assert scim.delete_user(user_id).status_code == 204
    assert slack_client.users_info(user=user_id)["user"]["deleted"] is True
    assert scim.read_user(user_id).user.active is False


def test_paging_and_errors(scim):
    page = scim.search_users(count=3, start_index=2)
    body = page.snake_cased_body
    assert body["items_per_page"] == 3 and body["start_index"] == 2
    assert body["total_results"] >= 13
    dup = scim.create_user({"userName": "admin", "emails": [{"value": "x@example.com"}]})
    assert dup.status_code == 409 and dup.errors.description == "username_taken"
    missing = scim.read_user("U0NOPE")
    assert missing.status_code == 404 and missing.errors.code == 404
    bad = scim.search_users(count=1, start_index=1, filter="userName ~~ weird")
    assert bad.status_code == 400 and bad.errors.description.startswith("invalid_filter")


def test_groups(scim, slack_client):
    people = [m["id"] for m in slack_client.users_list()["members"] if not m["is_bot"]][:2]
    group = scim.create_group({"displayName": "Platform", "members": [{"value": people[0]}]})
    assert group.status_code == 201
    group_id = group.group.id
    scim.patch_group(group_id, {"members": [{"value": people[1]}]})
    read = scim.read_group(group_id)
    assert sorted(m.value for m in read.group.members) == sorted(people)
    scim.patch_group(group_id, {"members": [{"value": people[0], "operation": "delete"}]})
    assert [m.value for m in scim.read_group(group_id).group.members] == [people[1]]
    listed = scim.search_groups(count=10, start_index=1, filter='displayName eq "Platform"')
    assert [g.id for g in listed.groups] == [group_id]
    assert scim.delete_group(group_id).status_code == 204
    assert scim.read_group(group_id).status_code == 404


def test_scim_needs_an_admin_token(universe, slack_credentials):
    client = SCIMClient(
        token=slack_credentials["bot_token"], base_url=f"{universe.url}/slack/scim/v1/"
    )
    denied = client.search_users(count=1, start_index=1)
    assert denied.status_code == 403 and denied.errors.description == "permission_denied"


def test_slackbot_is_no_scim_user(scim, slack_client):
    assert slack_client.users_info(user="USLACKBOT")["user"]["name"] == "slackbot"
    assert scim.read_user("USLACKBOT").status_code == 404
    assert scim.delete_user("USLACKBOT").status_code == 404
    listed = scim.search_users(count=1000, start_index=1).users
    assert listed and "USLACKBOT" not in [u.id for u in listed]
    assert slack_client.users_info(user="USLACKBOT")["user"]["deleted"] is False
