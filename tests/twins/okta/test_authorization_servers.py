"""Custom authorization servers through the okta SDK: CRUD, lifecycle, and their OAuth endpoints."""

from __future__ import annotations

import httpx
from okta.models import (
    AssignRoleToUserRequest,
    AuthorizationServer,
    StandardRoleAssignmentSchema,
)


def server_body(name: str, audience: str) -> AuthorizationServer:
    return AuthorizationServer.from_dict(
        {"name": name, "description": "Orders API", "audiences": [audience]}
    )


async def test_create_list_replace_and_delete_a_server(okta_client, okta_credentials):
    listed, _, err = await okta_client.list_authorization_servers()
    assert err is None and [s.id for s in listed] == ["default"]

    made, _, err = await okta_client.create_authorization_server(
        server_body("Orders", "api://orders")
    )
    assert err is None and made.id.startswith("aus") and made.status.value == "ACTIVE"
    assert made.issuer == f"{okta_credentials['org_url']}/oauth2/{made.id}"
    assert made.audiences == ["api://orders"]
    discovery = httpx.get(f"{made.issuer}/.well-known/openid-configuration")
    assert discovery.status_code == 200 and discovery.json()["issuer"] == made.issuer

    _, _, err = await okta_client.create_authorization_server(server_body("Orders", "api://x"))
    assert err.status == 400 and err.error_code == "E0000001"
    _, _, err = await okta_client.create_authorization_server(
        AuthorizationServer.from_dict({"name": "No audience", "audiences": []})
    )
    assert err.status == 400 and err.error_code == "E0000001"

    replaced, _, err = await okta_client.replace_authorization_server(
        made.id, server_body("Orders v2", "api://orders-v2")
    )
    assert err is None and replaced.name == "Orders v2"
    got, _, _ = await okta_client.get_authorization_server(made.id)
    assert got.audiences == ["api://orders-v2"]

    err = (await okta_client.delete_authorization_server(made.id))[-1]
    assert err.status == 400 and err.error_code == "E0000001"  # still ACTIVE
    assert (await okta_client.deactivate_authorization_server(made.id))[-1] is None
    gone = httpx.get(f"{made.issuer}/.well-known/openid-configuration")
    assert gone.status_code == 404 and gone.json()["errorCode"] == "E0000007"
    assert (await okta_client.delete_authorization_server(made.id))[-1] is None
    _, _, err = await okta_client.get_authorization_server(made.id)
    assert err.status == 404 and err.error_code == "E0000007"
    events, _, _ = await okta_client.list_log_events(filter='eventType sw "oauth2.as."')
    assert [e.event_type for e in events] == [
        "oauth2.as.created",
        "oauth2.as.updated",
        "oauth2.as.deactivated",
        "oauth2.as.deleted",
    ]


async def test_servers_need_the_authorization_servers_role(okta_client, okta_client_for, universe):
    made, _, _ = await okta_client.create_authorization_server(
        server_body("Payments", "api://payments")
    )
    user, _, _ = await okta_client.get_user("demo@example.com")
    universe.call(lambda: universe.universe.tokens.issue("okta", "00demo-as", user.id, kind="ssws"))
    demo = okta_client_for("00demo-as")
    _, _, err = await demo.get_authorization_server(made.id)
    assert err.status == 403 and err.error_code == "E0000006"
    await okta_client.assign_role_to_user(
        user.id,
        AssignRoleToUserRequest(StandardRoleAssignmentSchema(type="API_ACCESS_MANAGEMENT_ADMIN")),
    )
    got, _, err = await demo.get_authorization_server(made.id)
    assert err is None and got.name == "Payments"
    assert (await demo.deactivate_authorization_server(made.id))[-1] is None  # and manages them
    _, _, err = await demo.list_users()
    assert err.status == 403 and err.error_code == "E0000006"
