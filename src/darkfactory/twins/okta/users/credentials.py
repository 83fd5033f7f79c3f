"""User credentials: ``/api/v1/users/{userId}/credentials/*`` password and recovery question.

``changePassword`` needs the old password and obeys the password policy (history included);
``forgotPassword`` hands out a reset link; ``forgotPasswordSetNewPassword`` trades the recovery
question's answer for a new password; ``changeRecoveryQuestion`` needs the current password.
"""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta.api import authorize, body, credentials_json, flag
from darkfactory.twins.okta.errors import not_allowed
from darkfactory.twins.okta.state import state_of


def _value(payload: dict, field: str) -> str | None:
    return (payload.get(field) or {}).get("value")


@operation("changePassword")
def change_password(call: Call) -> dict:
    actor = authorize(call, "okta.users.manage")
    payload = body(call)
    user = state_of(call).change_password(
        call.path_params["userId"],
        _value(payload, "oldPassword"),
        _value(payload, "newPassword") or "",
        actor,
    )
    return credentials_json(call, user)


@operation("changeRecoveryQuestion")
def change_recovery_question(call: Call) -> dict:
    actor = authorize(call, "okta.users.manage")
    payload, state = body(call), state_of(call)
    user = state.user(call.path_params["userId"])
    state.check_current_password(user, _value(payload, "password"), "password")
    question = payload.get("recovery_question") or {}
    state.set_recovery_question(user["id"], question.get("question"), question.get("answer"))
    state.log(
        "user.account.update_profile",
        "Update recovery question for Okta user",
        actor,
        state.user_target(user["id"]),
    )
    return credentials_json(call, user)


@operation("forgotPassword")
def forgot_password(call: Call) -> dict:
    authorize(call, "okta.users.manage")
    user = state_of(call).user(call.path_params["userId"])
    if user["status"] not in ("ACTIVE", "PASSWORD_EXPIRED", "RECOVERY", "LOCKED_OUT"):
        raise not_allowed()
    if flag(call, "sendEmail", True):
        return {}
    token = call.universe.ids.token(
        "okta.forgot", 20, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    )
    return {"resetPasswordUrl": f"{call.twin.base_url}/signin/reset-password/{token}"}


@operation("forgotPasswordSetNewPassword")
def forgot_password_set_new_password(call: Call) -> dict:
    actor = authorize(call, "okta.users.manage")
    payload = body(call)
    user = state_of(call).recover_password(
        call.path_params["userId"],
        (payload.get("recovery_question") or {}).get("answer"),
        _value(payload, "password") or "",
        actor,
    )
    return credentials_json(call, user)


def routes() -> list[Route]:
    credentials = "/api/v1/users/{userId}/credentials"
    return [
        Route(f"{credentials}/change_password", change_password, methods=["POST"]),
        Route(
            f"{credentials}/change_recovery_question", change_recovery_question, methods=["POST"]
        ),
        Route(f"{credentials}/forgot_password", forgot_password, methods=["POST"]),
        Route(
            f"{credentials}/forgot_password_recovery_question",
            forgot_password_set_new_password,
            methods=["POST"],
        ),
    ]
