"""OIDC: discovery, authorization code + PKCE through the sign-in page in Chromium, tokens."""

from __future__ import annotations

import httpx
import jwt
import pytest
from authlib.common.security import generate_token
from authlib.integrations.httpx_client import OAuth2Client

from darkfactory.twins.okta.testing import REDIRECT, oidc_client, server_scope


def oidc_app(credentials: dict, *grant_types: str, **oauth_client) -> dict:
    """A web app allowed ``grant_types``; ``oauth_client`` sets its token endpoint auth method."""
    settings = {"redirect_uris": [REDIRECT], "grant_types": list(grant_types)}
    return oidc_client(credentials, "Relying Party", oauth_client, settings)


def issuer(credentials: dict) -> str:
    return f"{credentials['org_url']}/oauth2/default"


def test_discovery_documents_both_servers(okta_credentials):
    default = httpx.get(f"{issuer(okta_credentials)}/.well-known/openid-configuration").json()
    assert default["issuer"] == issuer(okta_credentials)
    assert default["jwks_uri"] == f"{issuer(okta_credentials)}/v1/keys"
    org = httpx.get(f"{okta_credentials['org_url']}/.well-known/oauth-authorization-server")
    assert org.json()["token_endpoint"] == f"{okta_credentials['org_url']}/oauth2/v1/token"
    missing = httpx.get(f"{okta_credentials['org_url']}/oauth2/nope/v1/keys")
    assert missing.status_code == 404 and missing.json()["errorCode"] == "E0000007"


@pytest.mark.browser
def test_authlib_code_flow_with_pkce_through_the_sign_in_page(okta_credentials, browser_page):
    client_info = oidc_app(
        okta_credentials,
        "authorization_code",
        "refresh_token",
        token_endpoint_auth_method="none",
    )
    meta = httpx.get(f"{issuer(okta_credentials)}/.well-known/openid-configuration").json()
    rp = OAuth2Client(
        client_info["client_id"],
        redirect_uri=REDIRECT,
        scope="openid profile email offline_access",
        code_challenge_method="S256",
        token_endpoint_auth_method="none",
    )
    verifier, nonce = generate_token(48), generate_token(16)
    url, state = rp.create_authorization_url(
        meta["authorization_endpoint"], code_verifier=verifier, nonce=nonce
    )
    landed = []
    browser_page.route(
        f"{REDIRECT}*",
        lambda route: (landed.append(route.request.url), route.fulfill(body="signed in")),
    )
    browser_page.goto(url)
    browser_page.fill("#okta-signin-username", "demo@example.com")
    browser_page.fill("#okta-signin-password", "wrong-password")
    browser_page.click("#okta-signin-submit")
    assert browser_page.get_by_role("alert").inner_text() == "Unable to sign in"
    browser_page.fill("#okta-signin-username", okta_credentials["demo_user"]["login"])
    browser_page.fill("#okta-signin-password", okta_credentials["demo_user"]["password"])
    browser_page.click("#okta-signin-submit")
    browser_page.wait_for_url(f"{REDIRECT}*")
    assert landed and f"state={state}" in landed[0]
    token = rp.fetch_token(
        meta["token_endpoint"], authorization_response=landed[0], code_verifier=verifier
    )
    signing_key = jwt.PyJWKClient(meta["jwks_uri"]).get_signing_key_from_jwt(token["id_token"])
    claims = jwt.decode(
        token["id_token"],
        signing_key.key,
        algorithms=["RS256"],
        audience=client_info["client_id"],
        issuer=meta["issuer"],
    )
    assert claims["nonce"] == nonce and claims["email"] == "demo@example.com"
    assert claims["preferred_username"] == "demo@example.com" and "groups" not in claims
    info = httpx.get(
        meta["userinfo_endpoint"], headers={"Authorization": f"Bearer {token['access_token']}"}
    ).json()
    assert info["sub"] == claims["sub"]
    refreshed = rp.refresh_token(meta["token_endpoint"], refresh_token=token["refresh_token"])
    assert refreshed["access_token"] != token["access_token"]
    replay = httpx.post(
        meta["token_endpoint"],
        data={
            "grant_type": "authorization_code",
            "client_id": client_info["client_id"],
            "code": "reused",
            "redirect_uri": REDIRECT,
            "code_verifier": verifier,
        },
    )
    assert replay.status_code == 400 and replay.json()["error"] == "invalid_grant"


def test_client_credentials_introspect_revoke_and_key_rotation(okta_credentials):
    client_info = oidc_app(okta_credentials, "client_credentials")
    server_scope(okta_credentials, "api.read")
    auth = (client_info["client_id"], client_info["client_secret"])
    base = f"{issuer(okta_credentials)}/v1"
    bad = httpx.post(
        f"{base}/token",
        auth=(auth[0], "wrong"),
        data={"grant_type": "client_credentials", "scope": "api.read"},
    )
    assert bad.status_code == 401 and bad.json()["error"] == "invalid_client"
    issued = httpx.post(
        f"{base}/token", auth=auth, data={"grant_type": "client_credentials", "scope": "api.read"}
    ).json()
    access = issued["access_token"]
    jwks = jwt.PyJWKClient(f"{base}/keys")
    claims = jwt.decode(
        access,
        jwks.get_signing_key_from_jwt(access).key,
        algorithms=["RS256"],
        audience="api://default",
    )
    assert claims["cid"] == client_info["client_id"] and claims["scp"] == ["api.read"]
    active = httpx.post(f"{base}/introspect", auth=auth, data={"token": access}).json()
    assert active["active"] is True and active["client_id"] == client_info["client_id"]
    assert httpx.post(f"{base}/revoke", auth=auth, data={"token": access}).status_code == 200
    assert httpx.post(f"{base}/introspect", auth=auth, data={"token": access}).json() == {
        "active": False
    }
    old_kid = jwt.get_unverified_header(access)["kid"]
    rotated = httpx.post(
        f"{okta_credentials['org_url']}/api/v1/authorizationServers/default/credentials/"
        "lifecycle/keyRotate",
        headers={"Authorization": f"SSWS {okta_credentials['api_token']}"},
    )
    assert rotated.status_code == 200 and rotated.json()[0]["kid"] != old_kid
    fresh = httpx.post(
        f"{base}/token", auth=auth, data={"grant_type": "client_credentials", "scope": "api.read"}
    ).json()
    assert jwt.get_unverified_header(fresh["access_token"])["kid"] == rotated.json()[0]["kid"]
    assert old_kid in {k["kid"] for k in httpx.get(f"{base}/keys").json()["keys"]}
