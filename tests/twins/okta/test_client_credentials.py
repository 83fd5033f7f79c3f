"""An OIDC app's client secrets and JSON Web Keys through the okta SDK, and what the token
endpoint then accepts."""

from __future__ import annotations

import base64

import httpx
from cryptography.hazmat.primitives.asymmetric import rsa
from okta.models import OAuth2ClientSecretRequestBody

from darkfactory.twins.okta.testing import REDIRECT, oidc_client, send


def web_app(credentials: dict) -> dict:
    return oidc_client(
        credentials,
        "Reports",
        {"token_endpoint_auth_method": "client_secret_basic"},
        {"redirect_uris": [REDIRECT], "grant_types": ["authorization_code"]},
    )


def authenticates(credentials: dict, client_id: str, secret: str) -> bool:
    """Whether the token endpoint's family (here ``/v1/introspect``) accepts the secret."""
    answer = httpx.post(
        f"{credentials['org_url']}/oauth2/v1/introspect",
        auth=(client_id, secret),
        data={"token": "not-a-token"},
    )
    return answer.status_code == 200


def b64url(number: int) -> str:
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def rsa_jwk(kid: str, bits: int = 2048) -> dict:
    public = rsa.generate_private_key(public_exponent=65537, key_size=bits).public_key()
    numbers = public.public_numbers()
    key = {
        "kid": kid,
        "kty": "RSA",
        "alg": "RS256",
        "use": "sig",
        "e": b64url(numbers.e),
        "n": b64url(numbers.n),
        "status": "ACTIVE",
    }
    return key


async def add_jwk(client, app_id: str, key: dict):
    """``addJwk`` as Okta documents it: the SDK's request model drops the key's ``e`` and ``n``."""
    return await send(client, "POST", f"/api/v1/apps/{app_id}/credentials/jwks", key)


async def test_client_secrets_rotate_and_decide_what_the_token_endpoint_accepts(
    okta_client, okta_credentials
):
    app = web_app(okta_credentials)
    app_id, first = app["client_id"], app["client_secret"]
    listed, _, err = await okta_client.list_o_auth2_client_secrets(app_id)
    assert err is None and [(s.client_secret, s.status) for s in listed] == [(first, "ACTIVE")]

    created, resp, err = await okta_client.create_o_auth2_client_secret(app_id)
    assert err is None and resp.status_code == 201 and created.status == "ACTIVE"
    assert created.client_secret != first and created.secret_hash
    assert authenticates(okta_credentials, app_id, created.client_secret)
    _, _, err = await okta_client.create_o_auth2_client_secret(
        app_id, OAuth2ClientSecretRequestBody(client_secret="short")
    )
    assert err.status == 400 and err.error_code == "E0000001"

    retired, _, err = await okta_client.deactivate_o_auth2_client_secret(app_id, created.id)
    assert err is None and retired.status == "INACTIVE"
    assert not authenticates(okta_credentials, app_id, created.client_secret)
    assert authenticates(okta_credentials, app_id, first)
    _, _, err = await okta_client.deactivate_o_auth2_client_secret(app_id, listed[0].id)
    assert err.status == 400  # the only active secret
    _, err = await okta_client.delete_o_auth2_client_secret(app_id, listed[0].id)
    assert err.status == 400  # an active secret
    assert (await okta_client.delete_o_auth2_client_secret(app_id, created.id))[-1] is None
    _, _, err = await okta_client.get_o_auth2_client_secret(app_id, created.id)
    assert err.status == 404 and err.error_code == "E0000007"


async def test_json_web_keys_become_the_apps_jwks_while_active(okta_client, okta_credentials):
    app_id = web_app(okta_credentials)["client_id"]
    key, err = await add_jwk(okta_client, app_id, rsa_jwk("key-1"))
    assert err is None and key["kid"] == "key-1" and key["status"] == "ACTIVE"
    got, _, err = await okta_client.get_jwk(app_id, key["id"])
    assert err is None and got.actual_instance.kid == "key-1"

    def app_kids(app: dict) -> list[str]:
        return [k["kid"] for k in app["settings"]["oauthClient"]["jwks"]["keys"]]

    app, _ = await send(okta_client, "GET", f"/api/v1/apps/{app_id}")
    assert app_kids(app) == ["key-1"]
    _, err = await add_jwk(okta_client, app_id, rsa_jwk("key-1"))
    assert err.status == 400 and "unique" in err.error_causes[0]["errorSummary"]
    _, err = await add_jwk(okta_client, app_id, rsa_jwk("weak", bits=1024))
    assert err.status == 400 and err.error_code == "E0000001"

    listed, _, err = await okta_client.list_jwk(app_id)
    assert err is None and [k.actual_instance.kid for k in listed] == ["key-1"]
    _, _, err = await okta_client.deactivate_o_auth2_client_json_web_key(app_id, key["id"])
    assert err is None
    app, _ = await send(okta_client, "GET", f"/api/v1/apps/{app_id}")
    assert app_kids(app) == []
    assert (await okta_client.deletejwk(app_id, key["id"]))[-1] is None


async def test_client_credentials_refuse_read_only_admins_and_unscoped_tokens(
    okta_client, okta_credentials, okta_client_as
):
    app_id = web_app(okta_credentials)["client_id"]
    read_only = okta_client_as(role="READ_ONLY_ADMIN")
    listed, _, err = await read_only.list_o_auth2_client_secrets(app_id)
    assert err is None and len(listed) == 1
    _, _, err = await read_only.create_o_auth2_client_secret(app_id)
    assert err.status == 403 and err.error_code == "E0000006"
    _, err = await add_jwk(read_only, app_id, rsa_jwk("k"))
    assert err.status == 403
    users_only = okta_client_as(scopes=["okta.users.manage"])
    _, _, err = await users_only.list_jwk(app_id)
    assert err.status == 403 and err.error_code == "E0000006"
