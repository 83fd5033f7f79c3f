"""The org's sessions in its store: started by a sign-in, kept alive by use, ended by sign-out,
by an admin, by idling past the sign-on policy's limit, or by the person no longer being active.
No HTTP here."""

from __future__ import annotations

import json

from darkfactory.twins.kit.ids import MIXED_ALNUM
from darkfactory.twins.okta.policies.enforcement import sign_on

IDLE_MINUTES = 120  # a sign-on rule's default ``maxSessionIdleMinutes``


def start(state, user_id: str, amr: list[str], idp: dict | None = None) -> dict:
    """A new session for ``user_id`` proven by ``amr`` (``pwd``, and ``otp``/``mfa`` when a factor
    was too), living as long as the user's sign-on rule lets a session idle."""
    settings = sign_on(state.db, user_id).get("session") or {}
    idle = 60.0 * float(settings.get("maxSessionIdleMinutes") or IDLE_MINUTES)
    now = state.now()
    session_id = "102" + state.universe.ids.token("okta.session", 22, MIXED_ALNUM)
    factor = now if "mfa" in amr else None
    state.db.execute(
        "INSERT INTO okta_sessions(id, user_id, created, expires, idle_seconds, password_at,"
        " factor_at, amr, idp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            session_id,
            user_id,
            now,
            now + idle,
            idle,
            now if "pwd" in amr else None,
            factor,
            json.dumps(amr),
            json.dumps(idp or {"id": state.org_id(), "type": "OKTA"}),
        ),
    )
    return find(state, session_id)


def find(state, session_id: str | None) -> dict | None:
    """The session while it lives: not expired, and its person still active."""
    if not session_id:
        return None
    row = state.db.one(
        "SELECT s.*, u.login FROM okta_sessions s JOIN okta_users u ON u.id = s.user_id"
        " WHERE s.id = ? AND s.expires > ? AND u.status = 'ACTIVE'",
        (session_id, state.now()),
    )
    if row is None:
        return None
    return {**dict(row), "amr": json.loads(row["amr"]), "idp": json.loads(row["idp"])}


def refresh(state, session: dict) -> dict:
    """The session used again: it lives another idle period from now."""
    state.db.execute(
        "UPDATE okta_sessions SET expires = ? WHERE id = ?",
        (state.now() + session["idle_seconds"], session["id"]),
    )
    return find(state, session["id"])


def end(state, session_id: str) -> None:
    state.db.execute("DELETE FROM okta_sessions WHERE id = ?", (session_id,))


def end_all(state, user_id: str) -> int:
    """End every session of ``user_id``; how many there were."""
    return state.db.execute("DELETE FROM okta_sessions WHERE user_id = ?", (user_id,)).rowcount
