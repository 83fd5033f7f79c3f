"""Token lookups are kept between calls, and every change to ``kit_tokens`` is seen by the very
next lookup: a revocation by the kit or by a twin's own SQL, a rollback, a reset, a restore."""

from __future__ import annotations

import threading

import pytest

from darkfactory.twins.kit.universe import Universe


@pytest.fixture
def universe():
    made = Universe(seed=5, twins=["slack"])
    yield made
    made.close()


@pytest.fixture
def token(universe) -> str:
    return universe.credentials()["slack"]["bot_token"]


def revoke_by_sql(universe, token: str) -> None:
    """What a twin's own method does (Slack's ``apps.uninstall``): an UPDATE of its own."""
    with universe.store.transaction():
        universe.store.execute("UPDATE kit_tokens SET revoked = 1 WHERE token = ?", (token,))


def test_a_kept_grant_answers_without_reading_the_table(universe, token):
    first = universe.tokens.lookup("slack", token)
    ran = []
    universe.store.trace(ran.append)
    try:
        again = universe.tokens.lookup("slack", token)
    finally:
        universe.store.trace(None)
    assert again == first and again.principal
    assert not [s for s in ran if "kit_tokens" in s]


def test_a_revocation_by_the_kit_is_seen_at_once(universe, token):
    assert universe.tokens.lookup("slack", token) is not None
    with universe.store.transaction():
        assert universe.tokens.revoke("slack", token)
    assert universe.tokens.lookup("slack", token) is None


def test_a_revocation_by_a_twins_own_sql_is_seen_at_once(universe, token):
    assert universe.tokens.lookup("slack", token) is not None
    revoke_by_sql(universe, token)
    assert universe.tokens.lookup("slack", token) is None


def test_a_token_issued_after_an_unknown_lookup_is_found(universe):
    assert universe.tokens.lookup("slack", "xoxb-not-yet") is None
    with universe.store.transaction():
        universe.tokens.issue("slack", "xoxb-not-yet", "U1", ["chat:write"], kind="bot")
    assert universe.tokens.lookup("slack", "xoxb-not-yet").scopes == ("chat:write",)


def test_a_rolled_back_issue_is_forgotten(universe):
    with pytest.raises(RuntimeError), universe.store.transaction():
        universe.tokens.issue("slack", "xoxb-short-lived", "U1", [], kind="bot")
        assert universe.tokens.lookup("slack", "xoxb-short-lived") is not None
        raise RuntimeError("the call failed")
    assert universe.tokens.lookup("slack", "xoxb-short-lived") is None


def test_changes_after_a_reset_and_a_restore_are_still_seen(universe, token):
    universe.reset()
    token = universe.credentials()["slack"]["bot_token"]  # the seed issues it again
    assert universe.tokens.lookup("slack", token) is not None
    revoke_by_sql(universe, token)
    assert universe.tokens.lookup("slack", token) is None

    snap = universe.snapshot()
    universe.reset()
    fresh = universe.credentials()["slack"]["bot_token"]
    assert universe.tokens.lookup("slack", fresh) is not None
    universe.restore(snap)  # the snapshot holds the token revoked
    assert universe.tokens.lookup("slack", fresh) is None
    with universe.store.transaction():
        universe.store.execute("UPDATE kit_tokens SET revoked = 0 WHERE token = ?", (fresh,))
    assert universe.tokens.lookup("slack", fresh) is not None


def test_a_snapshot_reader_reads_its_snapshot_and_leaves_the_kept_grants_alone(universe, token):
    began, revoked, seen = threading.Event(), threading.Event(), {}

    def read() -> None:
        with universe.store.reading():
            universe.store.scalar("SELECT count(*) FROM kit_tokens")  # the snapshot is taken
            began.set()
            revoked.wait(5)
            seen["grant"] = universe.tokens.lookup("slack", token)

    reader = threading.Thread(target=read)
    reader.start()
    began.wait(5)
    revoke_by_sql(universe, token)
    revoked.set()
    reader.join(5)
    assert seen["grant"] is not None  # the reader's snapshot predates the revocation
    assert universe.tokens.lookup("slack", token) is None
