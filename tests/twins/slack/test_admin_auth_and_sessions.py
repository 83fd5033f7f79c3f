"""admin.auth.policy.* decides who may sign in with a password; admin.users.session.* settings
and bulk resets, through slack_sdk."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from tests.twins.slack.signing_in import sign_in, sign_in_app


def error_of(call, **kwargs) -> str:
    with pytest.raises(SlackApiError) as refused:
        call(**kwargs)
    return refused.value.response["error"]


def people(slack_client) -> list[str]:
    return [
        m["id"]
        for m in slack_client.users_list()["members"]
        if not m["is_bot"] and not m["is_admin"]
    ]


def test_the_password_policy_decides_who_signs_in_with_a_password(
    universe, slack_admin_client, slack_client
):
    admin = slack_admin_client
    alice, bob = people(slack_client)[:2]
    app = sign_in_app(universe)
    refused = sign_in(universe, app, alice, sign_in_with="email_password")
    assert refused["refused"] == 400 and "sso_required" in refused["page"]
    assert sign_in(universe, app, alice)["access_token"].startswith("xoxp-"), "SSO still works"

    assigned = admin.admin_auth_policy_assignEntities(
        policy_name="email_password", entity_type="USER", entity_ids=[alice]
    )
    assert assigned["entity_total_count"] == 1
    assert "access_token" in sign_in(universe, app, alice, sign_in_with="email_password")
    assert "refused" in sign_in(universe, app, bob, sign_in_with="email_password")
    listed = admin.admin_auth_policy_getEntities(policy_name="email_password")
    assert [e["entity_id"] for e in listed["entities"]] == [alice]
    assert listed["entities"][0]["entity_type"] == "USER"

    admin.admin_auth_policy_removeEntities(
        policy_name="email_password", entity_type="USER", entity_ids=[alice]
    )
    assert "refused" in sign_in(universe, app, alice, sign_in_with="email_password")
    assert admin.admin_auth_policy_getEntities(policy_name="email_password")["entities"] == []

    assert (
        error_of(
            admin.admin_auth_policy_assignEntities,
            policy_name="magic_link",
            entity_type="USER",
            entity_ids=[alice],
        )
        == "policy_not_found"
    )
    assert (
        error_of(
            admin.admin_auth_policy_assignEntities,
            policy_name="email_password",
            entity_type="USER",
            entity_ids=["U0NOBODY"],
        )
        == "entity_not_found"
    )


def test_auth_policy_needs_an_admin(slack_client, slack_credentials, slack_token_for):
    person = people(slack_client)[0]
    token = slack_token_for(person, ["admin.users:write", "admin.users:read"])
    client = WebClient(token=token, base_url=slack_credentials["api_url"])
    assert (
        error_of(client.admin_auth_policy_getEntities, policy_name="email_password")
        == "not_an_admin"
    )
    user = WebClient(token=slack_credentials["user_token"], base_url=slack_credentials["api_url"])
    assert (
        error_of(user.admin_auth_policy_getEntities, policy_name="email_password")
        == "missing_scope"
    )


def test_session_settings_and_bulk_reset(
    universe, slack_admin_client, slack_client, slack_credentials
):
    admin = slack_admin_client
    alice, bob = people(slack_client)[:2]
    admin.admin_users_session_setSettings(user_ids=[alice], duration=86400)
    admin.admin_users_session_setSettings(user_ids=[alice], desktop_app_browser_quit=True)
    got = admin.admin_users_session_getSettings(user_ids=[alice, bob])
    assert got["session_settings"] == [
        {"user_id": alice, "desktop_app_browser_quit": True, "duration": 86400}
    ]
    assert got["no_settings_applied"] == [bob]
    assert (
        error_of(admin.admin_users_session_setSettings, user_ids=[bob], duration=60)
        == "invalid_duration"
    )
    admin.admin_users_session_clearSettings(user_ids=[alice])
    assert admin.admin_users_session_getSettings(user_ids=[alice])["no_settings_applied"] == [alice]

    def token(person: str) -> str:
        with universe.universe.store.transaction():
            return universe.universe.twins["slack"].user_token(person)

    api = slack_credentials["api_url"]
    theirs = [WebClient(token=universe.call(token, p), base_url=api) for p in (alice, bob)]
    admin.admin_users_session_resetBulk(user_ids=[alice, bob], mobile_only=True)
    assert all(c.auth_test()["ok"] for c in theirs), "web sessions outlive a mobile-only reset"
    admin.admin_users_session_resetBulk(user_ids=[alice, bob])
    assert [error_of(c.auth_test) for c in theirs] == ["invalid_auth", "invalid_auth"]
    assert (
        error_of(admin.admin_users_session_resetBulk, user_ids=[slack_credentials["admin_user_id"]])
        == "cannot_reset_primary_owner"
    )


def test_session_settings_need_an_admin_with_the_scope(
    slack_client, slack_credentials, slack_token_for
):
    alice = people(slack_client)[0]
    user = WebClient(token=slack_credentials["user_token"], base_url=slack_credentials["api_url"])
    assert error_of(user.admin_users_session_getSettings, user_ids=[alice]) == "missing_scope"
    token = slack_token_for(alice, ["admin.users:write"])
    client = WebClient(token=token, base_url=slack_credentials["api_url"])
    assert error_of(client.admin_users_session_resetBulk, user_ids=[alice]) == "not_an_admin"
    assert client.auth_test()["ok"], "a refused reset ends no session"
