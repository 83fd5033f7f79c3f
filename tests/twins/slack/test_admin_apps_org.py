"""admin.apps requests, configuration and activities through slack_sdk."""

from __future__ import annotations

import httpx
import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from tests.helpers import eventually


def error_of(call, **kwargs) -> str:
    with pytest.raises(SlackApiError) as refused:
        call(**kwargs)
    return refused.value.response["error"]


def new_app(universe, name: str) -> dict:
    created = httpx.post(
        f"{universe.url}/slack/_apps", json={"name": name}, headers=universe.admin_headers
    )
    assert created.status_code == 201, created.text
    return created.json()["app"]


def ask(universe, **body) -> httpx.Response:
    return httpx.post(
        f"{universe.url}/slack/_app_requests", json=body, headers=universe.admin_headers
    )


def test_members_requests_are_listed_cancelled_and_settled(
    universe, slack_admin_client, slack_client
):
    admin = slack_admin_client
    member = next(
        m for m in slack_client.users_list()["members"] if not m["is_bot"] and not m["is_admin"]
    )
    wanted, other = new_app(universe, "Wanted"), new_app(universe, "Other")
    first = ask(universe, user=member["id"], app_id=wanted["app_id"], message="please").json()
    second = ask(universe, user=member["id"], app_id=other["app_id"]).json()
    listed = admin.admin_apps_requests_list()["app_requests"]
    assert [(r["id"], r["app"]["id"]) for r in listed] == [
        (first["request_id"], wanted["app_id"]),
        (second["request_id"], other["app_id"]),
    ]
    assert listed[0]["user"]["id"] == member["id"] and listed[0]["message"] == "please"

    admin.admin_apps_approve(request_id=first["request_id"])
    approved = admin.admin_apps_approved_list()["approved_apps"]
    assert wanted["app_id"] in {a["app"]["id"] for a in approved}
    admin.admin_apps_requests_cancel(request_id=second["request_id"])
    assert admin.admin_apps_requests_list()["app_requests"] == []
    assert error_of(admin.admin_apps_requests_cancel, request_id=second["request_id"]) == (
        "invalid_request_id"
    )
    assert ask(universe, user=member["id"], app_id="A0NOPE").json()["error"] == "invalid_app_id"
    assert httpx.post(f"{universe.url}/slack/_app_requests", json={}).status_code == 401


def test_app_configuration(universe, slack_admin_client):
    admin = slack_admin_client
    app = new_app(universe, "Configured")
    default = admin.admin_apps_config_lookup(app_ids=[app["app_id"]])["config"]
    assert default == [
        {
            "app_id": app["app_id"],
            "domain_restrictions": {"urls": [], "emails": []},
            "workflow_auth_strategy": "builder_choice",
        }
    ]
    admin.admin_apps_config_set(
        app_id=app["app_id"],
        domain_restrictions={"urls": ["https://ok.example"]},
        workflow_auth_strategy="end_user_only",
    )
    config = admin.admin_apps_config_lookup(app_ids=[app["app_id"]])["config"][0]
    assert config["domain_restrictions"] == {"urls": ["https://ok.example"], "emails": []}
    assert config["workflow_auth_strategy"] == "end_user_only"
    assert (
        error_of(admin.admin_apps_config_set, app_id=app["app_id"], workflow_auth_strategy="any")
        == "invalid_workflow_auth_strategy"
    )
    assert error_of(admin.admin_apps_config_lookup, app_ids=["A0NOPE"]) == "invalid_app_id"


def test_activities_are_the_apps_event_deliveries(
    serve_bolt, slack_admin_client, slack_user_client, general
):
    heard = []

    def listen(bolt):
        bolt.event("message")(lambda event: heard.append(event))

    app, bot = serve_bolt("Listener", listen, ["message.channels"])
    bot.conversations_join(channel=general)
    slack_user_client.chat_postMessage(channel=general, text="hello there")
    eventually(lambda: heard)

    def delivered():
        return slack_admin_client.admin_apps_activities_list(app_id=app["app_id"])["activities"]

    activities = eventually(delivered)
    assert activities[0]["app_id"] == app["app_id"] and activities[0]["level"] == "info"
    assert activities[0]["component_type"] == "events_api"
    assert activities[0]["event_type"] == "message"
    none = slack_admin_client.admin_apps_activities_list(
        app_id=app["app_id"], component_type="workflows"
    )
    assert none["activities"] == []


def test_app_methods_need_their_scopes_and_an_admin(
    slack_client, slack_credentials, slack_token_for
):
    user = WebClient(token=slack_credentials["user_token"], base_url=slack_credentials["api_url"])
    assert error_of(user.admin_apps_requests_list) == "missing_scope"
    assert error_of(user.admin_apps_activities_list) == "missing_scope"
    person = next(
        m for m in slack_client.users_list()["members"] if not m["is_bot"] and not m["is_admin"]
    )
    token = slack_token_for(person["id"], ["admin.apps:read"])
    client = WebClient(token=token, base_url=slack_credentials["api_url"])
    assert error_of(client.admin_apps_config_lookup, app_ids=["A1"]) == "not_an_admin"
