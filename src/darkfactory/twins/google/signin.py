"""Signing in to a Google account in the browser: passwords, and the session a sign-in opens.

A session lives in the ``GAPS`` cookie for an hour; it is a kit token of kind ``session``, so it
opens no API (``auth`` accepts access tokens only) and ``oauth2/revoke`` ends it like any token.
"""

from __future__ import annotations

from darkfactory.twins.kit.ids import MIXED_ALNUM

COOKIE = "GAPS"
SESSION_LIFETIME = 3600
WRONG_PASSWORD = "Wrong password. Try again or click Forgot password to reset it."
SUSPENDED = "Account disabled. Your administrator has suspended your account."
NO_ACCOUNT = "Couldn't find your Google Account"


def set_password(store, email: str, password: str) -> None:
    store.execute(
        "INSERT INTO google_passwords (email, password) VALUES (?, ?) "
        "ON CONFLICT(email) DO UPDATE SET password = excluded.password",
        (email, password),
    )


def password_of(store, email: str) -> str | None:
    return store.scalar("SELECT password FROM google_passwords WHERE email = ?", (email,))


def refusal(state, email: str, password: str) -> str | None:
    """Why ``email`` may not sign in with ``password`` (Google's words), or None if they may."""
    account = state.account(email)
    if account is None or account["kind"] != "user":
        return NO_ACCOUNT
    if password_of(state.db, email) != password:
        return WRONG_PASSWORD
    if state.active(email) is None:
        return SUSPENDED
    return None


def open_session(universe, email: str) -> str:
    """A new browser session for ``email``: the cookie's value."""
    session = universe.ids.token("google.session", 32, MIXED_ALNUM)
    expires = universe.clock.now() + SESSION_LIFETIME
    universe.tokens.issue("google", session, email, kind="session", meta={"expires": expires})
    return session


def signed_in(universe, session: str | None) -> str | None:
    """The account a session cookie speaks for, while it lasts."""
    grant = universe.tokens.lookup("google", session) if session else None
    if grant is None or grant.kind != "session":
        return None
    return grant.principal if grant.meta["expires"] > universe.clock.now() else None
