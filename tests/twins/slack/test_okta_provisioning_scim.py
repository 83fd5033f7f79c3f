"""Okta pushes users into Slack through the Slack twin's SCIM layer, so SCIM's rules hold."""

from __future__ import annotations

import httpx
import pytest
from okta.models import Application, AppUserAssignRequest, CreateUserRequest
from slack_bolt import App
from slack_bolt.adapter.starlette import SlackRequestHandler
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.scim import SCIMClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.routing import Route
from tests.helpers import eventually

from darkfactory.twins.kit.server import serve_app


@pytest.fixture
def directory_watcher(universe, slack_credentials):
    """A bolt app subscribed to ``team_join`` and ``user_change``; yields the events it hears."""
    apps_url = f"{universe.url}/slack/_apps"
    created = httpx.post(
        apps_url,
        headers=universe.admin_headers,
        json={"name": "Directory", "events": ["team_join", "user_change"]},
    ).json()["app"]
    bolt = App(
        token=created["bot_token"],
        signing_secret=created["signing_secret"],
        client=WebClient(token=created["bot_token"], base_url=slack_credentials["api_url"]),
    )
    heard: list[dict] = []
    bolt.event("team_join")(lambda event: heard.append(event))
    bolt.event("user_change")(lambda event: heard.append(event))
    handler = SlackRequestHandler(bolt)

    async def endpoint(request: Request):
        return await handler.handle(request)

    base, server = serve_app(Starlette(routes=[Route("/events", endpoint, methods=["POST"])]))
    patched = httpx.patch(
        f"{apps_url}/{created['app_id']}",
        headers=universe.admin_headers,
        json={"request_url": f"{base}/events"},
    )
    assert patched.status_code == 200, patched.text
    yield heard
    server.should_exit = True


async def test_okta_pushed_people_follow_slack_scim_rules(
    okta_client,
    slack_client,
    slack_credentials,
    slack_token_for,
    general,
    universe,
    directory_watcher,
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
    joined = eventually(lambda: [e for e in directory_watcher if e["type"] == "team_join"])
    assert [e["user"]["id"] for e in joined] == [pushed["id"]]
    assert joined[0]["user"]["profile"]["email"] == f"{taken}@partner.example"
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
    changed = eventually(
        lambda: [
            e for e in directory_watcher if e["type"] == "user_change" and e["user"]["deleted"]
        ]
    )
    assert [e["user"]["id"] for e in changed] == [pushed["id"]]
    with pytest.raises(SlackApiError) as ended:
        session.auth_test()
    assert ended.value.response["error"] == "invalid_auth", "deprovisioning ends Slack sessions"
