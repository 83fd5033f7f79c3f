"""App tokens through the okta SDK: the refresh tokens an app holds, and revoking them for good."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx

from darkfactory.twins.okta.fixtures import DEMO_PASSWORD
from darkfactory.twins.okta.testing import REDIRECT, oidc_client

SCOPE = "openid profile offline_access"


def signed_in_app(credentials: dict) -> tuple[dict, dict]:
    """A web app and the tokens it got for the demo user: (its oauthClient, the tokens)."""
    org = credentials["org_url"]
    app = oidc_client(
        credentials,
        "Notes",
        {"token_endpoint_auth_method": "client_secret_basic"},
        {"redirect_uris": [REDIRECT], "grant_types": ["authorization_code", "refresh_token"]},
    )
    form = {"client_id": app["client_id"], "redirect_uri": REDIRECT, "response_type": "code"}
    signed_in = httpx.post(
        f"{org}/oauth2/v1/authorize",
        data={
            **form,
            "scope": SCOPE,
            "state": "s",
            "username": "demo@example.com",
            "password": DEMO_PASSWORD,
        },
    )
    code = parse_qs(urlsplit(signed_in.headers["location"]).query)["code"][0]
    tokens = httpx.post(
        f"{org}/oauth2/v1/token",
        auth=(app["client_id"], app["client_secret"]),
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT},
    ).json()
    return app, tokens


def refresh(credentials: dict, app: dict, refresh_token: str) -> httpx.Response:
    return httpx.post(
        f"{credentials['org_url']}/oauth2/v1/token",
        auth=(app["client_id"], app["client_secret"]),
        data={"grant_type": "refresh_token", "refresh_token": refresh_token},
    )


async def test_an_apps_refresh_tokens_are_listed_and_revoked_for_good(
    okta_client, okta_credentials
):
    app, tokens = signed_in_app(okta_credentials)
    app_id = app["client_id"]
    demo, _, _ = await okta_client.get_user("demo@example.com")
    listed, _, err = await okta_client.list_o_auth2_tokens_for_application(app_id, expand="scope")
    assert err is None and len(listed) == 1
    token = listed[0]
    assert token.user_id == demo.id and token.client_id == app_id
    assert set(token.scopes) == set(SCOPE.split()) and token.status.value == "ACTIVE"
    assert token.issuer == okta_credentials["org_url"]
    assert tokens["refresh_token"] not in token.id  # the id tells nothing of the token
    got, _, err = await okta_client.get_o_auth2_token_for_application(app_id, token.id)
    assert err is None and got.id == token.id
    refreshed = refresh(okta_credentials, app, tokens["refresh_token"])
    assert refreshed.status_code == 200  # and holds a second refresh token

    assert (await okta_client.revoke_o_auth2_token_for_application(app_id, token.id))[-1] is None
    refused = refresh(okta_credentials, app, tokens["refresh_token"])
    assert refused.status_code == 400 and refused.json()["error"] == "invalid_grant"
    _, _, err = await okta_client.get_o_auth2_token_for_application(app_id, token.id)
    assert err.status == 404 and err.error_code == "E0000007"
    left, _, _ = await okta_client.list_o_auth2_tokens_for_application(app_id)
    assert [t.id for t in left] != [token.id] and len(left) == 1

    other_app, other = signed_in_app(okta_credentials)
    assert (await okta_client.revoke_o_auth2_tokens_for_application(app_id))[-1] is None
    assert (await okta_client.list_o_auth2_tokens_for_application(app_id))[0] == []
    second = refreshed.json()["refresh_token"]
    assert refresh(okta_credentials, app, second).status_code == 400
    assert refresh(okta_credentials, other_app, other["refresh_token"]).status_code == 200


async def test_app_tokens_refuse_read_only_admins_and_unscoped_tokens(
    okta_client, okta_credentials, okta_client_as
):
    app, _ = signed_in_app(okta_credentials)
    read_only = okta_client_as(role="READ_ONLY_ADMIN")
    listed, _, err = await read_only.list_o_auth2_tokens_for_application(app["client_id"])
    assert err is None and len(listed) == 1
    _, err = await read_only.revoke_o_auth2_tokens_for_application(app["client_id"])
    assert err.status == 403 and err.error_code == "E0000006"
    users_only = okta_client_as(scopes=["okta.users.read"])
    _, _, err = await users_only.list_o_auth2_tokens_for_application(app["client_id"])
    assert err.status == 403 and err.error_code == "E0000006"
    assert len((await okta_client.list_o_auth2_tokens_for_application(app["client_id"]))[0]) == 1
