"""Filter sharing (``/filter/{id}/permission``, ``/filter/defaultShareScope``): the owner shares
a filter with a user, a group, a project, a project role or every signed-in user."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.jira.api import actor, body, created, no_content, rest, text
from darkfactory.twins.jira.errors import bad_request
from darkfactory.twins.jira.filters.operations import owned_filter, share_json
from darkfactory.twins.jira.state import state_of
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call


def read_share(call: Call, data: dict) -> dict:
    """A share from a request body, with what it names checked and resolved to ids."""
    state = state_of(call)
    kind = text(data, "type")
    share = {"type": kind}
    if kind == "user":
        share["accountId"] = state.user(text(data, "accountId") or None)["accountId"]
    if kind == "group":
        group = state.group(text(data, "groupname") or None, text(data, "groupId") or None)
        share["groupId"] = group["groupId"]
    if kind in ("project", "projectRole"):
        project = state.find_project(str(data.get("projectId") or ""))
        if project is None or not state.may(actor(call), "BROWSE_PROJECTS", project):
            raise bad_request(f"No project could be found with id '{data.get('projectId')}'.")
        share["projectId"] = project["id"]
    if kind == "projectRole":
        share["roleId"] = state.role(str(data.get("projectRoleId") or ""))["id"]
    return share


@operation("getSharePermissions")
def get_share_permissions(call: Call) -> list:
    saved = state_of(call).saved_filter(call.path_params["id"], actor(call))
    return [share_json(call, s) for s in saved["sharePermissions"]]


@operation("addSharePermission")
def add_share_permission(call: Call):
    saved = owned_filter(call)
    saved = state_of(call).share_filter(saved, read_share(call, body(call)))
    return created([share_json(call, s) for s in saved["sharePermissions"]])


@operation("getSharePermission")
def get_share_permission(call: Call) -> dict:
    state = state_of(call)
    saved = state.saved_filter(call.path_params["id"], actor(call))
    return share_json(call, state.share(saved, call.path_params["permissionId"]))


@operation("deleteSharePermission")
def delete_share_permission(call: Call):
    state_of(call).unshare_filter(owned_filter(call), call.path_params["permissionId"])
    return no_content()


@operation("getDefaultShareScope")
def get_default_share_scope(call: Call) -> dict:
    return {"scope": state_of(call).default_share_scope(actor(call))}


@operation("setDefaultShareScope")
def set_default_share_scope(call: Call) -> dict:
    scope = text(body(call), "scope")
    return {"scope": state_of(call).set_default_share_scope(actor(call), scope)}


def routes() -> list[Route]:
    shares = "/filter/{id}/permission"
    return [
        *rest("/filter/defaultShareScope", get_default_share_scope, "GET"),
        *rest("/filter/defaultShareScope", set_default_share_scope, "PUT"),
        *rest(shares, get_share_permissions, "GET"),
        *rest(shares, add_share_permission, "POST"),
        *rest(shares + "/{permissionId}", get_share_permission, "GET"),
        *rest(shares + "/{permissionId}", delete_share_permission, "DELETE"),
    ]
