"""Primary authentication, ``POST /api/v1/authn``, under the sign-on policy.

A valid username and password answer ``SUCCESS`` with a one-time ``sessionToken``, unless the
user's sign-on rule denies the sign-in (E0000004) or requires a second factor: then the answer
is ``MFA_ENROLL`` (no factor enrolled yet) or ``MFA_REQUIRED`` with a ``stateToken``, which
``POST /api/v1/authn/factors/{factorId}/verify`` with a current TOTP ``passCode`` turns into
``SUCCESS``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.ids import MIXED_ALNUM
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta.api import body, timestamp
from darkfactory.twins.okta.children_store import insert
from darkfactory.twins.okta.errors import OktaError
from darkfactory.twins.okta.factors import totp
from darkfactory.twins.okta.factors.operations import factor_json
from darkfactory.twins.okta.policies import enforcement
from darkfactory.twins.okta.state import state_of

TRANSACTION_TTL_S = 300
TRANSACTION = "AuthnTransaction"


def _failed() -> OktaError:
    return OktaError("E0000004", 401, "Authentication failed")


def _user_json(user: dict) -> dict:
    profile = user["profile"]
    return {
        "id": user["id"],
        "passwordChanged": timestamp(user["password_changed"]),
        "profile": {
            "login": user["login"],
            "firstName": profile.get("firstName"),
            "lastName": profile.get("lastName"),
            "locale": profile.get("locale", "en"),
            "timeZone": profile.get("timeZone", "America/Los_Angeles"),
        },
    }


def _expires(call: Call) -> str:
    moment = datetime.fromtimestamp(call.universe.clock.now() + TRANSACTION_TTL_S, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _success(call: Call, user: dict) -> dict:
    state = state_of(call)
    state.db.execute("UPDATE okta_users SET last_login = ? WHERE id = ?", (state.now(), user["id"]))
    state.log("user.session.start", "User login to Okta", None, state.user_target(user["id"]))
    return {
        "expiresAt": _expires(call),
        "status": "SUCCESS",
        "sessionToken": "20111" + call.universe.ids.token("okta.session", 55, MIXED_ALNUM),
        "_embedded": {"user": _user_json(user)},
    }


def _refuse(call: Call, user: dict | None) -> OktaError:
    state = state_of(call)
    target = state.user_target(user["id"]) if user else {"alternateId": "unknown"}
    state.log("user.session.start", "User login to Okta", None, target, outcome="FAILURE")
    return _failed()


def _factors(call: Call, user_id: str) -> list:
    return call.universe.store.all(
        "SELECT * FROM okta_factors WHERE user_id = ? AND status = 'ACTIVE' ORDER BY rowid",
        (user_id,),
    )


@operation("authn")
def authn(call: Call) -> dict:
    payload = body(call)
    state = state_of(call)
    user = state.find_user(str(payload.get("username") or ""))
    if user is None or user["status"] != "ACTIVE" or user["password"] != payload.get("password"):
        raise _refuse(call, user)
    signon = enforcement.sign_on(state.db, user["id"])
    if signon.get("access") == "DENY":
        raise _refuse(call, user)
    if not signon.get("requireFactor"):
        return _success(call, user)
    factors = _factors(call, user["id"])
    expires = state.now() + TRANSACTION_TTL_S
    state_token = insert(state, TRANSACTION, user["id"], {"expires": expires}, "00")
    embedded: dict = {"user": _user_json(user)}
    if factors:
        embedded["factors"] = [factor_json(call, f) for f in factors]
    return {
        "stateToken": state_token,
        "expiresAt": _expires(call),
        "status": "MFA_REQUIRED" if factors else "MFA_ENROLL",
        "_embedded": embedded,
    }


@operation("verifyAuthnFactor")
def verify_factor(call: Call) -> dict:
    """Prove a factor within an MFA_REQUIRED transaction: a current code of a TOTP factor."""
    payload = body(call)
    state = state_of(call)
    row = state.db.one(
        "SELECT * FROM okta_children WHERE kind = ? AND id = ?",
        (TRANSACTION, str(payload.get("stateToken") or "")),
    )
    if row is None or json.loads(row["document"])["expires"] < state.now():
        raise OktaError("E0000011", 401, "Invalid token provided")
    user = state.user(row["parent"])
    factor = next(
        (f for f in _factors(call, user["id"]) if f["id"] == call.path_params["factorId"]), None
    )
    code = str(payload.get("passCode") or "")
    if (
        factor is None
        or not factor["secret"]
        or totp.matching_step(factor["secret"], code, state.now()) is None
    ):
        raise OktaError(
            "E0000068", 403, "Invalid Passcode/Answer", ["Your passcode doesn't match our records."]
        )
    state.db.execute(
        "DELETE FROM okta_children WHERE kind = ? AND id = ?", (TRANSACTION, row["id"])
    )
    return _success(call, user)


def routes() -> list[Route]:
    return [
        Route("/api/v1/authn", authn, methods=["POST"]),
        Route("/api/v1/authn/factors/{factorId}/verify", verify_factor, methods=["POST"]),
    ]
