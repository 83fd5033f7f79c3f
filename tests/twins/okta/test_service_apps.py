"""OAuth 2.0 service apps: the SDK's PrivateKey mode (private_key_jwt) with enforced scopes."""

from __future__ import annotations

import json

import httpx
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from okta.models import CreateUserRequest


def service_app(credentials: dict) -> tuple[str, str]:
    """A service app whose JWKS holds a fresh public key; returns (client id, private PEM)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = {**json.loads(RSAAlgorithm.to_jwk(key.public_key())), "kid": "svc-key"}
    answer = httpx.post(
        f"{credentials['org_url']}/api/v1/apps",
        headers={"Authorization": f"SSWS {credentials['api_token']}"},
        json={
            "name": "oidc_client",
            "label": "Service",
            "signOnMode": "OPENID_CONNECT",
            "credentials": {"oauthClient": {"token_endpoint_auth_method": "private_key_jwt"}},
            "settings": {
                "oauthClient": {
                    "grant_types": ["client_credentials"],
                    "application_type": "service",
                    "jwks": {"keys": [public]},
                }
            },
        },
    )
    assert answer.status_code == 200, answer.text
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    return answer.json()["credentials"]["oauthClient"]["client_id"], pem


async def test_private_key_jwt_token_reads_but_cannot_manage(okta_client_for, okta_credentials):
    client_id, pem = service_app(okta_credentials)
    client = okta_client_for(
        authorizationMode="PrivateKey",
        clientId=client_id,
        scopes=["okta.users.read"],
        privateKey=pem,
        kid="svc-key",
    )
    users, _, err = await client.list_users(limit=5)
    assert err is None and len(users) == 5
    _, _, err = await client.create_user(
        CreateUserRequest.from_dict(
            {
                "profile": {
                    "login": "svc@example.com",
                    "email": "svc@example.com",
                    "firstName": "S",
                    "lastName": "V",
                }
            }
        )
    )
    assert err.status == 403 and err.error_code == "E0000006"


async def test_wrong_key_is_invalid_client(okta_client_for, okta_credentials):
    client_id, _ = service_app(okta_credentials)
    _, other = service_app(okta_credentials)
    client = okta_client_for(
        authorizationMode="PrivateKey",
        clientId=client_id,
        scopes=["okta.users.read"],
        privateKey=other,
        kid="svc-key",
    )
    users, _, err = await client.list_users()
    assert users is None and err is not None and "invalid_client" in str(err)
