"""Groups API: ``/api/v1/groups`` CRUD and membership (``/groups/{id}/users/{userId}``)."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import expressions
from darkfactory.twins.okta.api import authorize, body, group_json, page, user_json
from darkfactory.twins.okta.apps.operations import app_json
from darkfactory.twins.okta.errors import OktaError
from darkfactory.twins.okta.schemas.profile import ProfileSchema
from darkfactory.twins.okta.state import state_of


def _profile(call: Call) -> dict:
    """The request's group profile, checked against the group profile schema."""
    profile = body(call).get("profile") or {}
    ProfileSchema(call.universe.store, "group").check(profile, lambda name, value: False)
    return profile


@operation("addGroup")
def add_group(call: Call) -> dict:
    authorize(call, "okta.groups.manage")
    state = state_of(call)
    return group_json(call, state.group(state.create_group(_profile(call))))


@operation("listGroups")
def list_groups(call: Call) -> Response:
    authorize(call, "okta.groups.read")
    groups = [group_json(call, g) for g in state_of(call).groups()]
    query = call.query
    if query.get("q"):
        groups = [g for g in groups if g["profile"]["name"].lower().startswith(query["q"].lower())]
    for param, fold in (("search", True), ("filter", False)):
        if query.get(param):
            try:
                match = expressions.parse(query[param], fold=fold)
            except ValueError as error:
                raise OktaError(
                    "E0000031", 400, "Invalid search criteria.", [str(error)]
                ) from error
            groups = [g for g in groups if match(g)]
    return page(call, groups, default_limit=10_000, max_limit=10_000)


@operation("getGroup")
def get_group(call: Call) -> dict:
    authorize(call, "okta.groups.read")
    return group_json(call, state_of(call).group(call.path_params["groupId"]))


@operation("replaceGroup")
def replace_group(call: Call) -> dict:
    authorize(call, "okta.groups.manage")
    return group_json(
        call, state_of(call).update_group(call.path_params["groupId"], _profile(call))
    )


@operation("deleteGroup")
def delete_group(call: Call) -> Response:
    authorize(call, "okta.groups.manage")
    state_of(call).delete_group(call.path_params["groupId"])
    return Response(status_code=204)


@operation("listGroupUsers")
def list_group_users(call: Call) -> Response:
    authorize(call, "okta.groups.read")
    users = [
        user_json(call, u, full=False) for u in state_of(call).members(call.path_params["groupId"])
    ]
    return page(call, users, default_limit=1000, max_limit=1000)


def _managed_membership(call: Call) -> str:
    """The group whose membership a call changes: Okta changes only ``OKTA_GROUP`` memberships
    through the API (imports manage ``APP_GROUP`` ones, and everyone is in Everyone)."""
    group = state_of(call).group(call.path_params["groupId"])
    if group["type"] != "OKTA_GROUP":
        raise OktaError(
            "E0000006", 403, "You do not have permission to perform the requested action"
        )
    return group["id"]


@operation("assignUserToGroup")
def assign_user_to_group(call: Call) -> Response:
    actor = authorize(call, "okta.groups.manage")
    group_id = _managed_membership(call)
    state_of(call).add_member(group_id, call.path_params["userId"], actor)
    return Response(status_code=204)


@operation("unassignUserFromGroup")
def unassign_user_from_group(call: Call) -> Response:
    actor = authorize(call, "okta.groups.manage")
    group_id = _managed_membership(call)
    state_of(call).remove_member(group_id, call.path_params["userId"], actor)
    return Response(status_code=204)


@operation("listAssignedApplicationsForGroup")
def list_assigned_applications_for_group(call: Call) -> Response:
    authorize(call, "okta.groups.read")
    state = state_of(call)
    group = state.group(call.path_params["groupId"])
    rows = call.universe.store.all(
        "SELECT app_id FROM okta_app_groups g JOIN okta_apps a ON a.id = g.app_id"
        " WHERE g.group_id = ? ORDER BY a.rowid",
        (group["id"],),
    )
    return page(call, [app_json(call, state.app(r["app_id"])) for r in rows], 20, 200)


def routes() -> list[Route]:
    member = "/api/v1/groups/{groupId}/users/{userId}"
    return [
        Route("/api/v1/groups", add_group, methods=["POST"]),
        Route("/api/v1/groups", list_groups, methods=["GET"]),
        Route("/api/v1/groups/{groupId}", get_group, methods=["GET"]),
        Route("/api/v1/groups/{groupId}", replace_group, methods=["PUT"]),
        Route("/api/v1/groups/{groupId}", delete_group, methods=["DELETE"]),
        Route("/api/v1/groups/{groupId}/users", list_group_users, methods=["GET"]),
        Route(
            "/api/v1/groups/{groupId}/apps", list_assigned_applications_for_group, methods=["GET"]
        ),
        Route(member, assign_user_to_group, methods=["PUT"]),
        Route(member, unassign_user_from_group, methods=["DELETE"]),
    ]
