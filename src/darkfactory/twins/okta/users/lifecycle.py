"""User lifecycle operations: ``/api/v1/users/{id}/lifecycle/*`` and ``/credentials``."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta.api import authorize, flag, user_json
from darkfactory.twins.okta.state import state_of


def _token_link(call: Call, kind: str) -> tuple[str, str]:
    token = call.universe.ids.token(
        f"okta.{kind}", 20, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    )
    return token, f"{call.twin.base_url}/{kind}/{token}"


def _transition(name: str, method: str, path: str, answer):
    """A lifecycle endpoint: authorize, move the user, answer with ``answer(call, user)``."""

    @operation(name)
    def handler(call: Call):
        actor = authorize(call, "okta.users.manage")
        user = getattr(state_of(call), method)(call.path_params["id"], actor)
        return answer(call, user)

    return Route(f"/api/v1/users/{{id}}{path}", handler, methods=["POST"])


def _empty(call: Call, user: dict) -> dict:
    return {}


def _activation(call: Call, user: dict) -> dict:
    if flag(call, "sendEmail", True):
        return {}
    token, url = _token_link(call, "welcome")
    return {"activationToken": token, "activationUrl": url}


def _reset(call: Call, user: dict) -> dict:
    if flag(call, "sendEmail", True):
        return {}
    _, url = _token_link(call, "reset_password")
    return {"resetPasswordUrl": url}


def _user(call: Call, user: dict) -> dict:
    return user_json(call, user)


def _temp_password(call: Call, user: dict) -> dict:
    temp = call.universe.ids.token("okta.temp-password", 8, "abcdefghjkmnpqrstuvwxyz23456789")
    state_of(call).set_password(user["id"], temp, policy=False)
    return {"tempPassword": temp}


def routes() -> list[Route]:
    return [
        _transition("activateUser", "activate", "/lifecycle/activate", _activation),
        _transition("reactivateUser", "reactivate", "/lifecycle/reactivate", _activation),
        _transition("deactivateUser", "deactivate", "/lifecycle/deactivate", _empty),
        _transition("suspendUser", "suspend", "/lifecycle/suspend", _empty),
        _transition("unsuspendUser", "unsuspend", "/lifecycle/unsuspend", _empty),
        _transition("unlockUser", "unlock", "/lifecycle/unlock", _empty),
        _transition("expirePassword", "expire_password", "/lifecycle/expire_password", _user),
        _transition(
            "expirePasswordWithTempPassword",
            "expire_password",
            "/lifecycle/expire_password_with_temp_password",
            _temp_password,
        ),
        _transition("resetPassword", "reset_password", "/lifecycle/reset_password", _reset),
    ]
