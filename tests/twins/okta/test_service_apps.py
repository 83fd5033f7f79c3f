"""OAuth 2.0 service apps: the SDK's PrivateKey mode (private_key_jwt), scopes and granted roles."""

from __future__ import annotations

import json

import httpx
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from okta.models import (
    AssignRoleToClientRequest,
    CreateUserRequest,
    StandardRoleAssignmentSchema,
)

from darkfactory.twins.okta.testing import grant_scopes, oidc_client, send, server_scope

GRANTED = ["okta.users.read", "okta.users.manage"]


def service_app(credentials: dict, granted: list[str] = GRANTED) -> tuple[str, str]:
    """A service app whose JWKS holds a fresh public key, granted the ``granted`` Okta API
    scopes; returns (client id, private PEM)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = {**json.loads(RSAAlgorithm.to_jwk(key.public_key())), "kid": "svc-key"}
    client = oidc_client(
        credentials,
        "Service",
        {"token_endpoint_auth_method": "private_key_jwt"},
        {
            "grant_types": ["client_credentials"],
            "application_type": "service",
            "jwks": {"keys": [public]},
        },
    )
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    grant_scopes(credentials, client["client_id"], granted)
    return client["client_id"], pem


def new_user(login: str) -> CreateUserRequest:
    return CreateUserRequest.from_dict(
        {"profile": {"login": login, "email": login, "firstName": "S", "lastName": "V"}}
    )


def to_client(role: str) -> AssignRoleToClientRequest:
    return AssignRoleToClientRequest(StandardRoleAssignmentSchema(type=role))


async def test_a_service_app_acts_with_the_roles_granted_to_it(
    okta_client, okta_client_for, okta_credentials
):
    client_id, pem = service_app(okta_credentials)
    client = okta_client_for(
        authorizationMode="PrivateKey",
        clientId=client_id,
        scopes=["okta.users.read", "okta.users.manage"],
        privateKey=pem,
        kid="svc-key",
    )
    _, _, err = await client.list_users(limit=5)
    assert err.status == 403 and err.error_code == "E0000006"  # no admin role yet

    granted, _, err = await okta_client.assign_role_to_client(
        client_id, to_client("READ_ONLY_ADMIN")
    )
    granted = granted.actual_instance
    assert err is None and granted.assignment_type.value == "CLIENT"
    users, _, err = await client.list_users(limit=5)
    assert err is None and len(users) == 5
    _, _, err = await client.create_user(new_user("svc@example.com"))
    assert err.status == 403 and err.error_code == "E0000006"  # read-only, whatever the scope

    await okta_client.assign_role_to_client(client_id, to_client("USER_ADMIN"))
    created, _, err = await client.create_user(new_user("svc@example.com"))
    assert err is None and created.profile.login == "svc@example.com"

    # The SDK cannot tell a listed standard role from a custom one; read the list as JSON.
    roles, err = await send(okta_client, "GET", f"/oauth2/v1/clients/{client_id}/roles")
    assert err is None and {r["type"] for r in roles} == {"READ_ONLY_ADMIN", "USER_ADMIN"}
    got, _, err = await okta_client.retrieve_client_role(client_id, granted.id)
    assert err is None and got.actual_instance.type.value == "READ_ONLY_ADMIN"
    for role in roles:
        assert (await okta_client.delete_role_from_client(client_id, role["id"]))[-1] is None
    _, _, err = await client.list_users(limit=5)
    assert err.status == 403


async def test_a_service_app_without_the_scope_is_refused_even_as_super_admin(
    okta_client, okta_client_for, okta_credentials
):
    client_id, pem = service_app(okta_credentials)
    await okta_client.assign_role_to_client(client_id, to_client("SUPER_ADMIN"))
    client = okta_client_for(
        authorizationMode="PrivateKey",
        clientId=client_id,
        scopes=["okta.users.read"],
        privateKey=pem,
        kid="svc-key",
    )
    users, _, err = await client.list_users(limit=2)
    assert err is None and len(users) == 2
    _, _, err = await client.create_user(new_user("unscoped@example.com"))
    assert err.status == 403 and err.error_code == "E0000006"


async def test_a_service_app_gets_only_the_scopes_granted_to_it(
    okta_client, okta_client_for, okta_credentials
):
    client_id, pem = service_app(okta_credentials, granted=["okta.users.read"])
    await okta_client.assign_role_to_client(client_id, to_client("SUPER_ADMIN"))
    reader = okta_client_for(
        authorizationMode="PrivateKey",
        clientId=client_id,
        scopes=["okta.users.read"],
        privateKey=pem,
        kid="svc-key",
    )
    users, _, err = await reader.list_users(limit=2)
    assert err is None and len(users) == 2
    manager = okta_client_for(
        authorizationMode="PrivateKey",
        clientId=client_id,
        scopes=["okta.users.read", "okta.groups.read"],
        privateKey=pem,
        kid="svc-key",
    )
    _, _, err = await manager.list_users(limit=2)
    assert err is not None and "okta.groups.read" in str(err)  # no grant, no token


def test_client_credentials_with_a_secret_get_no_okta_scopes(okta_credentials):
    answer = oidc_client(
        okta_credentials,
        "Secret service",
        {"token_endpoint_auth_method": "client_secret_basic"},
        {"grant_types": ["client_credentials"], "application_type": "service"},
    )
    auth = (answer["client_id"], answer["client_secret"])
    org = f"{okta_credentials['org_url']}/oauth2/v1/token"
    refused = httpx.post(
        org, auth=auth, data={"grant_type": "client_credentials", "scope": "okta.users.read"}
    )
    assert refused.status_code == 401 and refused.json() == {
        "error": "invalid_client",
        "error_description": "Client Credentials requests to the Org Authorization Server must"
        " use the private_key_jwt token_endpoint_auth_method.",
    }
    custom = f"{okta_credentials['org_url']}/oauth2/default/v1/token"
    server_scope(okta_credentials, "api.read")
    issued = httpx.post(
        custom, auth=auth, data={"grant_type": "client_credentials", "scope": "api.read"}
    )
    assert issued.status_code == 200 and issued.json()["scope"] == "api.read"


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
