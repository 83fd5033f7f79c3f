"""usergroups.* through slack_sdk."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError


def error_code(call) -> str:
    with pytest.raises(SlackApiError) as caught:
        call()
    return caught.value.response["error"]


def test_usergroup_lifecycle(slack_user_client, general):
    people = [m["id"] for m in slack_user_client.users_list()["members"] if not m["is_bot"]][:3]
    group = slack_user_client.usergroups_create(
        name="On-call", handle="oncall", description="Pager rota", channels=[general]
    )["usergroup"]
    assert group["id"].startswith("S") and group["handle"] == "oncall"
    assert group["prefs"]["channels"] == [general] and group["users"] == []
    updated = slack_user_client.usergroups_users_update(usergroup=group["id"], users=people)[
        "usergroup"
    ]
    assert sorted(updated["users"]) == sorted(people) and updated["user_count"] == 3
    assert sorted(slack_user_client.usergroups_users_list(usergroup=group["id"])["users"]) == (
        sorted(people)
    )
    renamed = slack_user_client.usergroups_update(
        usergroup=group["id"], name="On call", description="Weekly rota"
    )["usergroup"]
    assert renamed["name"] == "On call" and renamed["description"] == "Weekly rota"
    listed = slack_user_client.usergroups_list(include_count=True)["usergroups"]
    assert [(g["id"], g["user_count"]) for g in listed] == [(group["id"], 3)]

    slack_user_client.usergroups_disable(usergroup=group["id"])
    assert slack_user_client.usergroups_list()["usergroups"] == []
    disabled = slack_user_client.usergroups_list(include_disabled=True)["usergroups"][0]
    assert disabled["date_delete"] > 0 and disabled["deleted_by"]
    assert (
        error_code(lambda: slack_user_client.usergroups_disable(usergroup=group["id"]))
        == "already_disabled"
    )
    slack_user_client.usergroups_enable(usergroup=group["id"])
    assert slack_user_client.usergroups_list()["usergroups"][0]["date_delete"] == 0


def test_usergroup_errors(slack_user_client):
    slack_user_client.usergroups_create(name="Design", handle="design")
    assert (
        error_code(lambda: slack_user_client.usergroups_create(name="Design", handle="design-2"))
        == "name_already_exists"
    )
    assert (
        error_code(lambda: slack_user_client.usergroups_create(name="Designers", handle="design"))
        == "handle_already_exists"
    )
    assert (
        error_code(lambda: slack_user_client.usergroups_update(usergroup="S0NOPE", name="x"))
        == "no_such_subteam"
    )
    group = slack_user_client.usergroups_list()["usergroups"][0]["id"]
    assert (
        error_code(
            lambda: slack_user_client.usergroups_users_update(usergroup=group, users=["U0NOBODY"])
        )
        == "invalid_users"
    )
    assert (
        error_code(lambda: slack_user_client.usergroups_create(name="Chan", channels=["C0NOPE"]))
        == "invalid_channel_provided"
    )
