"""Projects, their components and versions: ``/project``, ``/component``, ``/version``."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.jira.api import (
    actor,
    admin,
    bean,
    body,
    created,
    no_content,
    rest,
    shapes,
    text,
    values,
)
from darkfactory.twins.jira.errors import bad_request, forbidden, project_not_found
from darkfactory.twins.jira.state import state_of
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call

NOT_ADMIN = "You cannot edit the configuration of this project."


def visible_project(call: Call, ref: str) -> dict:
    """The project, if the caller may browse it (else Jira's 404, as if it did not exist)."""
    account_id = actor(call)
    state = state_of(call)
    project = state.find_project(str(ref))
    if project is None or not (
        state.may(account_id, "BROWSE_PROJECTS", project)
        or state.may(account_id, "ADMINISTER_PROJECTS", project)
    ):
        raise project_not_found(ref)
    return project


def administered_project(call: Call, ref: str) -> dict:
    project = visible_project(call, ref)
    if not state_of(call).may(actor(call), "ADMINISTER_PROJECTS", project):
        raise forbidden(NOT_ADMIN)
    return project


def _full(call: Call, project: dict) -> dict:
    shaped = shapes(call).project(project, full=True)
    expand = values(call, "expand")
    if "description" not in expand and shapes(call).version == "3":
        shaped["description"] = project["description"]
    if "projectKeys" in expand:
        shaped["projectKeys"] = [project["key"]]
    if "issueTypeHierarchy" in expand:
        shaped["issueTypeHierarchy"] = _hierarchy(call, project)
    return shaped


# the levels of a project's issue type hierarchy, top down: id, name, level number
LEVELS = ((1, "Epic", 1), (2, "Base", 0), (3, "Subtask", -1))


def _hierarchy(call: Call, project: dict) -> dict:
    """Epics above the standard issue types, subtasks below them."""
    state = state_of(call)
    types = [state.get("issuetype", t) for t in project["issueTypes"]]
    level_of = {t["id"]: -1 if t.get("subtask") else 1 if t["name"] == "Epic" else 0 for t in types}
    levels = [
        {
            "id": level_id,
            "name": name,
            "aboveLevelId": level_id - 1 if level_id > 1 else -1,
            "belowLevelId": level_id + 1 if level_id < len(LEVELS) else -1,
            "level": number,
            "hierarchyLevelNumber": number,
            "issueTypeIds": [int(t) for t, n in level_of.items() if n == number],
        }
        for level_id, name, number in LEVELS
    ]
    return {"baseLevelId": 2, "levels": levels}


@operation("getAllProjects")
def get_all_projects(call: Call) -> list:
    account_id = actor(call)
    shape = shapes(call)
    return [
        shape.project(p)
        for p in state_of(call).projects()
        if state_of(call).may(account_id, "BROWSE_PROJECTS", p)
    ]


@operation("searchProjects")
def search_projects(call: Call) -> dict:
    account_id = actor(call)
    state = state_of(call)
    query = (call.query.get("query") or "").lower()
    keys = values(call, "keys")
    found = [
        p
        for p in state.projects()
        if state.may(account_id, "BROWSE_PROJECTS", p)
        and (not query or query in p["name"].lower() or query in p["key"].lower())
        and (not keys or p["key"] in keys or p["id"] in keys)
    ]
    order = call.query.get("orderBy", "key").lstrip("+")
    reverse = order.startswith("-")
    found.sort(key=lambda p: str(p.get(order.lstrip("-"), p["key"])).lower(), reverse=reverse)
    shape = shapes(call)
    return bean(
        call, [_full(call, p) if call.query.get("expand") else shape.project(p) for p in found]
    )


@operation("getProject")
def get_project(call: Call) -> dict:
    return _full(call, visible_project(call, call.path_params["projectIdOrKey"]))


@operation("createProject")
def create_project(call: Call):
    admin(call)
    data = body(call)
    state = state_of(call)
    lead = data.get("leadAccountId") or data.get("lead") or actor(call)
    scheme = str(data["permissionScheme"]) if data.get("permissionScheme") is not None else None
    if scheme is not None:
        state.permission_scheme(scheme)
    project = state.create_project(
        text(data, "key"),
        text(data, "name"),
        lead,
        text(data, "description"),
        data.get("projectTypeKey") or "software",
        scheme,
        member_groups=("jira-software-users",),
    )
    if data.get("assigneeType") in ("PROJECT_LEAD", "UNASSIGNED"):
        project["assigneeType"] = data["assigneeType"]
        state.save_project(project)
    return created(
        {
            "self": f"{shapes(call).api}/project/{project['id']}",
            "id": int(project["id"]),
            "key": project["key"],
        }
    )


@operation("updateProject")
def update_project(call: Call) -> dict:
    project = administered_project(call, call.path_params["projectIdOrKey"])
    data = body(call)
    if (
        "permissionScheme" in data
        or "notificationScheme" in data
        or data.get("key", project["key"]) != project["key"]
    ):
        admin(call)
    changes = {
        k: text(data, k) for k in ("key", "name", "description", "assigneeType") if k in data
    }
    if text(data, "leadAccountId") or text(data, "lead"):
        changes["lead"] = text(data, "leadAccountId") or text(data, "lead")
    if "permissionScheme" in data:
        changes["permissionScheme"] = state_of(call).permission_scheme(
            str(data["permissionScheme"])
        )["id"]
    if "notificationScheme" in data:
        changes["notificationScheme"] = state_of(call).notification_scheme(
            str(data["notificationScheme"])
        )["id"]
    return _full(call, state_of(call).update_project(project, changes))


@operation("deleteProject")
def delete_project(call: Call):
    """Only a Jira administrator deletes a project; to anyone else it is not found."""
    project = visible_project(call, call.path_params["projectIdOrKey"])
    if not state_of(call).is_admin(actor(call)):
        raise project_not_found(call.path_params["projectIdOrKey"])
    state_of(call).delete_project(project)
    return no_content()


@operation("getAllStatuses")
def get_all_statuses(call: Call) -> list:
    project = visible_project(call, call.path_params["projectIdOrKey"])
    state = state_of(call)
    shape = shapes(call)
    answer = []
    for type_id in project["issueTypes"]:
        issuetype = shape.named("issuetype", type_id)
        workflow = state.workflow_of(project, type_id)
        answer.append(
            {
                "self": issuetype["self"],
                "id": type_id,
                "name": issuetype["name"],
                "subtask": issuetype["subtask"],
                "statuses": [shape.status(s) for s in workflow["statuses"]],
            }
        )
    return answer


# -- components and versions --------------------------------------------------------------------
def _create_part(call: Call, kind: str):
    data = body(call)
    ref = data.get("project") or data.get("projectId")
    if ref is None:
        raise bad_request(project="The project must be specified.")
    project = administered_project(call, str(ref))
    extra = {"description": text(data, "description")}
    if kind == "component":
        extra["leadAccountId"] = data.get("leadAccountId")
        extra["assigneeType"] = data.get("assigneeType") or "PROJECT_DEFAULT"
    else:
        extra.update(
            archived=bool(data.get("archived", False)),
            released=bool(data.get("released", False)),
            releaseDate=data.get("releaseDate"),
            startDate=data.get("startDate"),
        )
    part = state_of(call).add_part(kind, project, text(data, "name"), **extra)
    return created(shapes(call).part(kind, part))


def _part(call: Call, kind: str, admin_needed: bool = False) -> dict:
    part = state_of(call).part(kind, call.path_params["id"])
    project = state_of(call).get("project", part["projectId"])
    (administered_project if admin_needed else visible_project)(call, project["id"])
    return part


def _update_part(call: Call, kind: str) -> dict:
    part = _part(call, kind, admin_needed=True)
    data = body(call)
    allowed = (
        "name",
        "description",
        "leadAccountId",
        "assigneeType",
        "archived",
        "released",
        "releaseDate",
        "startDate",
    )
    part = {**part, **{k: data[k] for k in allowed if k in data}}
    return shapes(call).part(kind, state_of(call).save_part(kind, part))


def _delete_part(call: Call, kind: str):
    part = _part(call, kind, admin_needed=True)
    state = state_of(call)
    field = "components" if kind == "component" else "fixVersions"
    for issue in state.find("issue", part["projectId"]):
        for fid in (field, "versions") if kind == "version" else (field,):
            if part["id"] in issue["fields"].get(fid, []):
                state.change(
                    actor(call), issue, {fid: [p for p in issue["fields"][fid] if p != part["id"]]}
                )
    state.delete(kind, part["id"])
    return no_content()


def _project_parts(call: Call, kind: str, paged: bool):
    project = visible_project(call, call.path_params["projectIdOrKey"])
    shape = shapes(call)
    parts = [shape.part(kind, p) for p in state_of(call).find(kind, project["id"])]
    return bean(call, parts) if paged else parts


@operation("createComponent")
def create_component(call: Call):
    return _create_part(call, "component")


@operation("getComponent")
def get_component(call: Call) -> dict:
    return shapes(call).part("component", _part(call, "component"))


@operation("updateComponent")
def update_component(call: Call) -> dict:
    return _update_part(call, "component")


@operation("deleteComponent")
def delete_component(call: Call):
    return _delete_part(call, "component")


@operation("getProjectComponents")
def get_project_components(call: Call) -> list:
    return _project_parts(call, "component", paged=False)


@operation("getProjectComponentsPaginated")
def get_project_components_paginated(call: Call) -> dict:
    return _project_parts(call, "component", paged=True)


@operation("createVersion")
def create_version(call: Call):
    return _create_part(call, "version")


@operation("getVersion")
def get_version(call: Call) -> dict:
    return shapes(call).part("version", _part(call, "version"))


@operation("updateVersion")
def update_version(call: Call) -> dict:
    return _update_part(call, "version")


@operation("deleteVersion")
def delete_version(call: Call):
    return _delete_part(call, "version")


@operation("getProjectVersions")
def get_project_versions(call: Call) -> list:
    return _project_parts(call, "version", paged=False)


@operation("getProjectVersionsPaginated")
def get_project_versions_paginated(call: Call) -> dict:
    return _project_parts(call, "version", paged=True)


def _using(call: Call, kind: str, field_ids: tuple[str, ...]) -> tuple[dict, list[dict]]:
    """A component or version, and the project's issues that name it in one of ``field_ids``."""
    part = _part(call, kind)
    issues = state_of(call).find("issue", part["projectId"])
    return part, [i for i in issues if any(part["id"] in i["fields"].get(f, []) for f in field_ids)]


@operation("getComponentRelatedIssues")
def get_component_related_issues(call: Call) -> dict:
    part, issues = _using(call, "component", ("components",))
    return {"self": f"{shapes(call).api}/component/{part['id']}", "issueCount": len(issues)}


@operation("getVersionRelatedIssues")
def get_version_related_issues(call: Call) -> dict:
    part, fixed = _using(call, "version", ("fixVersions",))
    _, affected = _using(call, "version", ("versions",))
    return {
        "self": f"{shapes(call).api}/version/{part['id']}",
        "issuesFixedCount": len(fixed),
        "issuesAffectedCount": len(affected),
        "issueCountWithCustomFieldsShowingVersion": 0,
    }


@operation("getVersionUnresolvedIssues")
def get_version_unresolved_issues(call: Call) -> dict:
    part, issues = _using(call, "version", ("fixVersions",))
    return {
        "self": f"{shapes(call).api}/version/{part['id']}",
        "issuesCount": len(issues),
        "issuesUnresolvedCount": sum(not i["fields"].get("resolution") for i in issues),
    }


def routes() -> list[Route]:
    project = "/project/{projectIdOrKey}"
    return [
        *rest("/project", get_all_projects, "GET"),
        *rest("/project", create_project, "POST"),
        *rest("/project/search", search_projects, "GET"),
        *rest(project, get_project, "GET"),
        *rest(project, update_project, "PUT"),
        *rest(project, delete_project, "DELETE"),
        *rest(f"{project}/statuses", get_all_statuses, "GET"),
        *rest(f"{project}/components", get_project_components, "GET"),
        *rest(f"{project}/component", get_project_components_paginated, "GET"),
        *rest(f"{project}/versions", get_project_versions, "GET"),
        *rest(f"{project}/version", get_project_versions_paginated, "GET"),
        *rest("/component", create_component, "POST"),
        *rest("/component/{id}", get_component, "GET"),
        *rest("/component/{id}", update_component, "PUT"),
        *rest("/component/{id}", delete_component, "DELETE"),
        *rest("/version", create_version, "POST"),
        *rest("/version/{id}", get_version, "GET"),
        *rest("/version/{id}", update_version, "PUT"),
        *rest("/version/{id}", delete_version, "DELETE"),
        *rest("/version/{id}/relatedIssueCounts", get_version_related_issues, "GET"),
        *rest("/version/{id}/unresolvedIssueCount", get_version_unresolved_issues, "GET"),
        *rest("/component/{id}/relatedIssueCounts", get_component_related_issues, "GET"),
    ]
