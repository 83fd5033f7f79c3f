"""Sessions: signing in starts one that the browser's ``sid`` cookie carries; an app's sign-in
goes through it without asking again (single sign-on); the Sessions API reads, refreshes and
ends it; it ends when its person is suspended, signed out everywhere, or idles past the sign-on
policy's limit."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
from okta.models import AddGroupRequest, Policy, PolicyRule

from darkfactory.twins.okta.testing import REDIRECT, oidc_client


def browser(credentials: dict) -> httpx.Client:
    """A client that keeps cookies like a browser and does not follow redirects."""
    return httpx.Client(base_url=credentials["org_url"], follow_redirects=False)


def signed_in(credentials: dict) -> httpx.Client:
    """A browser whose person (the demo user) signed in at the org's sign-in page."""
    client = browser(credentials)
    demo = credentials["demo_user"]
    answer = client.post(
        "/login/login.htm", data={"username": demo["login"], "password": demo["password"]}
    )
    assert answer.status_code == 302 and answer.headers["location"].endswith("/app/UserHome")
    assert client.cookies.get("sid")
    return client


def portal(credentials: dict) -> dict:
    return oidc_client(
        credentials,
        "Portal",
        {"token_endpoint_auth_method": "client_secret_basic"},
        {"redirect_uris": [REDIRECT], "grant_types": ["authorization_code"]},
    )


def authorize(client: httpx.Client, app: dict, **extra) -> httpx.Response:
    params = {
        "client_id": app["client_id"],
        "redirect_uri": REDIRECT,
        "response_type": "code",
        "scope": "openid",
        "state": "s",
        **extra,
    }
    return client.get("/oauth2/v1/authorize", params=params)


def code_of(answer: httpx.Response) -> str | None:
    assert answer.status_code == 302, answer.text
    return parse_qs(urlsplit(answer.headers["location"]).query).get("code", [None])[0]


def test_an_app_sign_in_goes_through_the_session(okta_credentials, universe):
    app = portal(okta_credentials)
    assert authorize(browser(okta_credentials), app).status_code == 200  # the sign-in page
    client = signed_in(okta_credentials)
    assert code_of(authorize(client, app))  # no page: single sign-on
    assert authorize(client, app, prompt="login").status_code == 200
    stranger = authorize(browser(okta_credentials), app, prompt="none")
    query = parse_qs(urlsplit(stranger.headers["location"]).query)
    assert query["error"] == ["login_required"] and query["state"] == ["s"]
    events = universe.control("GET", "/journal?twin=okta&operation=authorize")["entries"]
    assert len(events) == 4


async def test_the_sessions_api_reads_refreshes_and_ends_it(
    okta_credentials, okta_client, okta_client_as, universe
):
    client = signed_in(okta_credentials)
    sid = client.cookies["sid"]
    session, _, err = await okta_client.get_session(sid)
    assert err is None
    demo, _, _ = await okta_client.get_user("demo@example.com")
    assert (session.user_id, session.login, session.status.value) == (
        demo.id,
        "demo@example.com",
        "ACTIVE",
    )
    assert [a.value for a in session.amr] == ["pwd"] and session.idp.type.value == "OKTA"

    universe.call(universe.universe.clock.advance, 600)
    refreshed, _, err = await okta_client.refresh_session(sid)
    assert err is None and refreshed.expires_at > session.expires_at

    reader = okta_client_as(role="READ_ONLY_ADMIN")
    assert (await reader.get_session(sid))[-1] is None
    refused = (await reader.revoke_session(sid))[-1]
    assert refused.status == 403 and refused.error_code == "E0000006"
    refused = (await okta_client_as().get_session(sid))[-1]
    assert refused.status == 403 and refused.error_code == "E0000006"

    assert (await okta_client.revoke_session(sid))[-1] is None
    gone = (await okta_client.get_session(sid))[-1]
    assert gone.status == 404 and gone.error_code == "E0000007"
    home = client.get("/app/UserHome")
    assert home.status_code == 302 and "/login/login.htm" in home.headers["location"]


async def test_suspension_and_signing_out_everywhere_end_sessions(okta_credentials, okta_client):
    app = portal(okta_credentials)
    demo, _, _ = await okta_client.get_user("demo@example.com")
    client = signed_in(okta_credentials)
    assert (await okta_client.suspend_user(demo.id))[-1] is None
    assert authorize(client, app).status_code == 200  # asked to sign in again
    assert (await okta_client.unsuspend_user(demo.id))[-1] is None
    assert (await okta_client.get_session(client.cookies["sid"]))[-1] is None

    assert (await okta_client.revoke_user_sessions(demo.id))[-1] is None
    assert authorize(client, app).status_code == 200
    ended = (await okta_client.get_session(client.cookies["sid"]))[-1]
    assert ended.status == 404


async def test_a_session_idles_out_after_the_sign_on_rule_s_limit(
    okta_credentials, okta_client, universe
):
    group, _, _ = await okta_client.add_group(
        AddGroupRequest.from_dict({"profile": {"name": "Short sessions"}})
    )
    await okta_client.assign_user_to_group(group.id, "demo@example.com")
    policy, _, err = await okta_client.create_policy(
        Policy.from_dict(
            {
                "type": "OKTA_SIGN_ON",
                "name": "Short sessions",
                "conditions": {"people": {"groups": {"include": [group.id]}}},
            }
        )
    )
    assert err is None
    session_rule = {"access": "ALLOW", "session": {"maxSessionIdleMinutes": 5}}
    _, _, err = await okta_client.create_policy_rule(
        policy.id,
        PolicyRule.from_dict(
            {"type": "SIGN_ON", "name": "Five minutes", "actions": {"signon": session_rule}}
        ),
    )
    assert err is None
    app = portal(okta_credentials)
    client = signed_in(okta_credentials)
    universe.call(universe.universe.clock.advance, 240)
    assert code_of(authorize(client, app))  # used within the limit: it idles from now
    universe.call(universe.universe.clock.advance, 240)
    assert code_of(authorize(client, app))
    universe.call(universe.universe.clock.advance, 301)
    assert authorize(client, app).status_code == 200


def test_a_wrong_password_starts_no_session(okta_credentials):
    client = browser(okta_credentials)
    refused = client.post(
        "/login/login.htm", data={"username": "demo@example.com", "password": "wrong"}
    )
    assert refused.status_code == 401 and "Unable to sign in" in refused.text
    assert "sid" not in client.cookies
