"""pytest fixtures: a ready async ``okta`` SDK client for the test universe's Okta twin.

The SDK refuses a plain-http ``orgUrl`` unless its *top-level* ``testing.testingDisableHttpsCheck``
is set; a dict passed to ``Client`` only reaches the ``client`` section, so the supported ways are
``okta.yaml`` or the environment variable ``OKTA_TESTING_TESTINGDISABLEHTTPSCHECK``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from darkfactory.twins.kit.sdk import sdk

if TYPE_CHECKING:
    from okta.client import Client as OktaClient

HTTPS_CHECK_ENV = "OKTA_TESTING_TESTINGDISABLEHTTPSCHECK"


def okta_config(org_url: str, token: str) -> dict:
    return {"orgUrl": org_url, "token": token, "testing": {"testingDisableHttpsCheck": True}}


@pytest.fixture
def okta_credentials(universe) -> dict:
    return universe.credentials["okta"]


@pytest.fixture
def okta_client_for(okta_credentials, monkeypatch):
    """Build SDK clients for the twin: ``okta_client_for(token=None, **config)``."""
    client = sdk("okta.client", "okta")
    monkeypatch.setenv(HTTPS_CHECK_ENV, "true")

    def build(token: str | None = None, **config) -> OktaClient:
        base = okta_config(okta_credentials["org_url"], token or okta_credentials["api_token"])
        return client.Client({**base, **config})

    return build


@pytest.fixture
def okta_client(okta_client_for) -> OktaClient:
    """An ``okta.client.Client`` using the seeded super admin's API token (``SSWS``)."""
    return okta_client_for()


@pytest.fixture
def okta_client_as(universe, okta_client_for):
    """SDK clients for the deny paths: ``okta_client_as(role=...)`` acts with an API token bound
    to one admin role (``None``: a plain user's token, no role); ``okta_client_as(scopes=[...])``
    with an OAuth access token of the super admin holding only those scopes."""
    made = iter(range(1000))

    def build(role: str | None = None, scopes: list[str] | None = None) -> OktaClient:
        token = f"00test{next(made)}{role or ''}{len(scopes or ())}"

        def issue() -> str:
            okta = universe.universe.twins["okta"]
            login = "demo@example.com" if scopes is None else "admin@example.com"
            user = okta.state.user(login)
            kind, meta = ("ssws", {"role": role} if role else {})
            if scopes is not None:
                kind, meta = "oauth", {"server": "org", "client_id": "0oatest"}
            with universe.universe.store.transaction():
                universe.universe.tokens.issue(
                    "okta", token, user["id"], scopes or (), kind=kind, meta=meta
                )
            return token

        universe.call(issue)
        if scopes is not None:
            return okta_client_for(token, authorizationMode="Bearer")
        return okta_client_for(token)

    return build


async def send(client: OktaClient, method: str, path: str, body: dict | None = None):
    """An API call the SDK has no typed method for (a factor's ``passCode`` ...) through its
    request executor: ``(parsed body, error)``."""
    executor = client.get_request_executor()
    url = f"{client.get_config()['client']['orgUrl']}{path}"
    request, error = await executor.create_request(method, url, body or {}, keep_empty_params=True)
    if error:
        return None, error
    _, response_body, error = await executor.execute(request)
    if error:
        return None, error
    return (json.loads(response_body) if response_body else None), None


async def assert_only_scope_managers_write(client_as, scope: str, write) -> None:
    """``write(client)`` is refused (403 E0000006) to a read-only admin, a user with no admin role
    and a token holding only ``scope.read``; a token holding ``scope.manage`` may make it."""
    for client in (
        client_as(role="READ_ONLY_ADMIN"),
        client_as(),
        client_as(scopes=[f"{scope}.read"]),
    ):
        err = (await write(client))[-1]
        assert err.status == 403 and err.error_code == "E0000006"
    assert (await write(client_as(scopes=[f"{scope}.manage"])))[-1] is None


REDIRECT = "http://127.0.0.1:9/callback"


def oidc_client(credentials: dict, label: str, auth: dict, settings: dict) -> dict:
    """Create an OIDC app as the org's admin: ``auth`` is its ``credentials.oauthClient`` (the
    token endpoint's auth method), ``settings`` its ``settings.oauthClient``. Returns the app's
    ``oauthClient`` credentials (``client_id``, and ``client_secret`` where it has one)."""
    answer = httpx.post(
        f"{credentials['org_url']}/api/v1/apps",
        headers={"Authorization": f"SSWS {credentials['api_token']}"},
        json={
            "name": "oidc_client",
            "label": label,
            "signOnMode": "OPENID_CONNECT",
            "credentials": {"oauthClient": auth},
            "settings": {"oauthClient": settings},
        },
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["credentials"]["oauthClient"]


def grant_scopes(credentials: dict, app_id: str, scopes: list[str]) -> None:
    """Grant an app Okta API scopes as the org's admin (``POST /api/v1/apps/{id}/grants``)."""
    for scope in scopes:
        answer = httpx.post(
            f"{credentials['org_url']}/api/v1/apps/{app_id}/grants",
            headers={"Authorization": f"SSWS {credentials['api_token']}"},
            json={"scopeId": scope, "issuer": credentials["org_url"]},
        )
        assert answer.status_code == 201, answer.text


def server_scope(credentials: dict, name: str, server: str = "default") -> dict:
    """Add the custom scope ``name`` to an authorization server as the org's admin."""
    answer = httpx.post(
        f"{credentials['org_url']}/api/v1/authorizationServers/{server}/scopes",
        headers={"Authorization": f"SSWS {credentials['api_token']}"},
        json={"name": name},
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


def sign_in(credentials: dict, login: str, password: str, scope: str, granted: bool = True) -> dict:
    """Sign ``login`` in through a new OIDC web app on the org authorization server (granted the
    Okta API scopes in ``scope``, unless ``granted`` is false), as a browser posting the sign-in
    form would, and redeem the code: the token endpoint's answer."""
    org = credentials["org_url"]
    app = oidc_client(
        credentials,
        "Admin tool",
        {"token_endpoint_auth_method": "client_secret_basic"},
        {"redirect_uris": [REDIRECT], "grant_types": ["authorization_code"]},
    )
    if granted:
        okta_scopes = [s for s in scope.split() if s.startswith("okta.")]
        grant_scopes(credentials, app["client_id"], okta_scopes)
    form = {"client_id": app["client_id"], "redirect_uri": REDIRECT, "response_type": "code"}
    answer = httpx.post(
        f"{org}/oauth2/v1/authorize",
        data={**form, "scope": scope, "state": "s", "username": login, "password": password},
    )
    code = parse_qs(urlsplit(answer.headers["location"]).query)["code"][0]
    return httpx.post(
        f"{org}/oauth2/v1/token",
        auth=(app["client_id"], app["client_secret"]),
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT},
    ).json()
