"""User authenticator enrollments: ``/api/v1/users/{userId}/authenticator-enrollments``, a
user's factors seen by the authenticator each belongs to; an admin can enroll a user's phone
directly, while the phone authenticator and its SMS method are active."""

from __future__ import annotations

import json

from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta.api import authorize, body, timestamp
from darkfactory.twins.okta.authenticators import state as authenticators
from darkfactory.twins.okta.authenticators.catalog import FACTOR_AUTHENTICATORS
from darkfactory.twins.okta.errors import not_found, validation
from darkfactory.twins.okta.factors.catalog import enrollment_profile
from darkfactory.twins.okta.factors.operations import insert_factor, remove_factors
from darkfactory.twins.okta.state import state_of

PHONE = ("sms", "OKTA")


def _authenticator(call: Call, key: str) -> tuple[str, str, dict]:
    """The id, status and document of the org's authenticator ``key``."""
    found = authenticators.by_key(call.universe.store, key)
    if found is None:
        raise not_found(key, "Authenticator")
    return found


def enrollment_json(call: Call, row) -> dict:
    key = FACTOR_AUTHENTICATORS[(row["factor_type"], row["provider"])][0]
    authenticator_id, _, document = _authenticator(call, key)
    base = f"{call.twin.base_url}/api/v1"
    href = f"{base}/users/{row['user_id']}/authenticator-enrollments/{row['id']}"
    return {
        "id": row["id"],
        "type": document["type"],
        "key": key,
        "status": row["status"],
        "name": document["name"],
        "profile": json.loads(row["profile"]),
        "nickname": None,
        "created": timestamp(row["created"]),
        "lastUpdated": timestamp(row["last_updated"]),
        "_links": {
            "self": {"href": href, "hints": {"allow": ["GET", "DELETE"]}},
            "user": {"href": f"{base}/users/{row['user_id']}"},
            "authenticator": {"href": f"{base}/authenticators/{authenticator_id}"},
        },
    }


def _rows(call: Call, user: dict) -> list:
    return call.universe.store.all(
        "SELECT * FROM okta_factors WHERE user_id = ? ORDER BY rowid", (user["id"],)
    )


def _row(call: Call, user: dict):
    wanted = call.path_params["enrollmentId"]
    row = next((r for r in _rows(call, user) if r["id"] == wanted), None)
    if row is None:
        raise not_found(wanted, "AuthenticatorEnrollment")
    return row


@operation("listAuthenticatorEnrollments")
def list_authenticator_enrollments(call: Call) -> JSONResponse:
    authorize(call, "okta.users.read")
    user = state_of(call).user(call.path_params["userId"])
    return JSONResponse([enrollment_json(call, r) for r in _rows(call, user)])


@operation("getAuthenticatorEnrollment")
def get_authenticator_enrollment(call: Call) -> dict:
    authorize(call, "okta.users.read")
    user = state_of(call).user(call.path_params["userId"])
    return enrollment_json(call, _row(call, user))


@operation("createAuthenticatorEnrollment")
def create_authenticator_enrollment(call: Call) -> dict:
    actor = authorize(call, "okta.users.manage")
    user = state_of(call).user(call.path_params["userId"])
    payload = body(call)
    phone_id, _, _ = _authenticator(call, "phone_number")
    if payload.get("authenticatorId") != phone_id:
        raise validation("authenticatorId", "authenticatorId: Not the phone authenticator")
    if not authenticators.enrollable(call.universe.store, *PHONE):
        raise validation("authenticatorId", "The phone authenticator is not active")
    if any((r["factor_type"], r["provider"]) == PHONE for r in _rows(call, user)):
        raise validation("authenticatorId", "The user already has a phone enrolled")
    profile, _ = enrollment_profile(user, "sms", payload.get("profile") or {})
    row = insert_factor(call, user, PHONE, "ACTIVE", profile)
    state_of(call).log(
        "user.mfa.factor.activate",
        "User set up MFA factor",
        actor,
        {"id": row["id"], "type": "Factor", "alternateId": user["id"], "displayName": "sms"},
    )
    return enrollment_json(call, row)


@operation("deleteAuthenticatorEnrollment")
def delete_authenticator_enrollment(call: Call) -> Response:
    actor = authorize(call, "okta.users.manage")
    user = state_of(call).user(call.path_params["userId"])
    remove_factors(call, [_row(call, user)], actor)
    return Response(status_code=204)


def routes() -> list[Route]:
    base = "/api/v1/users/{userId}/authenticator-enrollments"
    one = f"{base}/{{enrollmentId}}"
    return [
        Route(base, list_authenticator_enrollments, methods=["GET"]),
        Route(f"{base}/phone", create_authenticator_enrollment, methods=["POST"]),
        Route(one, get_authenticator_enrollment, methods=["GET"]),
        Route(one, delete_authenticator_enrollment, methods=["DELETE"]),
    ]
