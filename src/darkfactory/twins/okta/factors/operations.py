"""User factors: ``/api/v1/users/{userId}/factors`` enroll, activate, verify, resend, unenroll.

TOTP factors verify real RFC 6238 codes of the shared secret handed out at enrollment. SMS, call
and email factors send a one-time passCode; the twin's outbox (``GET /okta/_outbox``) shows what
was sent, as a phone or mailbox would. Security questions verify their answer, case-insensitively.
"""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import TWIN_KEY, Call
from darkfactory.twins.okta.api import authorize, body, flag, render_error, timestamp
from darkfactory.twins.okta.authenticators import state as authenticators
from darkfactory.twins.okta.errors import OktaError, not_allowed, not_found, validation
from darkfactory.twins.okta.factors import push, totp
from darkfactory.twins.okta.factors.catalog import (
    CATALOG,
    QUESTIONS,
    RESEND_LIMITS,
    SENT_EVENTS,
    enrollment_profile,
)
from darkfactory.twins.okta.state import state_of

PASS_CODE_TTL_S = 300
BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def _invalid_pass_code(cause: str = "Your passcode doesn't match our records.") -> OktaError:
    return OktaError("E0000068", 403, "Invalid Passcode/Answer", [cause])


# -- shapes -------------------------------------------------------------------------------------
def factor_json(call: Call, row, activation: dict | None = None) -> dict:
    user_href = f"{call.twin.base_url}/api/v1/users/{row['user_id']}"
    href = f"{user_href}/factors/{row['id']}"
    links = {"self": _link(href, "GET", "DELETE"), "user": _link(user_href, "GET")}
    if row["status"] == "ACTIVE":
        links["verify"] = _link(f"{href}/verify", "POST")
    else:
        links["activate"] = _link(f"{href}/lifecycle/activate", "POST")
        if row["factor_type"] in RESEND_LIMITS:
            links["resend"] = _link(f"{href}/resend", "POST")
    answer = {
        "id": row["id"],
        "factorType": row["factor_type"],
        "provider": row["provider"],
        "vendorName": row["provider"],
        "status": row["status"],
        "created": timestamp(row["created"]),
        "lastUpdated": timestamp(row["last_updated"]),
        "profile": json.loads(row["profile"]),
        "_links": links,
    }
    if activation:
        answer["_embedded"] = {"activation": activation}
    return answer


def _link(href: str, *methods: str) -> dict:
    return {"href": href, "hints": {"allow": list(methods)}}


# -- lookups ------------------------------------------------------------------------------------
def _user(call: Call) -> dict:
    return state_of(call).user(call.path_params["userId"])


def _factor(call: Call, user: dict):
    factor_id = call.path_params["factorId"]
    row = call.universe.store.one(
        "SELECT * FROM okta_factors WHERE id = ? AND user_id = ?", (factor_id, user["id"])
    )
    if row is None:
        raise not_found(factor_id, "UserFactor")
    return row


def _factors(call: Call, user: dict) -> list:
    return call.universe.store.all(
        "SELECT * FROM okta_factors WHERE user_id = ? ORDER BY rowid", (user["id"],)
    )


def _factor_target(row) -> dict:
    return {
        "id": row["id"],
        "type": "Factor",
        "alternateId": row["user_id"],
        "displayName": row["factor_type"],
    }


def _set(call: Call, factor_id: str, **columns) -> None:
    columns["last_updated"] = call.universe.clock.now()
    assignments = ", ".join(f"{name} = ?" for name in columns)
    call.universe.store.execute(
        f"UPDATE okta_factors SET {assignments} WHERE id = ?", (*columns.values(), factor_id)
    )


def _reload(call: Call, factor_id: str):
    return call.universe.store.one("SELECT * FROM okta_factors WHERE id = ?", (factor_id,))


# -- one-time passCodes -------------------------------------------------------------------------
def _send(call: Call, user: dict, row) -> None:
    """Send a fresh passCode over the factor's channel, at most once per its resend window."""
    channel = row["factor_type"]
    wait_s, code, summary = RESEND_LIMITS[channel]
    now = call.universe.clock.now()
    if row["pass_code_sent"] is not None and now - row["pass_code_sent"] < wait_s:
        raise OktaError(code, 429, summary)
    pass_code = call.universe.ids.token("okta.passcode", 6, "0123456789")
    profile = json.loads(row["profile"])
    recipient = profile.get("phoneNumber") or profile.get("email") or ""
    _set(call, row["id"], pass_code=pass_code, pass_code_sent=now)
    call.universe.store.execute(
        "INSERT INTO okta_outbox(user_id, factor_id, channel, recipient, pass_code, sent)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (user["id"], row["id"], channel, recipient, pass_code, now),
    )
    state_of(call).log(
        SENT_EVENTS[channel],
        f"Send {channel} verification passcode",
        None,
        state_of(call).user_target(user["id"]),
    )


def _check_pass_code(call: Call, row, pass_code: str) -> dict:
    """Columns to store once ``pass_code`` proves possession of the factor; raises E0000068."""
    if not pass_code:
        raise validation("passCode", "passCode: The field cannot be left blank")
    if row["factor_type"] == "token:software:totp":
        step = totp.matching_step(row["secret"], pass_code, call.universe.clock.now())
        if step is None:
            raise _invalid_pass_code()
        if row["last_step"] is not None and step <= row["last_step"]:
            raise _invalid_pass_code("Each code can only be used once. Wait for a new code.")
        return {"last_step": step}
    fresh = (
        row["pass_code_sent"] is not None
        and call.universe.clock.now() - row["pass_code_sent"] <= PASS_CODE_TTL_S
    )
    if not (fresh and row["pass_code"] == str(pass_code)):
        raise _invalid_pass_code()
    return {"pass_code": None}


# -- enrollment ---------------------------------------------------------------------------------
def insert_factor(
    call: Call, user: dict, kind: tuple[str, str], status: str, profile: dict, secret=None
):
    """Store a new factor of ``kind`` (factorType, provider) for ``user``; its row."""
    state = state_of(call)
    factor_id, now = state.new_id(CATALOG[kind]), state.now()
    call.universe.store.execute(
        "INSERT INTO okta_factors(id, user_id, factor_type, provider, status, profile, secret,"
        " created, last_updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (factor_id, user["id"], *kind, status, json.dumps(profile), secret, now, now),
    )
    return _reload(call, factor_id)


@operation("enrollFactor")
def enroll_factor(call: Call) -> JSONResponse:
    actor = authorize(call, "okta.users.manage")
    user, payload, state = _user(call), body(call), state_of(call)
    if user["status"] in ("STAGED", "DEPROVISIONED"):
        raise not_allowed()
    factor_type, provider = payload.get("factorType"), payload.get("provider") or "OKTA"
    prefix = CATALOG.get((factor_type, provider))
    if prefix is None:
        raise validation("factorEnrollRequest", "factorType: Invalid factor type or provider.")
    if not authenticators.enrollable(call.universe.store, factor_type, provider):
        raise validation(
            "factorEnrollRequest",
            "Factor not allowed for the user based on the Multifactor policy.",
        )
    if any(r["factor_type"] == factor_type for r in _factors(call, user)):
        raise validation("factorEnrollRequest", "A factor of this type is already set up.")
    profile, secret = enrollment_profile(user, factor_type, payload.get("profile") or {})
    if factor_type == "token:software:totp":
        secret = call.universe.ids.token("okta.totp-secret", 16, BASE32)
    immediate = factor_type == "question" or (
        factor_type in RESEND_LIMITS and flag(call, "activate", False)
    )
    status = "ACTIVE" if immediate else "PENDING_ACTIVATION"
    row = insert_factor(call, user, (factor_type, provider), status, profile, secret)
    factor_id = row["id"]
    if immediate:
        state.log("user.mfa.factor.activate", "User set up MFA factor", actor, _factor_target(row))
    elif factor_type in RESEND_LIMITS:
        _send(call, user, row)
        row = _reload(call, factor_id)
    activation = None
    if factor_type == "push":
        activation = push.start(call, row, "activation")
    if factor_type == "token:software:totp":
        activation = {
            "timeStep": totp.STEP_S,
            "sharedSecret": secret,
            "encoding": "base32",
            "keyLength": len(secret),
            "_links": {
                "qrcode": {
                    "href": f"{call.twin.base_url}/api/v1/users/{user['id']}/factors/"
                    f"{factor_id}/qr/{secret}",
                    "type": "image/png",
                }
            },
        }
    return JSONResponse(factor_json(call, row, activation))


@operation("activateFactor")
def activate_factor(call: Call) -> dict:
    actor = authorize(call, "okta.users.manage")
    user = _user(call)
    row = _factor(call, user)
    if row["status"] != "PENDING_ACTIVATION":
        raise validation("factor", "Factor is already active.")
    if row["factor_type"] == "push":  # the device activates it; the client polls
        return {"factorType": "push", **push.start(call, row, "activation")}
    changes = _check_pass_code(call, row, str(body(call).get("passCode") or ""))
    _set(call, row["id"], status="ACTIVE", **changes)
    row = _reload(call, row["id"])
    state_of(call).log(
        "user.mfa.factor.activate", "User set up MFA factor", actor, _factor_target(row)
    )
    return factor_json(call, row)


@operation("resendEnrollFactor")
def resend_enroll_factor(call: Call) -> dict:
    authorize(call, "okta.users.manage")
    user = _user(call)
    row = _factor(call, user)
    if row["factor_type"] not in RESEND_LIMITS or row["status"] != "PENDING_ACTIVATION":
        raise validation("factor", "Only a pending sms, call or email factor can be resent.")
    if body(call).get("factorType", row["factor_type"]) != row["factor_type"]:
        raise validation("factorType", "factorType: does not match the factor.")
    _send(call, user, row)
    return factor_json(call, _reload(call, row["id"]))


@operation("verifyFactor")
def verify_factor(call: Call) -> dict | Response:
    """Check a passCode or answer; a bodiless call to an sms/call/email factor sends a challenge,
    one to a push factor pushes to the device (201 WAITING, poll the transaction)."""
    actor = authorize(call, "okta.users.manage")
    user, payload, state = _user(call), body(call), state_of(call)
    row = _factor(call, user)
    if row["status"] != "ACTIVE":
        raise validation("factor", "Factor is not active.")
    href = f"{call.twin.base_url}/api/v1/users/{user['id']}/factors/{row['id']}"
    if row["factor_type"] == "push":
        return JSONResponse(push.start(call, row, "verify"), 201)
    if row["factor_type"] in RESEND_LIMITS and not payload.get("passCode"):
        _send(call, user, row)
        return {
            "factorResult": "CHALLENGE",
            "expiresAt": timestamp(call.universe.clock.now() + PASS_CODE_TTL_S),
            "_links": {"verify": _link(f"{href}/verify", "POST"), "factor": _link(href, "GET")},
        }
    try:
        if row["factor_type"] == "question":
            if str(payload.get("answer") or "").casefold() != row["secret"]:
                raise _invalid_pass_code("Your answer doesn't match our records.")
            changes = {}
        else:
            changes = _check_pass_code(call, row, str(payload.get("passCode") or ""))
    except OktaError as error:  # the failed attempt is logged, so answer instead of rolling back
        state.log(
            "user.authentication.auth_via_mfa",
            "Authentication of user via MFA",
            actor,
            state.user_target(user["id"]),
            _factor_target(row),
            outcome="FAILURE",
        )
        return render_error(call.universe, error)
    _set(call, row["id"], **changes)
    state.log(
        "user.authentication.auth_via_mfa",
        "Authentication of user via MFA",
        actor,
        state.user_target(user["id"]),
        _factor_target(row),
    )
    return {"factorResult": "SUCCESS"}


# -- reading and removing -----------------------------------------------------------------------
@operation("listFactors")
def list_factors(call: Call) -> list:
    authorize(call, "okta.users.read")
    return [factor_json(call, r) for r in _factors(call, _user(call))]


@operation("getFactor")
def get_factor(call: Call) -> dict:
    authorize(call, "okta.users.read")
    return factor_json(call, _factor(call, _user(call)))


@operation("listSupportedFactors")
def list_supported_factors(call: Call) -> list:
    authorize(call, "okta.users.read")
    user = _user(call)
    enrolled = {(r["factor_type"], r["provider"]): r["status"] for r in _factors(call, user)}
    href = f"{call.twin.base_url}/api/v1/users/{user['id']}/factors"
    return [
        {
            "factorType": factor_type,
            "provider": provider,
            "vendorName": provider,
            "enrollment": "OPTIONAL",
            "status": enrolled.get((factor_type, provider), "NOT_SETUP"),
            "_links": {"enroll": _link(href, "POST")},
        }
        for factor_type, provider in CATALOG
        if authenticators.enrollable(call.universe.store, factor_type, provider)
    ]


@operation("listSupportedSecurityQuestions")
def list_supported_security_questions(call: Call) -> list:
    authorize(call, "okta.users.read")
    _user(call)
    return [{"question": key, "questionText": text} for key, text in QUESTIONS.items()]


def remove_factors(call: Call, rows: list, actor: dict) -> None:
    """Delete factors (rows of ``okta_factors``), each logged as reset."""
    for row in rows:
        call.universe.store.execute("DELETE FROM okta_factors WHERE id = ?", (row["id"],))
        state_of(call).log(
            "user.mfa.factor.deactivate", "Reset factor for user", actor, _factor_target(row)
        )


@operation("unenrollFactor")
def unenroll_factor(call: Call) -> Response:
    actor = authorize(call, "okta.users.manage")
    user = _user(call)
    remove_factors(call, [_factor(call, user)], actor)
    return Response(status_code=204)


@operation("resetFactors")
def reset_factors(call: Call) -> dict:
    """``UserLifecycle.resetFactors``: unenroll every factor of the user."""
    actor = authorize(call, "okta.users.manage")
    user = _user(call)
    remove_factors(call, _factors(call, user), actor)
    state_of(call).log(
        "user.mfa.factor.reset_all",
        "Reset all factors for user",
        actor,
        state_of(call).user_target(user["id"]),
    )
    return {}


async def outbox(request: Request) -> Response:
    """The twin's outbox: every passCode sent by SMS, call or email and every push, newest last."""
    store = request.scope[TWIN_KEY].universe.store
    user_id = request.query_params.get("userId")
    rows = store.all(
        "SELECT * FROM okta_outbox WHERE ? IS NULL OR user_id = ? ORDER BY id", (user_id, user_id)
    )
    return JSONResponse(
        [
            {
                "userId": r["user_id"],
                "factorId": r["factor_id"],
                "channel": r["channel"],
                "to": r["recipient"],
                "passCode": r["pass_code"],
                "transactionId": r["transaction_id"],
                "sent": timestamp(r["sent"]),
            }
            for r in rows
        ]
    )


def routes() -> list[Route]:
    factors = "/api/v1/users/{userId}/factors"
    one = f"{factors}/{{factorId}}"
    return [
        Route(factors, enroll_factor, methods=["POST"]),
        Route(factors, list_factors, methods=["GET"]),
        Route(f"{factors}/catalog", list_supported_factors, methods=["GET"]),
        Route(f"{factors}/questions", list_supported_security_questions, methods=["GET"]),
        Route(one, get_factor, methods=["GET"]),
        Route(one, unenroll_factor, methods=["DELETE"]),
        Route(f"{one}/lifecycle/activate", activate_factor, methods=["POST"]),
        Route(f"{one}/resend", resend_enroll_factor, methods=["POST"]),
        Route(f"{one}/verify", verify_factor, methods=["POST"]),
        Route("/api/v1/users/{userId}/lifecycle/reset_factors", reset_factors, methods=["POST"]),
        Route("/_outbox", outbox, methods=["GET"]),
    ]
