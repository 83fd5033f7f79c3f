"""Sign in with Slack through Okta SSO: Okta's sign-on policy decides who gets into Slack."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
from okta.models import AddGroupRequest, Policy, PolicyRule, UpdateUserRequest
from slack_sdk import WebClient
from tests.twins.slack.signing_in import REDIRECT, sign_in_app

from darkfactory.scenarios.sign_in import through_sso
from darkfactory.twins.okta.fixtures import ADMIN_PASSWORD
from darkfactory.twins.okta.policies.enforcement import NO_FACTOR
from darkfactory.twins.okta.testing import oidc_client

PASSWORD = "Blue-Harbor-7"


def connect_sso(universe, okta_credentials: dict) -> dict:
    """An Okta OIDC app whose redirect URI is Slack's SSO callback, connected to the workspace."""
    callback = f"{universe.url}/slack/sso/callback"
    client = oidc_client(
        okta_credentials,
        "Slack",
        {"token_endpoint_auth_method": "client_secret_basic"},
        {"redirect_uris": [callback], "grant_types": ["authorization_code"]},
    )
    answer = httpx.post(
        f"{universe.url}/slack/_sso",
        headers=universe.admin_headers,
        json={"client_id": client["client_id"], "client_secret": client["client_secret"]},
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["redirect_uri"] == callback
    return answer.json()["sso"]


async def contractors_need_mfa(okta_client, login: str) -> None:
    """A Contractors group holding ``login``, and a sign-on policy requiring MFA for it."""
    contractors = AddGroupRequest.from_dict({"profile": {"name": "Contractors"}})
    group, _, err = await okta_client.add_group(contractors)
    assert err is None
    person, _, _ = await okta_client.get_user(login)
    assert (await okta_client.assign_user_to_group(group.id, person.id))[-1] is None
    policy, _, err = await okta_client.create_policy(
        Policy.from_dict(
            {
                "type": "OKTA_SIGN_ON",
                "name": "Contractors need MFA",
                "conditions": {"people": {"groups": {"include": [group.id]}}},
            }
        )
    )
    assert err is None
    _, _, err = await okta_client.create_policy_rule(
        policy.id,
        PolicyRule.from_dict(
            {
                "type": "SIGN_ON",
                "name": "Require a second factor",
                "actions": {"signon": {"access": "ALLOW", "requireFactor": True}},
            }
        ),
    )
    assert err is None


def sign_in_through_okta(universe, app: dict, login: str, password: str) -> httpx.Response:
    """Single sign-on from Slack's sign-in page, through Okta's, back to the app (or stopped)."""
    return through_sso(f"{universe.url}/slack", app["client_id"], REDIRECT, login, password)


async def test_slack_sign_in_through_okta_follows_the_sign_on_policy(
    universe, okta_client, okta_credentials, slack_client
):
    users, _, _ = await okta_client.list_users()
    in_slack = {m["profile"].get("email") for m in slack_client.users_list()["members"]}
    # one of the company: in Okta and Slack alike, so only Okta's policy can keep them out
    contractor = next(
        u for u in users if u.profile.email in in_slack and u.profile.login != "admin@example.com"
    )
    password = UpdateUserRequest.from_dict({"credentials": {"password": {"value": PASSWORD}}})
    _, _, err = await okta_client.update_user(contractor.id, password)
    assert err is None
    await contractors_need_mfa(okta_client, contractor.profile.login)
    connect_sso(universe, okta_credentials)
    app = sign_in_app(universe)

    stopped = sign_in_through_okta(universe, app, contractor.profile.login, PASSWORD)
    assert stopped.status_code == 401 and NO_FACTOR in stopped.text

    back = sign_in_through_okta(universe, app, "admin@example.com", ADMIN_PASSWORD)
    assert back.status_code == 302, back.text
    query = parse_qs(urlsplit(back.headers["location"]).query)
    assert query["state"] == ["signing-in"]
    sdk = WebClient(base_url=universe.credentials["slack"]["api_url"])
    tokens = sdk.openid_connect_token(
        client_id=app["client_id"],
        client_secret=app["client_secret"],
        code=query["code"][0],
        redirect_uri=REDIRECT,
    )
    person = WebClient(token=tokens["access_token"], base_url=sdk.base_url)
    assert person.openid_connect_userInfo()["email"] == "admin@example.com"


def test_without_sso_the_page_signs_in_directly_and_setup_needs_the_admin(universe):
    app = sign_in_app(universe)
    person = universe.credentials["slack"]["admin_user_id"]
    params = {
        "response_type": "code",
        "scope": "openid email profile",
        "client_id": app["client_id"],
        "redirect_uri": REDIRECT,
    }
    direct = httpx.post(
        f"{universe.url}/slack/openid/connect/authorize",
        data={**params, "user": person, "sign_in_with": "sso", "decision": "allow"},
    )
    assert direct.status_code == 302 and direct.headers["location"].startswith(REDIRECT)
    body = {"client_id": "0oa1", "client_secret": "s"}
    assert httpx.post(f"{universe.url}/slack/_sso", json=body).status_code == 401
    bad = httpx.post(
        f"{universe.url}/slack/_sso", headers=universe.admin_headers, json={"client_id": "x"}
    )
    assert bad.status_code == 400 and bad.json()["ok"] is False
    shown = httpx.get(f"{universe.url}/slack/_sso", headers=universe.admin_headers)
    assert shown.json()["sso"] is None


def test_an_unknown_sso_state_is_refused(universe):
    answer = httpx.get(f"{universe.url}/slack/sso/callback", params={"code": "c", "state": "x"})
    assert answer.status_code == 400 and "invalid_state" in answer.text


def test_an_idp_refusal_sends_the_app_access_denied(universe, okta_credentials):
    connect_sso(universe, okta_credentials)
    app = sign_in_app(universe)
    params = {
        "response_type": "code",
        "scope": "openid email profile",
        "client_id": app["client_id"],
        "redirect_uri": REDIRECT,
        "state": "s1",
    }
    to_okta = httpx.post(
        f"{universe.url}/slack/openid/connect/authorize",
        data={**params, "sign_in_with": "sso", "decision": "allow"},
    )
    assert to_okta.headers["location"].startswith(f"{okta_credentials['org_url']}/oauth2/v1/")
    handle = parse_qs(urlsplit(to_okta.headers["location"]).query)["state"][0]
    refused = {"state": handle, "error": "access_denied", "error_description": "no"}
    back = httpx.get(f"{universe.url}/slack/sso/callback", params=refused)
    assert back.status_code == 302
    assert parse_qs(urlsplit(back.headers["location"]).query) == {
        "error": ["access_denied"],
        "state": ["s1"],
    }
    again = httpx.get(f"{universe.url}/slack/sso/callback", params=refused)
    assert again.status_code == 400  # a sign-in is answered once
    gone = httpx.delete(f"{universe.url}/slack/_sso", headers=universe.admin_headers)
    assert gone.status_code == 200 and gone.json()["sso"] is None
    direct = httpx.post(
        f"{universe.url}/slack/openid/connect/authorize",
        data={
            **params,
            "user": universe.credentials["slack"]["admin_user_id"],
            "decision": "allow",
        },
    )
    assert direct.status_code == 302 and direct.headers["location"].startswith(REDIRECT)
