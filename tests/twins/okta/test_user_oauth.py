"""A user's OAuth clients and refresh tokens through the okta SDK, and what revoking them does."""

from __future__ import annotations

import httpx

from darkfactory.twins.okta.testing import send

APP = {
    "name": "oidc_client",
    "label": "Portal",
    "signOnMode": "OPENID_CONNECT",
    "settings": {
        "oauthClient": {
            "redirect_uris": ["http://127.0.0.1:9/cb"],
            "grant_types": ["authorization_code", "refresh_token"],
        }
    },
}


def issue_refresh_tokens(universe, user_id: str, client_id: str, *tokens: str) -> None:
    def issue() -> None:
        with universe.universe.store.transaction():
            for token in tokens:
                universe.universe.tokens.issue(
                    "okta",
                    token,
                    user_id,
                    ["openid", "offline_access"],
                    kind="refresh",
                    meta={"server": "default", "client_id": client_id},
                )

    universe.call(issue)


def refresh(credentials: dict, app: dict, token: str) -> httpx.Response:
    client = app["credentials"]["oauthClient"]
    return httpx.post(
        f"{credentials['org_url']}/oauth2/default/v1/token",
        auth=(client["client_id"], client["client_secret"]),
        data={"grant_type": "refresh_token", "refresh_token": token},
    )


async def test_refresh_tokens_are_listed_and_revoked_per_client(
    okta_client, okta_credentials, universe
):
    app, err = await send(okta_client, "POST", "/api/v1/apps", APP)
    assert err is None
    demo, _, _ = await okta_client.get_user("demo@example.com")
    issue_refresh_tokens(universe, demo.id, app["id"], "rt-one", "rt-two")

    clients, _, err = await okta_client.list_user_clients(demo.id)
    assert err is None and [(c.client_id, c.client_name) for c in clients] == [
        (app["id"], "Portal")
    ]
    tokens, _, err = await okta_client.list_refresh_tokens_for_user_and_client(demo.id, app["id"])
    assert err is None and len(tokens) == 2 and all(t.id.startswith("oar") for t in tokens)
    assert tokens[0].scopes == ["openid", "offline_access"] and tokens[0].issuer.endswith(
        "/default"
    )
    got, _, err = await okta_client.get_refresh_token_for_user_and_client(
        demo.id, app["id"], tokens[0].id
    )
    assert err is None and got.client_id == app["id"] and got.user_id == demo.id

    assert refresh(okta_credentials, app, "rt-one").status_code == 200
    err = (await okta_client.revoke_token_for_user_and_client(demo.id, app["id"], tokens[1].id))[-1]
    assert err is None
    assert refresh(okta_credentials, app, "rt-two").json()["error"] == "invalid_grant"
    _, _, err = await okta_client.get_refresh_token_for_user_and_client(
        demo.id, app["id"], tokens[1].id
    )
    assert err.status == 404 and err.error_code == "E0000007"

    assert (await okta_client.revoke_tokens_for_user_and_client(demo.id, app["id"]))[-1] is None
    left, _, _ = await okta_client.list_refresh_tokens_for_user_and_client(demo.id, app["id"])
    assert left == []
    clients, _, _ = await okta_client.list_user_clients(demo.id)
    assert clients == []


async def test_a_servers_clients_and_their_refresh_tokens_are_listed_and_revoked(
    okta_client, okta_credentials, okta_client_as, universe
):
    app, err = await send(okta_client, "POST", "/api/v1/apps", APP)
    assert err is None
    demo, _, _ = await okta_client.get_user("demo@example.com")
    issue_refresh_tokens(universe, demo.id, app["id"], "rt-one", "rt-two")

    clients, _, err = await okta_client.list_o_auth2_clients_for_authorization_server("default")
    assert err is None and [(c.client_id, c.client_name) for c in clients] == [
        (app["id"], "Portal")
    ]
    tokens, _, err = await okta_client.list_refresh_tokens_for_authorization_server_and_client(
        "default", app["id"]
    )
    assert err is None and len(tokens) == 2 and tokens[0].user_id == demo.id
    got, _, err = await okta_client.get_refresh_token_for_authorization_server_and_client(
        "default", app["id"], tokens[0].id
    )
    assert err is None and got.id == tokens[0].id and got.client_id == app["id"]

    read_only = okta_client_as(role="READ_ONLY_ADMIN")
    listed, _, err = await read_only.list_refresh_tokens_for_authorization_server_and_client(
        "default", app["id"]
    )
    assert err is None and len(listed) == 2
    err = (
        await read_only.revoke_refresh_token_for_authorization_server_and_client(
            "default", app["id"], tokens[0].id
        )
    )[-1]
    assert err.status == 403 and err.error_code == "E0000006"
    err = (
        await read_only.revoke_refresh_tokens_for_authorization_server_and_client(
            "default", app["id"]
        )
    )[-1]
    assert err.status == 403 and err.error_code == "E0000006"

    assert refresh(okta_credentials, app, "rt-two").status_code == 200
    err = (
        await okta_client.revoke_refresh_token_for_authorization_server_and_client(
            "default", app["id"], tokens[1].id
        )
    )[-1]
    assert err is None
    assert refresh(okta_credentials, app, "rt-two").json()["error"] == "invalid_grant"
    _, _, err = await okta_client.get_refresh_token_for_authorization_server_and_client(
        "default", app["id"], tokens[1].id
    )
    assert err.status == 404 and err.error_code == "E0000007"
    err = (
        await okta_client.revoke_refresh_tokens_for_authorization_server_and_client(
            "default", app["id"]
        )
    )[-1]
    assert err is None
    left, _, _ = await okta_client.list_refresh_tokens_for_authorization_server_and_client(
        "default", app["id"]
    )
    assert left == []
