"""What a custom authorization server grants: its policies and rules decide the scopes, the
lifetimes and the grant types; its claims are evaluated into the tokens (authlib as client)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
import jwt
from authlib.integrations.httpx_client import OAuth2Client
from okta.models import (
    AddGroupRequest,
    AuthorizationServer,
    AuthorizationServerPolicy,
    AuthorizationServerPolicyRuleRequest,
    OAuth2Claim,
    OAuth2Scope,
)

from darkfactory.twins.okta.fixtures import ADMIN_PASSWORD
from darkfactory.twins.okta.testing import REDIRECT, oidc_client

NO_POLICY = "Policy evaluation failed for this request, please check the policy configurations."


async def orders_server(client, *scopes: str) -> str:
    server, _, _ = await client.create_authorization_server(
        AuthorizationServer.from_dict({"name": "Orders", "audiences": ["api://orders"]})
    )
    for name in scopes:
        _, _, err = await client.create_o_auth2_scope(server.id, OAuth2Scope(name=name))
        assert err is None
    return server.id


async def policy(client, server: str, clients: list[str], **rule) -> tuple[str, str]:
    made, _, err = await client.create_authorization_server_policy(
        server,
        AuthorizationServerPolicy.from_dict(
            {
                "name": "Orders access",
                "type": "OAUTH_AUTHORIZATION_POLICY",
                "description": "Who may call the orders API",
                "conditions": {"clients": {"include": clients}},
            }
        ),
    )
    assert err is None
    added, _, err = await client.create_authorization_server_policy_rule(
        server,
        made.id,
        AuthorizationServerPolicyRuleRequest.from_dict(
            {"name": "Rule", "type": "RESOURCE_ACCESS", **rule}
        ),
    )
    assert err is None
    return made.id, added.id


def service(credentials: dict, *grant_types: str) -> tuple[str, str]:
    app = oidc_client(
        credentials,
        "Orders service",
        {"token_endpoint_auth_method": "client_secret_basic"},
        {"grant_types": list(grant_types), "application_type": "service"},
    )
    return app["client_id"], app["client_secret"]


def token(credentials: dict, server: str, auth: tuple[str, str], scope: str) -> httpx.Response:
    return httpx.post(
        f"{credentials['org_url']}/oauth2/{server}/v1/token",
        auth=auth,
        data={"grant_type": "client_credentials", "scope": scope},
    )


def claims_of(credentials: dict, server: str, value: str, audience: str) -> dict:
    keys = jwt.PyJWKClient(f"{credentials['org_url']}/oauth2/{server}/v1/keys")
    return jwt.decode(
        value, keys.get_signing_key_from_jwt(value).key, algorithms=["RS256"], audience=audience
    )


async def test_client_credentials_get_what_the_rule_allows(okta_client, okta_credentials):
    server = await orders_server(okta_client, "orders.read", "orders.write")
    allowed = service(okta_credentials, "client_credentials")
    other = service(okta_credentials, "client_credentials")
    code_only = service(okta_credentials, "authorization_code")
    _, rule = await policy(
        okta_client,
        server,
        [allowed[0], code_only[0]],
        conditions={
            "grantTypes": {"include": ["client_credentials"]},
            "scopes": {"include": ["orders.read"]},
        },
        actions={"token": {"accessTokenLifetimeMinutes": 15}},
    )
    await okta_client.create_o_auth2_claim(
        server,
        OAuth2Claim.from_dict(
            {
                "name": "caller",
                "claimType": "RESOURCE",
                "valueType": "EXPRESSION",
                "value": '"svc:" + app.clientId',
                "conditions": {"scopes": ["orders.read"]},
            }
        ),
    )
    await okta_client.create_o_auth2_claim(
        server,
        OAuth2Claim.from_dict(
            {
                "name": "writer",
                "claimType": "RESOURCE",
                "valueType": "EXPRESSION",
                "value": '"yes"',
                "conditions": {"scopes": ["orders.write"]},
            }
        ),
    )

    issued = token(okta_credentials, server, allowed, "orders.read")
    assert issued.status_code == 200, issued.text
    assert issued.json()["expires_in"] == 900 and issued.json()["scope"] == "orders.read"
    claims = claims_of(okta_credentials, server, issued.json()["access_token"], "api://orders")
    assert claims["scp"] == ["orders.read"] and claims["exp"] - claims["iat"] == 900
    assert claims["caller"] == f"svc:{allowed[0]}" and "writer" not in claims

    beyond = token(okta_credentials, server, allowed, "orders.read orders.write")
    assert beyond.status_code == 400
    assert beyond.json() == {"error": "access_denied", "error_description": NO_POLICY}
    outsider = token(okta_credentials, server, other, "orders.read")
    assert outsider.json() == {"error": "access_denied", "error_description": NO_POLICY}
    unknown = token(okta_credentials, server, allowed, "orders.delete")
    assert unknown.status_code == 400 and unknown.json()["error"] == "invalid_scope"
    refused = token(okta_credentials, server, code_only, "orders.read")
    assert refused.status_code == 400 and refused.json() == {
        "error": "unauthorized_client",
        "error_description": "The client is not authorized to use the provided grant type."
        " Configured grant types: [authorization_code].",
    }

    policies, _, _ = await okta_client.list_authorization_server_policies(server)
    await okta_client.deactivate_authorization_server_policy_rule(server, policies[0].id, rule)
    stopped = token(okta_credentials, server, allowed, "orders.read")
    assert stopped.json() == {"error": "access_denied", "error_description": NO_POLICY}


def sign_in(
    credentials: dict, server: str, app: dict, login: str, scope: str, password: str = ""
) -> str:
    """Post the sign-in form as a browser would; the redirect's location."""
    answer = httpx.post(
        f"{credentials['org_url']}/oauth2/{server}/v1/authorize",
        data={
            "client_id": app["client_id"],
            "redirect_uri": REDIRECT,
            "response_type": "code",
            "scope": scope,
            "state": "s1",
            "username": login,
            "password": password or credentials["demo_user"]["password"],
        },
    )
    assert answer.status_code == 302, answer.text
    return answer.headers["location"]


async def test_users_get_tokens_by_group_with_their_claims(okta_client, okta_credentials):
    server = await orders_server(okta_client, "orders.read")
    team, _, _ = await okta_client.add_group(
        AddGroupRequest.from_dict({"profile": {"name": "Team Orders"}})
    )
    demo, _, _ = await okta_client.get_user("demo@example.com")
    await okta_client.assign_user_to_group(team.id, demo.id)
    app = oidc_client(
        okta_credentials,
        "Orders web",
        {"token_endpoint_auth_method": "client_secret_basic"},
        {"redirect_uris": [REDIRECT], "grant_types": ["authorization_code", "refresh_token"]},
    )
    await policy(
        okta_client,
        server,
        ["ALL_CLIENTS"],
        conditions={
            "people": {"groups": {"include": [team.id]}},
            "grantTypes": {"include": ["authorization_code"]},
            "scopes": {"include": ["openid", "email", "orders.read", "offline_access"]},
        },
        actions={"token": {"accessTokenLifetimeMinutes": 10, "refreshTokenLifetimeMinutes": 60}},
    )
    for name, claim_type, always in (
        ("teams", "IDENTITY", True),
        ("teams_later", "IDENTITY", False),
    ):
        await okta_client.create_o_auth2_claim(
            server,
            OAuth2Claim.from_dict(
                {
                    "name": name,
                    "claimType": claim_type,
                    "valueType": "GROUPS",
                    "group_filter_type": "STARTS_WITH",
                    "value": "Team",
                    "alwaysIncludeInToken": always,
                }
            ),
        )
    await okta_client.create_o_auth2_claim(
        server,
        OAuth2Claim.from_dict(
            {
                "name": "shout",
                "claimType": "RESOURCE",
                "valueType": "EXPRESSION",
                "value": "String.toUpperCase(user.firstName)",
            }
        ),
    )

    rp = OAuth2Client(
        app["client_id"], app["client_secret"], redirect_uri=REDIRECT, scope="openid orders.read"
    )
    endpoint = f"{okta_credentials['org_url']}/oauth2/{server}/v1/token"
    landed = sign_in(
        okta_credentials, server, app, "demo@example.com", "openid email orders.read offline_access"
    )
    issued = rp.fetch_token(endpoint, authorization_response=landed)
    assert (
        issued["expires_in"] == 600 and issued["scope"] == "openid email orders.read offline_access"
    )
    access = claims_of(okta_credentials, server, issued["access_token"], "api://orders")
    assert access["shout"] == "DEE" and access["exp"] - access["iat"] == 600
    identity = claims_of(okta_credentials, server, issued["id_token"], app["client_id"])
    assert identity["teams"] == ["Team Orders"] and "teams_later" not in identity
    assert identity["email"] == "demo@example.com"
    info = httpx.get(
        f"{okta_credentials['org_url']}/oauth2/{server}/v1/userinfo",
        headers={"Authorization": f"Bearer {issued['access_token']}"},
    ).json()
    assert info["teams_later"] == ["Team Orders"]
    refreshed = rp.refresh_token(endpoint, refresh_token=issued["refresh_token"])
    assert refreshed["expires_in"] == 600

    clients, _, err = await okta_client.list_o_auth2_clients_for_authorization_server(server)
    assert err is None and [c.client_id for c in clients] == [app["client_id"]]
    tokens, _, _ = await okta_client.list_refresh_tokens_for_authorization_server_and_client(
        server, app["client_id"]
    )
    assert len(tokens) == 2 and tokens[0].user_id == demo.id
    assert (
        await okta_client.revoke_refresh_tokens_for_authorization_server_and_client(
            server, app["client_id"]
        )
    )[-1] is None
    gone = httpx.post(
        endpoint,
        auth=(app["client_id"], app["client_secret"]),
        data={"grant_type": "refresh_token", "refresh_token": issued["refresh_token"]},
    )
    assert gone.status_code == 400 and gone.json()["error"] == "invalid_grant"

    outsider = sign_in(
        okta_credentials, server, app, "admin@example.com", "openid orders.read", ADMIN_PASSWORD
    )
    query = parse_qs(urlsplit(outsider).query)
    assert query["error"] == ["access_denied"] and query["error_description"] == [NO_POLICY]
    assert query["state"] == ["s1"] and "code" not in query


async def test_authorize_redirects_refusals_and_discovery_lists_published_scopes(
    okta_client, okta_credentials
):
    server = await orders_server(okta_client, "orders.read")
    await okta_client.create_o_auth2_scope(
        server, OAuth2Scope.from_dict({"name": "orders.public", "metadataPublish": "ALL_CLIENTS"})
    )
    issuer = f"{okta_credentials['org_url']}/oauth2/{server}"
    supported = httpx.get(f"{issuer}/.well-known/openid-configuration").json()["scopes_supported"]
    assert "orders.public" in supported and "openid" in supported
    assert "orders.read" not in supported

    app = oidc_client(
        okta_credentials,
        "Orders web",
        {"token_endpoint_auth_method": "client_secret_basic"},
        {"redirect_uris": [REDIRECT], "grant_types": ["authorization_code"]},
    )
    query = {
        "client_id": app["client_id"],
        "redirect_uri": REDIRECT,
        "response_type": "code",
        "state": "s9",
    }
    unknown = httpx.get(f"{issuer}/v1/authorize", params={**query, "scope": "openid orders.x"})
    assert unknown.status_code == 302
    refusal = parse_qs(urlsplit(unknown.headers["location"]).query)
    assert refusal["error"] == ["invalid_scope"] and refusal["state"] == ["s9"]
    known = httpx.get(f"{issuer}/v1/authorize", params={**query, "scope": "openid orders.read"})
    assert known.status_code == 200 and "okta-signin-username" in known.text
