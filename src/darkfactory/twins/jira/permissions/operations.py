"""Permissions: what the caller may do (``/mypermissions``, ``/permissions/check``), and managing
permission schemes, their grants and which scheme a project uses."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.jira.api import (
    actor,
    admin,
    body,
    caller,
    created,
    ids,
    no_content,
    objects,
    rest,
    shapes,
    strings,
    text,
    values,
)
from darkfactory.twins.jira.errors import bad_request, forbidden, not_found
from darkfactory.twins.jira.permissions.state import GLOBAL_PERMISSIONS, PROJECT_PERMISSIONS
from darkfactory.twins.jira.projects.operations import administered_project, visible_project
from darkfactory.twins.jira.state import state_of
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call


def permission_json(key: str) -> dict:
    kind = "PROJECT" if key in PROJECT_PERMISSIONS else "GLOBAL"
    name = PROJECT_PERMISSIONS.get(key) or GLOBAL_PERMISSIONS[key]
    return {
        "id": str(sorted({**PROJECT_PERMISSIONS, **GLOBAL_PERMISSIONS}).index(key)),
        "key": key,
        "name": name,
        "type": kind,
        "description": f"Ability to {name.lower()}.",
    }


@operation("getAllPermissions")
def get_all_permissions(call: Call) -> dict:
    actor(call)
    return {
        "permissions": {
            k: permission_json(k) for k in {**PROJECT_PERMISSIONS, **GLOBAL_PERMISSIONS}
        }
    }


@operation("getMyPermissions")
def get_my_permissions(call: Call) -> dict:
    account_id = actor(call)
    state = state_of(call)
    wanted = values(call, "permissions")
    if not wanted:
        raise bad_request("The 'permissions' query parameter is required.")
    unknown = [p for p in wanted if p not in PROJECT_PERMISSIONS and p not in GLOBAL_PERMISSIONS]
    if unknown:
        raise bad_request(f"Permission key '{unknown[0]}' does not exist.")
    issue_ref = call.query.get("issueId") or call.query.get("issueKey")
    issue = state.issue(issue_ref, account_id) if issue_ref else None
    project = state.project(issue["project"]) if issue else None
    ref = call.query.get("projectId") or call.query.get("projectKey")
    if ref and project is None:
        project = visible_project(call, ref)
    answer = {}
    for key in wanted:
        if key in GLOBAL_PERMISSIONS:
            have = state.has_global(account_id, key)
        elif project is not None:
            have = state.may(account_id, key, project, issue)
        else:
            have = any(state.may(account_id, key, p) for p in state.projects())
        answer[key] = {**permission_json(key), "havePermission": have}
    return {"permissions": answer}


def _unrecognized(keys: list[str], known: dict) -> None:
    """Jira's 400 for permission keys it does not know, one field error per key."""
    unknown = {k: "Unrecognized permission" for k in keys if k not in known}
    if unknown:
        raise bad_request(errors=unknown)


@operation("getBulkPermissions")
def get_bulk_permissions(call: Call) -> dict:
    """Which of the given projects and issues a user may act on; unknown ids are ignored."""
    caller_id = caller(call)
    state = state_of(call)
    data = body(call)
    account_id = text(data, "accountId") or caller_id
    if account_id != caller_id and not (caller_id and state.is_admin(caller_id)):
        raise forbidden("Only Jira administrators can perform this operation.")
    requests = objects(data, "projectPermissions")
    globals_ = strings(data, "globalPermissions")
    for request in requests:
        wanted = [k for k in strings(request, "permissions") if k]
        if not wanted:
            raise bad_request("At least one project permission must be provided.")
        _unrecognized(wanted, PROJECT_PERMISSIONS)
    _unrecognized(globals_, GLOBAL_PERMISSIONS)
    answers = []
    for request in requests:
        projects = [p for p in map(state.find_project, ids(request, "projects")) if p]
        issues = [i for i in map(state.find_issue, ids(request, "issues")) if i]
        for key in (k for k in strings(request, "permissions") if k):
            answers.append(
                {
                    "permission": key,
                    "projects": [int(p["id"]) for p in projects if state.may(account_id, key, p)],
                    "issues": [
                        int(i["id"])
                        for i in issues
                        if state.may(account_id, key, state.project(i["project"]), i)
                    ],
                }
            )
    granted = [k for k in globals_ if state.has_global(account_id, k)]
    return {"projectPermissions": answers, "globalPermissions": granted}


@operation("getPermittedProjects")
def get_permitted_projects(call: Call) -> dict:
    account_id = actor(call)
    state = state_of(call)
    wanted = strings(body(call), "permissions")
    _unrecognized(wanted, PROJECT_PERMISSIONS)
    projects = [
        p for p in state.projects() if wanted and all(state.may(account_id, k, p) for k in wanted)
    ]
    return {"projects": [{"id": int(p["id"]), "key": p["key"]} for p in projects]}


# -- permission schemes ---------------------------------------------------------------------------
def grant_json(call: Call, scheme: dict, grant: dict) -> dict:
    return {
        "id": grant["id"],
        "self": f"{shapes(call).api}/permissionscheme/{scheme['id']}/permission/{grant['id']}",
        "holder": grant["holder"],
        "permission": grant["permission"],
    }


def scheme_json(call: Call, scheme: dict, with_grants: bool) -> dict:
    shaped = {
        "id": int(scheme["id"]),
        "self": f"{shapes(call).api}/permissionscheme/{scheme['id']}",
        "name": scheme["name"],
        "description": scheme["description"],
    }
    if with_grants:
        shaped["permissions"] = [grant_json(call, scheme, g) for g in scheme["permissions"]]
    return shaped


def _expanded(call: Call) -> bool:
    return bool({"permissions", "all"} & set(values(call, "expand")))


@operation("getAllPermissionSchemes")
def get_all_permission_schemes(call: Call) -> dict:
    actor(call)
    return {
        "permissionSchemes": [
            scheme_json(call, s, _expanded(call)) for s in state_of(call).find("permscheme")
        ]
    }


@operation("createPermissionScheme")
def create_permission_scheme(call: Call):
    admin(call)
    data = body(call)
    scheme = state_of(call).create_permission_scheme(
        text(data, "name"), text(data, "description"), objects(data, "permissions")
    )
    return created(scheme_json(call, scheme, True))


@operation("getPermissionScheme")
def get_permission_scheme(call: Call) -> dict:
    admin(call)
    return scheme_json(
        call, state_of(call).permission_scheme(call.path_params["schemeId"]), _expanded(call)
    )


@operation("updatePermissionScheme")
def update_permission_scheme(call: Call) -> dict:
    admin(call)
    state = state_of(call)
    scheme = state.permission_scheme(call.path_params["schemeId"])
    data = body(call)
    scheme.update({k: text(data, k) for k in ("name", "description") if k in data})
    state.put("permscheme", scheme["id"], scheme)
    if "permissions" in data:
        scheme["permissions"] = []
        for grant in objects(data, "permissions"):
            state.add_grant(scheme, grant.get("holder"), grant.get("permission"))
    return scheme_json(call, state.permission_scheme(scheme["id"]), True)


@operation("deletePermissionScheme")
def delete_permission_scheme(call: Call):
    admin(call)
    state = state_of(call)
    scheme = state.permission_scheme(call.path_params["schemeId"])
    if any(p["permissionScheme"] == scheme["id"] for p in state.projects()):
        raise bad_request(
            "The permission scheme cannot be deleted because it is used by one or more projects."
        )
    state.delete("permscheme", scheme["id"])
    return no_content()


@operation("getPermissionSchemeGrants")
def get_permission_scheme_grants(call: Call) -> dict:
    admin(call)
    scheme = state_of(call).permission_scheme(call.path_params["schemeId"])
    return {
        "permissions": [grant_json(call, scheme, g) for g in scheme["permissions"]],
        "expand": "user,group,permissions,projectRole,field,all",
    }


@operation("createPermissionGrant")
def create_permission_grant(call: Call):
    admin(call)
    data = body(call)
    scheme = state_of(call).permission_scheme(call.path_params["schemeId"])
    grant = state_of(call).add_grant(scheme, data.get("holder"), data.get("permission"))
    return created(grant_json(call, scheme, grant))


def _grant(call: Call) -> tuple[dict, dict]:
    scheme = state_of(call).permission_scheme(call.path_params["schemeId"])
    wanted = call.path_params["permissionId"]
    grant = next((g for g in scheme["permissions"] if str(g["id"]) == wanted), None)
    if grant is None:
        raise not_found(f"Permission grant with id '{wanted}' does not exist.")
    return scheme, grant


@operation("getPermissionSchemeGrant")
def get_permission_scheme_grant(call: Call) -> dict:
    admin(call)
    scheme, grant = _grant(call)
    return grant_json(call, scheme, grant)


@operation("deletePermissionSchemeEntity")
def delete_permission_scheme_entity(call: Call):
    admin(call)
    scheme, grant = _grant(call)
    state_of(call).remove_grant(scheme, grant["id"])
    return no_content()


@operation("getAssignedPermissionScheme")
def get_assigned_permission_scheme(call: Call) -> dict:
    project = administered_project(call, call.path_params["projectKeyOrId"])
    return scheme_json(
        call, state_of(call).permission_scheme(project["permissionScheme"]), _expanded(call)
    )


@operation("assignPermissionScheme")
def assign_permission_scheme(call: Call) -> dict:
    admin(call)
    project = visible_project(call, call.path_params["projectKeyOrId"])
    state = state_of(call)
    scheme = state.permission_scheme(str(body(call).get("id")))
    project["permissionScheme"] = scheme["id"]
    state.save_project(project)
    return scheme_json(call, scheme, _expanded(call))


def routes() -> list[Route]:
    scheme = "/permissionscheme/{schemeId}"
    return [
        *rest("/permissions", get_all_permissions, "GET"),
        *rest("/mypermissions", get_my_permissions, "GET"),
        *rest("/permissions/check", get_bulk_permissions, "POST"),
        *rest("/permissions/project", get_permitted_projects, "POST"),
        *rest("/permissionscheme", get_all_permission_schemes, "GET"),
        *rest("/permissionscheme", create_permission_scheme, "POST"),
        *rest(scheme, get_permission_scheme, "GET"),
        *rest(scheme, update_permission_scheme, "PUT"),
        *rest(scheme, delete_permission_scheme, "DELETE"),
        *rest(f"{scheme}/permission", get_permission_scheme_grants, "GET"),
        *rest(f"{scheme}/permission", create_permission_grant, "POST"),
        *rest(f"{scheme}/permission/{{permissionId}}", get_permission_scheme_grant, "GET"),
        *rest(f"{scheme}/permission/{{permissionId}}", delete_permission_scheme_entity, "DELETE"),
        *rest("/project/{projectKeyOrId}/permissionscheme", get_assigned_permission_scheme, "GET"),
        *rest("/project/{projectKeyOrId}/permissionscheme", assign_permission_scheme, "PUT"),
    ]
