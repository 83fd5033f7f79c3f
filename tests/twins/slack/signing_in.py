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
