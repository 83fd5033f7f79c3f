"""Signing a person in with Sign in with Slack: the consent page, then openid.connect.token."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
from slack_sdk import WebClient

REDIRECT = "http://127.0.0.1:9/signed-in"


def sign_in_app(universe) -> dict:
    """A registered app that offers Sign in with Slack."""
    created = httpx.post(
        f"{universe.url}/slack/_apps",
        headers=universe.admin_headers,
        json={"name": "Portal", "redirect_urls": [REDIRECT], "scopes": ["chat:write"]},
    )
    assert created.status_code == 201, created.text
    return created.json()["app"]


def sign_in(universe, app: dict, user_id: str, **choices: str) -> dict:
    """Sign ``user_id`` in: the page's redirect, and the tokens the code buys (or the refusal)."""
    params = {
        "response_type": "code",
        "scope": "openid email profile",
        "client_id": app["client_id"],
        "redirect_uri": REDIRECT,
    }
    page = f"{universe.url}/slack/openid/connect/authorize"
    back = httpx.post(page, data={**params, **choices, "user": user_id, "decision": "allow"})
    if back.status_code != 302:
        return {"refused": back.status_code, "page": back.text}
    query = parse_qs(urlsplit(back.headers["location"]).query)
    sdk = WebClient(base_url=universe.credentials["slack"]["api_url"])
    return sdk.openid_connect_token(
        client_id=app["client_id"],
        client_secret=app["client_secret"],
        code=query["code"][0],
        redirect_uri=REDIRECT,
    ).data


def install(universe, app: dict, user_id: str) -> dict:
    """``user_id`` installs ``app`` with ``chat:write``: the tokens ``oauth.v2.access`` gives."""
    params = {"client_id": app["client_id"], "scope": "chat:write", "redirect_uri": REDIRECT}
    back = httpx.post(
        f"{universe.url}/slack/oauth/v2/authorize",
        data={**params, "user": user_id, "decision": "allow"},
    )
    assert back.status_code == 302, back.text
    code = parse_qs(urlsplit(back.headers["location"]).query)["code"][0]
    sdk = WebClient(base_url=universe.credentials["slack"]["api_url"])
    return sdk.oauth_v2_access(
        client_id=app["client_id"],
        client_secret=app["client_secret"],
        code=code,
        redirect_uri=REDIRECT,
    ).data
