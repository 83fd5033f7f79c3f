"""An authorization server's scopes, claims, access policies and rules, clients and trusted
servers through the okta SDK, and who may manage them."""

from __future__ import annotations

from okta.models import (
    AssignRoleToUserRequest,
    AssociatedServerMediated,
    AuthorizationServer,
    AuthorizationServerPolicy,
    AuthorizationServerPolicyRuleRequest,
    OAuth2Claim,
    OAuth2Scope,
    StandardRoleAssignmentSchema,
)

from darkfactory.twins.okta.authorization_servers.scopes import SYSTEM


async def new_server(client, name: str) -> str:
    made, _, err = await client.create_authorization_server(
        AuthorizationServer.from_dict({"name": name, "audiences": [f"api://{name.lower()}"]})
    )
    assert err is None
    return made.id


def rule_body(name: str, **overrides) -> AuthorizationServerPolicyRuleRequest:
    payload = {
        "name": name,
        "type": "RESOURCE_ACCESS",
        "conditions": {
            "people": {"groups": {"include": ["EVERYONE"]}},
            "grantTypes": {"include": ["client_credentials"]},
            "scopes": {"include": ["*"]},
        },
        "actions": {"token": {"accessTokenLifetimeMinutes": 30}},
        **overrides,
    }
    return AuthorizationServerPolicyRuleRequest.from_dict(payload)


async def test_scopes_start_with_the_system_ones_and_take_custom_ones(okta_client):
    server = await new_server(okta_client, "Orders")
    listed, _, err = await okta_client.list_o_auth2_scopes(server)
    assert err is None and sorted(s.name for s in listed) == sorted(SYSTEM)
    assert all(s.system for s in listed)

    made, _, err = await okta_client.create_o_auth2_scope(
        server, OAuth2Scope.from_dict({"name": "orders.read", "description": "Read orders"})
    )
    assert err is None and made.id.startswith("scp") and made.system is False
    assert made.consent.value == "IMPLICIT" and made.metadata_publish.value == "NO_CLIENTS"
    _, _, err = await okta_client.create_o_auth2_scope(
        server, OAuth2Scope.from_dict({"name": "orders.read"})
    )
    assert err.status == 400 and err.error_code == "E0000001"
    _, _, err = await okta_client.create_o_auth2_scope(
        server, OAuth2Scope.from_dict({"name": "okta.users.read"})
    )
    assert err.status == 400 and err.error_code == "E0000001"

    replaced, _, err = await okta_client.replace_o_auth2_scope(
        server,
        made.id,
        OAuth2Scope.from_dict({"name": "orders.read", "consent": "REQUIRED"}),
    )
    assert err is None and replaced.consent.value == "REQUIRED"
    found, _, _ = await okta_client.list_o_auth2_scopes(server, q="orders")
    assert [s.id for s in found] == [made.id]

    openid = next(s for s in listed if s.name == "openid")
    err = (await okta_client.delete_o_auth2_scope(server, openid.id))[-1]
    assert err.status == 400 and err.error_code == "E0000001"
    assert (await okta_client.delete_o_auth2_scope(server, made.id))[-1] is None
    _, _, err = await okta_client.get_o_auth2_scope(server, made.id)
    assert err.status == 404 and err.error_code == "E0000007"
    _, _, err = await okta_client.list_o_auth2_scopes("ausNoSuchServer00000")
    assert err.status == 404 and err.error_code == "E0000007"


async def test_claims_check_their_expression(okta_client):
    server = await new_server(okta_client, "Claims")
    made, _, err = await okta_client.create_o_auth2_claim(
        server,
        OAuth2Claim.from_dict(
            {
                "name": "department",
                "claimType": "RESOURCE",
                "valueType": "EXPRESSION",
                "value": "user.department",
                "conditions": {"scopes": ["profile"]},
            }
        ),
    )
    assert err is None and made.id.startswith("ocl") and made.status.value == "ACTIVE"
    assert made.always_include_in_token is True and made.conditions.scopes == ["profile"]
    _, _, err = await okta_client.create_o_auth2_claim(
        server,
        OAuth2Claim.from_dict(
            {"name": "broken", "claimType": "RESOURCE", "valueType": "EXPRESSION", "value": "=="}
        ),
    )
    assert err.status == 400 and err.error_code == "E0000001"
    _, _, err = await okta_client.create_o_auth2_claim(
        server,
        OAuth2Claim.from_dict(
            {"name": "sub", "claimType": "RESOURCE", "valueType": "EXPRESSION", "value": '"x"'}
        ),
    )
    assert err.status == 400 and err.error_code == "E0000001"
    replaced, _, err = await okta_client.replace_o_auth2_claim(
        server,
        made.id,
        OAuth2Claim.from_dict(
            {
                "name": "teams",
                "claimType": "IDENTITY",
                "valueType": "GROUPS",
                "group_filter_type": "STARTS_WITH",
                "value": "Team",
                "alwaysIncludeInToken": False,
            }
        ),
    )
    assert err is None and replaced.value_type.value == "GROUPS"
    assert replaced.always_include_in_token is False
    listed, _, _ = await okta_client.list_o_auth2_claims(server)
    assert [c.name for c in listed] == ["teams"]
    assert (await okta_client.delete_o_auth2_claim(server, made.id))[-1] is None
    listed, _, _ = await okta_client.list_o_auth2_claims(server)
    assert listed == []


async def test_policies_and_rules_keep_their_priorities(okta_client):
    server = await new_server(okta_client, "Priorities")
    made = []
    for name in ("First", "Second"):
        policy, _, err = await okta_client.create_authorization_server_policy(
            server,
            AuthorizationServerPolicy.from_dict(
                {
                    "name": name,
                    "type": "OAUTH_AUTHORIZATION_POLICY",
                    "description": name,
                    "conditions": {"clients": {"include": ["ALL_CLIENTS"]}},
                }
            ),
        )
        assert err is None and policy.id.startswith("00p") and policy.status == "ACTIVE"
        made.append(policy)
    assert [p.priority for p in made] == [1, 2]
    moved, _, err = await okta_client.replace_authorization_server_policy(
        server,
        made[1].id,
        AuthorizationServerPolicy.from_dict(
            {
                "name": "Second",
                "type": "OAUTH_AUTHORIZATION_POLICY",
                "priority": 1,
                "conditions": {"clients": {"include": ["ALL_CLIENTS"]}},
            }
        ),
    )
    assert err is None and moved.priority == 1
    listed, _, _ = await okta_client.list_authorization_server_policies(server)
    assert [(p.name, p.priority) for p in listed] == [("Second", 1), ("First", 2)]
    _, _, err = await okta_client.create_authorization_server_policy(
        server,
        AuthorizationServerPolicy.from_dict(
            {"name": "No clients", "type": "OAUTH_AUTHORIZATION_POLICY"}
        ),
    )
    assert err.status == 400 and err.error_code == "E0000001"

    policy = made[0].id
    rule, _, err = await okta_client.create_authorization_server_policy_rule(
        server, policy, rule_body("Services")
    )
    assert err is None and rule.id.startswith("0pr") and rule.priority == 1
    assert rule.actions.token.access_token_lifetime_minutes == 30
    assert rule.actions.token.refresh_token_window_minutes == 10080
    assert rule.conditions.grant_types.include == ["client_credentials"]
    _, _, err = await okta_client.create_authorization_server_policy_rule(
        server, policy, rule_body("Too long", actions={"token": {"accessTokenLifetimeMinutes": 2}})
    )
    assert err.status == 400 and err.error_code == "E0000001"
    assert (await okta_client.deactivate_authorization_server_policy_rule(server, policy, rule.id))[
        -1
    ] is None
    got, _, _ = await okta_client.get_authorization_server_policy_rule(server, policy, rule.id)
    assert got.status == "INACTIVE"
    assert (await okta_client.activate_authorization_server_policy_rule(server, policy, rule.id))[
        -1
    ] is None
    _, _, err = await okta_client.list_authorization_server_policy_rules(server, made[1].id + "x")
    assert err.status == 404 and err.error_code == "E0000007"
    assert (await okta_client.deactivate_authorization_server_policy(server, policy))[-1] is None
    got, _, _ = await okta_client.get_authorization_server_policy(server, policy)
    assert got.status == "INACTIVE"
    assert (await okta_client.delete_authorization_server_policy(server, policy))[-1] is None
    _, _, err = await okta_client.get_authorization_server_policy_rule(server, policy, rule.id)
    assert err.status == 404 and err.error_code == "E0000007"
    events, _, _ = await okta_client.list_log_events(filter='eventType sw "policy.rule."')
    assert [e.event_type for e in events] == [
        "policy.rule.add",
        "policy.rule.deactivate",
        "policy.rule.activate",
    ]


async def test_the_default_server_has_its_default_policy(okta_client):
    policies, _, err = await okta_client.list_authorization_server_policies("default")
    assert err is None and [p.name for p in policies] == ["Default Policy"]
    assert policies[0].conditions.clients.include == ["ALL_CLIENTS"]
    rules, _, _ = await okta_client.list_authorization_server_policy_rules(
        "default", policies[0].id
    )
    assert [r.name for r in rules] == ["Default Policy Rule"]
    assert rules[0].conditions.scopes.include == ["*"]


async def test_trusted_servers(okta_client):
    first = await new_server(okta_client, "Trusting")
    second = await new_server(okta_client, "Trusted")
    trusted, _, err = await okta_client.create_associated_servers(
        first, AssociatedServerMediated(trusted=[second])
    )
    assert err is None and [s.id for s in trusted] == [second]
    listed, _, _ = await okta_client.list_associated_servers_by_trusted_type(first, trusted=True)
    assert [s.id for s in listed] == [second]
    reverse, _, _ = await okta_client.list_associated_servers_by_trusted_type(second, trusted=False)
    assert [s.id for s in reverse] == [first]
    _, _, err = await okta_client.create_associated_servers(
        first, AssociatedServerMediated(trusted=["ausNoSuchServer00000"])
    )
    assert err.status == 404 and err.error_code == "E0000007"
    assert (await okta_client.delete_associated_server(first, second))[-1] is None
    listed, _, _ = await okta_client.list_associated_servers_by_trusted_type(first, trusted=True)
    assert listed == []
    third = await new_server(okta_client, "Short lived")
    await okta_client.create_associated_servers(first, AssociatedServerMediated(trusted=[third]))
    await okta_client.deactivate_authorization_server(third)
    assert (await okta_client.delete_authorization_server(third))[-1] is None
    listed, _, err = await okta_client.list_associated_servers_by_trusted_type(first, trusted=True)
    assert err is None and listed == []


async def test_only_authorization_server_admins_manage_them(okta_client, okta_client_for, universe):
    server = await new_server(okta_client, "Guarded")
    user, _, _ = await okta_client.get_user("demo@example.com")
    universe.call(lambda: universe.universe.tokens.issue("okta", "00demo-az", user.id, kind="ssws"))
    demo = okta_client_for("00demo-az")
    scope = OAuth2Scope.from_dict({"name": "guarded.read"})
    _, _, err = await demo.list_o_auth2_scopes(server)
    assert err.status == 403 and err.error_code == "E0000006"
    await okta_client.assign_role_to_user(
        user.id, AssignRoleToUserRequest(StandardRoleAssignmentSchema(type="READ_ONLY_ADMIN"))
    )
    listed, _, err = await demo.list_o_auth2_scopes(server)
    assert err is None and len(listed) == len(SYSTEM)
    _, _, err = await demo.create_o_auth2_scope(server, scope)
    assert err.status == 403 and err.error_code == "E0000006"
    _, _, err = await demo.create_authorization_server_policy(
        server,
        AuthorizationServerPolicy.from_dict(
            {"name": "P", "conditions": {"clients": {"include": ["ALL_CLIENTS"]}}}
        ),
    )
    assert err.status == 403 and err.error_code == "E0000006"
    await okta_client.assign_role_to_user(
        user.id,
        AssignRoleToUserRequest(StandardRoleAssignmentSchema(type="API_ACCESS_MANAGEMENT_ADMIN")),
    )
    made, _, err = await demo.create_o_auth2_scope(server, scope)
    assert err is None and made.name == "guarded.read"
