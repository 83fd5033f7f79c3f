"""The web-server OAuth flow in tests: a person signs in and allows the test's client on the
consent page, then the client trades the code for tokens."""

from __future__ import annotations

import httpx

from darkfactory.twins.google.auth import scope_url


def authorization(credentials: dict, **query) -> dict:
    """The consent page's query for the test's OAuth client asking for a code; ``query`` adds
    ``scope`` and the rest, or overrides."""
    return {
        "client_id": credentials["oauth_client"]["client_id"],
        "redirect_uri": "http://127.0.0.1:1/cb",
        "response_type": "code",
        **query,
    }


def answer_consent(
    browser: httpx.Client,
    url: str,
    account: str,
    password: str,
    decision: str,
    granted: list[str] | None = None,
) -> httpx.Response:
    """On the consent page at ``url`` (its query the app's request), ``account`` signs in with
    ``password`` and answers ``decision``, allowing the scopes in ``granted`` (by default all
    asked): the page's answer."""
    signed_in = browser.post(url, data={"step": "signin", "email": account, "password": password})
    assert signed_in.status_code == 200, signed_in.text
    chosen = httpx.URL(url).params.get("scope", "").split() if granted is None else granted
    answer = {"step": "consent", "decision": decision, "granted": [scope_url(s) for s in chosen]}
    return browser.post(url, data=answer)


def decide(
    credentials: dict, query: dict, account: str, decision: str, granted: list[str] | None = None
) -> httpx.Response:
    """``account`` signs in with their password and answers what ``query`` asks: the redirect
    back."""
    url = str(httpx.URL(f"{credentials['root_url']}o/oauth2/auth", params=query))
    password = credentials["users"][account]["password"]
    with httpx.Client() as browser:
        return answer_consent(browser, url, account, password, decision, granted)


def allow(credentials: dict, query: dict, account: str) -> httpx.Response:
    """``account`` signs in and allows everything ``query`` asks: the redirect back."""
    return decide(credentials, query, account, "allow")


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
