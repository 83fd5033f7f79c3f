"""Users API: ``/api/v1/users`` create, get, list (``q``/``filter``/``search``), update."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import expressions
from darkfactory.twins.okta.api import (
    authorize,
    body,
    flag,
    grant_of,
    group_json,
    page,
    user_json,
)
from darkfactory.twins.okta.errors import OktaError
from darkfactory.twins.okta.policies.enforcement import password_settings
from darkfactory.twins.okta.state import state_of
from darkfactory.twins.okta.users import password_policy


def _password(payload: dict) -> str | None:
    return ((payload.get("credentials") or {}).get("password") or {}).get("value")


@operation("createUser")
def create_user(call: Call) -> dict:
    actor = authorize(call, "okta.users.manage")
    payload = body(call)
    password = _password(payload)
    if password is not None:
        login = str((payload.get("profile") or {}).get("login", ""))
        password_policy.check(password, login, (), password_settings(call.universe.store, None))
    user = state_of(call).create_user(
        payload.get("profile") or {},
        password,
        flag(call, "activate", True),
        actor,
        payload.get("groupIds") or [],
    )
    question = (payload.get("credentials") or {}).get("recovery_question")
    if question:
        state_of(call).set_recovery_question(
            user["id"], question.get("question"), question.get("answer")
        )
    return user_json(call, user)


@operation("getUser")
def get_user(call: Call) -> dict:
    authorize(call, "okta.users.read")
    user_id = call.path_params["id"]
    if user_id == "me":
        user_id = grant_of(call).principal
    return user_json(call, state_of(call).user(user_id))


@operation("listUsers")
def list_users(call: Call) -> Response:
    authorize(call, "okta.users.read")
    users = [user_json(call, u, full=False) for u in state_of(call).users()]
    query = call.query
    try:
        if query.get("search"):
            users = [u for u in users if expressions.parse(query["search"])(u)]
        if query.get("filter"):
            users = [u for u in users if expressions.parse(query["filter"], fold=False)(u)]
    except ValueError as error:
        raise OktaError("E0000031", 400, "Invalid search criteria.", [str(error)]) from error
    if query.get("q"):
        wanted = query["q"].lower()
        users = [
            u
            for u in users
            if u["status"] != "DEPROVISIONED"
            and any(
                str(u["profile"].get(f, "")).lower().startswith(wanted)
                for f in ("firstName", "lastName", "email")
            )
        ]
        return page(call, users, default_limit=10)
    return page(call, users)


def _update(call: Call, replace: bool) -> dict:
    actor = authorize(call, "okta.users.manage")
    payload = body(call)
    state = state_of(call)
    user = state.user(call.path_params["id"])
    if payload.get("profile") is not None:
        user = state.update_profile(user["id"], payload["profile"], replace, actor)
    password = _password(payload)
    if password is not None:
        state.set_password(user["id"], password)
        user = state.user(user["id"])
    return user_json(call, user)


@operation("updateUser")
def update_user(call: Call) -> dict:
    return _update(call, replace=False)


@operation("replaceUser")
def replace_user(call: Call) -> dict:
    return _update(call, replace=True)


@operation("deleteUser")
def delete_user(call: Call) -> Response:
    actor = authorize(call, "okta.users.manage")
    state_of(call).delete_user(call.path_params["id"], actor)
    return Response(status_code=204)


@operation("listUserGroups")
def list_user_groups(call: Call) -> Response:
    authorize(call, "okta.users.read")
    groups = [group_json(call, g) for g in state_of(call).user_groups(call.path_params["id"])]
    return page(call, groups)


@operation("listUserBlocks")
def list_user_blocks(call: Call) -> list:
    """A locked-out user is blocked from every device until unlocked."""
    authorize(call, "okta.users.read")
    user = state_of(call).user(call.path_params["id"])
    if user["status"] != "LOCKED_OUT":
        return []
    return [{"type": "DEVICE_BASED", "appliesTo": "ANY_DEVICES"}]


def routes() -> list[Route]:
    return [
        Route("/api/v1/users", create_user, methods=["POST"]),
        Route("/api/v1/users", list_users, methods=["GET"]),
        Route("/api/v1/users/{id}", get_user, methods=["GET"]),
        Route("/api/v1/users/{id}", update_user, methods=["POST"]),
        Route("/api/v1/users/{id}", replace_user, methods=["PUT"]),
        Route("/api/v1/users/{id}", delete_user, methods=["DELETE"]),
        Route("/api/v1/users/{id}/groups", list_user_groups, methods=["GET"]),
        Route("/api/v1/users/{id}/blocks", list_user_blocks, methods=["GET"]),
    ]
