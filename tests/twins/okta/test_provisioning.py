"""Provisioning: an Okta app linked to the Slack twin pushes assigned users into Slack."""

from __future__ import annotations

import pytest
from okta.models import (
    AddGroupRequest,
    Application,
    ApplicationGroupAssignment,
    AppUserAssignRequest,
    CreateUserRequest,
    UpdateUserRequest,
)
from slack_sdk.errors import SlackApiError


async def make_user(client, login: str, first: str):
    user, _, err = await client.create_user(
        CreateUserRequest.from_dict(
            {
                "profile": {
                    "login": login,
                    "email": login,
                    "firstName": first,
                    "lastName": "Pushed",
                },
                "credentials": {"password": {"value": "Sup3r-Secret!"}},
            }
        )
    )
    assert err is None
    return user


def slack_user(slack_client, email: str) -> dict:
    return slack_client.users_lookupByEmail(email=email)["user"]


async def test_group_assignment_provisions_updates_and_deprovisions(okta_client, slack_client):
    app, _, err = await okta_client.create_application(
        Application.from_dict(
            {
                "name": "slack",
                "label": "Slack",
                "signOnMode": "BOOKMARK",
                "settings": {"app": {"url": "https://darkfactory.slack.com"}},
            }
        )
    )
    assert err is None and "PUSH_NEW_USERS" in app.features
    group, _, _ = await okta_client.add_group(
        AddGroupRequest.from_dict({"profile": {"name": "Slack users"}})
    )
    alice = await make_user(okta_client, "alice.push@example.com", "Alice")
    bob = await make_user(okta_client, "bob.push@example.com", "Bob")
    for user in (alice, bob):
        await okta_client.assign_user_to_group(group.id, user.id)
    with pytest.raises(SlackApiError):
        slack_client.users_lookupByEmail(email="alice.push@example.com")

    await okta_client.assign_group_to_application(
        app.id, group.id, ApplicationGroupAssignment.from_dict({"priority": 0})
    )
    assert slack_user(slack_client, "alice.push@example.com")["real_name"] == "Alice Pushed"
    assert slack_user(slack_client, "bob.push@example.com")["deleted"] is False

    await okta_client.update_user(
        alice.id, UpdateUserRequest.from_dict({"profile": {"lastName": "Renamed"}})
    )
    assert slack_user(slack_client, "alice.push@example.com")["real_name"] == "Alice Renamed"

    assert (await okta_client.deactivate_user(bob.id))[-1] is None
    assert slack_user(slack_client, "bob.push@example.com")["deleted"] is True
    assert slack_user(slack_client, "alice.push@example.com")["deleted"] is False

    await okta_client.unassign_user_from_group(group.id, alice.id)
    assert slack_user(slack_client, "alice.push@example.com")["deleted"] is True

    events, _, _ = await okta_client.list_log_events(
        filter=f'target.id eq "{app.id}" and eventType sw "application.provision"'
    )
    assert [e.event_type for e in events] == [
        "application.provision.user.push",
        "application.provision.user.push",
        "application.provision.user.push_profile",
        "application.provision.user.deactivate",
        "application.provision.user.deactivate",
    ]


async def test_unlinked_apps_do_not_provision(okta_client, slack_client):
    app, _, _ = await okta_client.create_application(
        Application.from_dict(
            {
                "name": "bookmark",
                "label": "Wiki",
                "signOnMode": "BOOKMARK",
                "settings": {"app": {"url": "https://example.com"}},
            }
        )
    )
    carol = await make_user(okta_client, "carol.push@example.com", "Carol")
    await okta_client.assign_user_to_application(
        app.id, AppUserAssignRequest.from_dict({"id": carol.id, "scope": "USER"})
    )
    with pytest.raises(SlackApiError):
        slack_client.users_lookupByEmail(email="carol.push@example.com")
