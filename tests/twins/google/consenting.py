"""The web-server OAuth flow in tests: a person allows the test's client on the consent page, then
the client trades the code for tokens."""

from __future__ import annotations

import httpx


def authorization(credentials: dict, **query) -> dict:
    """The consent page's query for the test's OAuth client asking for a code; ``query`` adds
    ``scope`` and the rest, or overrides."""
    return {
        "client_id": credentials["oauth_client"]["client_id"],
        "redirect_uri": "http://127.0.0.1:1/cb",
        "response_type": "code",
        **query,
    }


def allow(credentials: dict, query: dict, account: str) -> httpx.Response:
    """``account`` allows what ``query`` asks on the consent page: the redirect back."""
    return httpx.post(
        f"{credentials['root_url']}o/oauth2/auth",
        data={**query, "account": account, "decision": "allow"},
    )


def code_of(redirect: httpx.Response) -> str:
    return httpx.URL(redirect.headers["location"]).params["code"]


def exchange(credentials: dict, query: dict, code: str) -> dict:
    """The token endpoint's form that trades ``code`` (given for ``query``) for tokens."""
    oauth = credentials["oauth_client"]
    return {
        "grant_type": "authorization_code",
        "code": code,
        "client_id": oauth["client_id"],
        "client_secret": oauth["client_secret"],
        "redirect_uri": query["redirect_uri"],
    }
