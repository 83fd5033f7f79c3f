"""API tokens through the okta SDK: the org's tokens, renaming, network rules, revocation."""

from __future__ import annotations

from okta.models import ApiTokenUpdate, NetworkZone

from darkfactory.twins.okta import api_tokens


def second_token(universe) -> str:
    """Issue another SSWS token for the super admin, registered as Okta shows tokens."""

    def issue() -> str:
        okta = universe.universe.twins["okta"]
        admin = okta.state.user("admin@example.com")
        with universe.universe.store.transaction():
            universe.universe.tokens.issue("okta", "00second", admin["id"], kind="ssws")
            return api_tokens.register(okta.state, "00second", admin["id"], "CI token")

    return universe.call(issue)


async def test_the_org_lists_its_tokens_and_renames_one(okta_client, okta_credentials):
    tokens, _, err = await okta_client.list_api_tokens()
    assert err is None and len(tokens) == 1
    token = tokens[0]
    assert token.id.startswith("00T") and token.user_id == okta_credentials["admin_user_id"]
    assert token.token_window == "P30D" and token.network.connection == "ANYWHERE"
    got, _, _ = await okta_client.get_api_token(token.id)
    assert got.name == token.name
    _, _, err = await okta_client.get_api_token("00Tnothere")
    assert err.status == 404 and err.error_code == "E0000007"

    _, _, err = await okta_client.upsert_api_token(
        token.id,
        ApiTokenUpdate.from_dict(
            {"name": "x", "network": {"connection": "ZONE", "include": ["nzoMissing"]}}
        ),
    )
    assert err.status == 404
    zone, _, _ = await okta_client.create_network_zone(
        NetworkZone.from_dict(
            {"name": "Office", "type": "IP", "gateways": [{"type": "CIDR", "value": "10.0.0.0/8"}]}
        )
    )
    renamed, _, err = await okta_client.upsert_api_token(
        token.id,
        ApiTokenUpdate.from_dict(
            {"name": "Deploy bot", "network": {"connection": "ZONE", "include": [zone.id]}}
        ),
    )
    assert err is None and renamed.name == "Deploy bot" and renamed.network.include == [zone.id]


async def test_revoked_tokens_stop_working(okta_client, okta_client_for, universe):
    second_id = second_token(universe)
    second = okta_client_for("00second")
    assert (await second.list_users(limit=1))[-1] is None
    assert (await okta_client.revoke_api_token(second_id))[-1] is None
    _, _, err = await second.list_users(limit=1)
    assert err.status == 401 and err.error_code == "E0000011"
    tokens, _, _ = await okta_client.list_api_tokens()
    assert second_id not in [t.id for t in tokens]
    events, _, _ = await okta_client.list_log_events(
        filter='eventType eq "system.api_token.revoke"'
    )
    assert [e.target[0].id for e in events] == [second_id]


async def test_a_token_can_revoke_itself(okta_client_for, universe):
    second_token(universe)
    client = okta_client_for("00second")
    assert (await client.revoke_current_api_token())[-1] is None
    _, _, err = await client.get_user("demo@example.com")
    assert err.status == 401 and err.error_code == "E0000011"
