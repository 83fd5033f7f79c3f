"""Signing a user out everywhere, and reading an authorization server's keys, via the okta SDK."""

from __future__ import annotations

from okta.models import JwkUse


def issue_tokens(universe, user_id: str) -> None:
    def issue() -> None:
        with universe.universe.store.transaction():
            tokens = universe.universe.tokens
            meta = {"server": "default", "client_id": "0oaapp"}
            tokens.issue("okta", "at-1", user_id, ["openid"], kind="oauth", meta=meta)
            tokens.issue("okta", "rt-1", user_id, ["offline_access"], kind="refresh", meta=meta)

    universe.call(issue)


def live(universe, token: str) -> bool:
    return universe.call(lambda: universe.universe.tokens.lookup("okta", token)) is not None


async def test_revoking_sessions_revokes_oauth_tokens_only_when_asked(okta_client, universe):
    demo, _, _ = await okta_client.get_user("demo@example.com")
    issue_tokens(universe, demo.id)
    assert (await okta_client.revoke_user_sessions(demo.id))[-1] is None
    assert live(universe, "at-1") and live(universe, "rt-1")
    assert (await okta_client.revoke_user_sessions(demo.id, oauth_tokens=True))[-1] is None
    assert not live(universe, "at-1") and not live(universe, "rt-1")
    err = (await okta_client.revoke_user_sessions("00unobody"))[-1]
    assert err.status == 404 and err.error_code == "E0000007"
    events, _, _ = await okta_client.list_log_events(filter='eventType eq "user.session.clear"')
    assert len(events) == 2 and events[0].target[0].id == demo.id


async def test_each_key_of_the_default_server_by_id(okta_client):
    rotated, _, err = await okta_client.rotate_authorization_server_keys(
        "default", JwkUse.from_dict({"use": "sig"})
    )
    assert err is None and len(rotated) == 2
    newest, older = rotated
    key, _, err = await okta_client.get_authorization_server_key("default", newest.kid)
    assert err is None and key.status == "ACTIVE" and key.kty == "RSA"
    key, _, _ = await okta_client.get_authorization_server_key("default", older.kid)
    assert key.status == "EXPIRED"
    _, _, err = await okta_client.get_authorization_server_key("default", "nokid")
    assert err.status == 404 and err.error_code == "E0000007"
    _, _, err = await okta_client.get_authorization_server_key("ausother", newest.kid)
    assert err.status == 404
