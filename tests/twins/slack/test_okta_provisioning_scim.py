"""Okta pushes users into Slack through the Slack twin's SCIM layer, so SCIM's rules hold."""

from __future__ import annotations

import pytest
from okta.models import Application, AppUserAssignRequest, CreateUserRequest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.scim import SCIMClient


async def test_okta_pushed_people_follow_slack_scim_rules(
    okta_client, slack_client, slack_credentials, slack_token_for, general, universe
):
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
    assert err is None
    taken = slack_client.users_info(user=slack_credentials["admin_user_id"])["user"]["name"]
    user, _, err = await okta_client.create_user(
        CreateUserRequest.from_dict(
            {
                "profile": {
                    "login": f"{taken}@partner.example",
                    "email": f"{taken}@partner.example",
                    "firstName": "Second",
                    "lastName": "Admin",
                },
                "credentials": {"password": {"value": "Sup3r-Secret!"}},
            }
        )
    )
    assert err is None
    _, _, err = await okta_client.assign_user_to_application(
        app.id, AppUserAssignRequest.from_dict({"id": user.id})
    )
    assert err is None
    pushed = slack_client.users_lookupByEmail(email=f"{taken}@partner.example")["user"]
    assert pushed["name"] == f"{taken}2", "user names stay unique, as SCIM requires"
    assert pushed["id"] in slack_client.conversations_members(channel=general)["members"]
    scim = SCIMClient(
        token=slack_credentials["user_token"], base_url=f"{universe.url}/slack/scim/v2/"
    )
    found = scim.search_users(filter=f'email eq "{taken}@partner.example"', start_index=1, count=10)
    assert [u.id for u in found.users] == [pushed["id"]]

    session = WebClient(
        token=slack_token_for(pushed["id"], ["users:read"]), base_url=slack_credentials["api_url"]
    )
    assert session.auth_test()["user_id"] == pushed["id"]
    assert (await okta_client.deactivate_user(user.id))[-1] is None
    assert slack_client.users_info(user=pushed["id"])["user"]["deleted"] is True
    with pytest.raises(SlackApiError) as ended:
        session.auth_test()
    assert ended.value.response["error"] == "invalid_auth", "deprovisioning ends Slack sessions"
