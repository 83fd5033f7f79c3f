"""Who is calling: the bearer token of a request, its principal and the scopes it was granted.

``require(call)`` is the one gate every Google API handler passes: it checks the access token
(``Authorization: Bearer`` or ``access_token=``), its expiry, and that one of its scopes is among
those the discovery document lists for the called method (``drive.readonly`` cannot write), then
returns the calling ``Principal``. Pass ``scopes`` to check an explicit list instead. A call let
in by ``drive.file`` alone is marked ``app_only``: it reaches only its own client's files. Once
the call commits, Drive's watch channels hear of what it changed (``drive.watch``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import replace

from darkfactory.twins.google import discovery
from darkfactory.twins.google.errors import GoogleError, insufficient_scopes, unauthenticated
from darkfactory.twins.google.principal import Principal
from darkfactory.twins.kit.operation import Call

SCOPE_PREFIX = "https://www.googleapis.com/auth/"
DRIVE_FILE = SCOPE_PREFIX + "drive.file"


def scope_url(scope: str) -> str:
    """``drive.readonly`` -> ``https://www.googleapis.com/auth/drive.readonly``."""
    return (
        scope if "://" in scope or scope in ("openid", "email", "profile") else SCOPE_PREFIX + scope
    )


def bearer_token(call: Call) -> str:
    header = call.headers.get("authorization", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip()
    return call.query.get("access_token", "") or call.query.get("oauth_token", "")


def principal_of(call: Call) -> Principal:
    """The principal behind the request's access token; 401 ``authError`` if there is none."""
    token = bearer_token(call)
    grant = call.universe.tokens.lookup("google", token) if token else None
    if grant is None or grant.kind != "access":
        raise unauthenticated()
    if grant.meta.get("expires", float("inf")) <= call.universe.clock.now():
        raise unauthenticated()
    try:
        principal = call.twin.state.principal(grant.principal, grant.scopes)
    except KeyError:
        raise unauthenticated() from None
    return replace(principal, client_id=grant.meta.get("client_id", ""))


def own_drive(call: Call) -> Call:
    """What a read-only operation writes before it reads (``kit.operation``): the caller's My
    Drive folder, made on first use. A caller without a valid token is refused by the operation's
    own checks."""
    with contextlib.suppress(GoogleError):
        call.twin.drive.root_of(principal_of(call).email)
    return call


def require(call: Call, scopes: Iterable[str] | None = None) -> Principal:
    """The caller, if its token carries one of ``scopes`` (default: the method's own scopes)."""
    principal = principal_of(call)
    call.after.append(call.twin.notifier)
    allowed = set(scopes if scopes is not None else discovery.method_scopes(call.operation))
    held = allowed.intersection(scope_url(s) for s in principal.scopes)
    if allowed and not held:
        raise insufficient_scopes()
    return replace(principal, app_only=held == {DRIVE_FILE})
