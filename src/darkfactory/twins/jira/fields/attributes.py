"""Issue attributes: statuses and their categories, resolutions, priorities, issue types,
issue link types, and the issue security schemes clients look up."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.jira.api import (
    actor,
    admin,
    body,
    created,
    no_content,
    objects,
    rest,
    shapes,
    text,
)
from darkfactory.twins.jira.errors import bad_request, invalid_payload, not_found
from darkfactory.twins.jira.fields.state import CATEGORY_OF_CREATE, STATUS_CATEGORIES
from darkfactory.twins.jira.projects.operations import visible_project
from darkfactory.twins.jira.projects.state import DEFAULT_ISSUE_TYPE_SCHEME
from darkfactory.twins.jira.state import state_of
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call

KINDS = {"resolution": "resolution", "priority": "priority", "issuetype": "issue type"}


@operation("getStatuses")
def get_statuses(call: Call) -> list:
    actor(call)
    shape = shapes(call)
    return [shape.status(s["id"]) for s in state_of(call).find("status")]


@operation("getStatus")
def get_status(call: Call) -> dict:
    actor(call)
    return shapes(call).status(state_of(call).status(call.path_params["idOrName"])["id"])


@operation("getStatusCategories")
def get_status_categories(call: Call) -> list:
    actor(call)
    return [shapes(call).category(key) for key in STATUS_CATEGORIES]


@operation("getStatusCategory")
def get_status_category(call: Call) -> dict:
    actor(call)
    ref = call.path_params["idOrKey"]
    for key, category in STATUS_CATEGORIES.items():
        if ref in (key, str(category["id"])):
            return shapes(call).category(key)
    raise not_found(f"The status category with id '{ref}' does not exist.")


@operation("createStatuses")
def create_statuses(call: Call) -> list:
    admin(call)
    data = body(call)
    made = []
    scope = data.get("scope") or {"type": "GLOBAL"}
    if not isinstance(scope, dict):
        raise invalid_payload()
    for spec in objects(data, "statuses"):
        category = CATEGORY_OF_CREATE.get(text(spec, "statusCategory"))
        if category is None:
            raise bad_request("The status category must be one of TODO, IN_PROGRESS or DONE.")
        status = state_of(call).create_status(
            text(spec, "name"), category, text(spec, "description")
        )
        made.append(
            {
                "id": status["id"],
                "name": status["name"],
                "description": status["description"],
                "statusCategory": spec["statusCategory"],
                "scope": scope,
            }
        )
    return made


def _list(call: Call, kind: str) -> list:
    actor(call)
    shape = shapes(call)
    return [shape.named(kind, r["id"]) for r in state_of(call).find(kind)]


def _one(call: Call, kind: str) -> dict:
    actor(call)
    record = state_of(call).get(kind, call.path_params["id"])
    if record is None:
        raise not_found(f"The {KINDS[kind]} with id '{call.path_params['id']}' does not exist.")
    return shapes(call).named(kind, record["id"])


def _create(call: Call, kind: str, **extra):
    admin(call)
    data = body(call)
    record = state_of(call).add_named(
        kind, text(data, "name"), description=text(data, "description"), **extra
    )
    return record


@operation("getResolutions")
def get_resolutions(call: Call) -> list:
    return _list(call, "resolution")


@operation("getResolution")
def get_resolution(call: Call) -> dict:
    return _one(call, "resolution")


@operation("createResolution")
def create_resolution(call: Call):
    return created({"id": _create(call, "resolution")["id"]})


@operation("getPriorities")
def get_priorities(call: Call) -> list:
    return _list(call, "priority")


@operation("getPriority")
def get_priority(call: Call) -> dict:
    return _one(call, "priority")


@operation("createPriority")
def create_priority(call: Call):
    color = body(call).get("statusColor") or "#000000"
    return created({"id": _create(call, "priority", statusColor=color)["id"]})


@operation("getIssueAllTypes")
def get_issue_all_types(call: Call) -> list:
    return _list(call, "issuetype")


@operation("getIssueType")
def get_issue_type(call: Call) -> dict:
    return _one(call, "issuetype")


@operation("createIssueType")
def create_issue_type(call: Call):
    subtask = body(call).get("type") == "subtask" or body(call).get("hierarchyLevel") == -1
    record = _create(call, "issuetype", subtask=subtask)
    state = state_of(call)
    default = state.issue_type_scheme(DEFAULT_ISSUE_TYPE_SCHEME)
    default["issueTypeIds"].append(record["id"])
    state.save_issue_type_scheme(default)
    return created(shapes(call).named("issuetype", record["id"]))


@operation("getIssueTypesForProject")
def get_issue_types_for_project(call: Call) -> list:
    project = visible_project(call, (call.query.get("projectId") or ""))
    shape = shapes(call)
    return [shape.named("issuetype", t) for t in project["issueTypes"]]


# -- issue link types ---------------------------------------------------------------------------
def link_type_json(call: Call, link_type: dict) -> dict:
    return {**link_type, "self": f"{shapes(call).api}/issueLinkType/{link_type['id']}"}


@operation("getIssueLinkTypes")
def get_issue_link_types(call: Call) -> dict:
    actor(call)
    return {"issueLinkTypes": [link_type_json(call, t) for t in state_of(call).find("linktype")]}


@operation("getIssueLinkType")
def get_issue_link_type(call: Call) -> dict:
    actor(call)
    return link_type_json(call, state_of(call).link_type(call.path_params["issueLinkTypeId"]))


def _link_type_fields(data: dict) -> dict:
    missing = [k for k in ("name", "inward", "outward") if not data.get(k)]
    if missing:
        raise bad_request(
            errors={k: f"The issue link type {k} must not be empty." for k in missing}
        )
    return {k: data[k] for k in ("name", "inward", "outward")}


@operation("createIssueLinkType")
def create_issue_link_type(call: Call):
    admin(call)
    fields = _link_type_fields(body(call))
    state = state_of(call)
    if state.find_by("linktype", "name", fields["name"]):
        raise bad_request(f"An issue link type with the name '{fields['name']}' already exists.")
    link_id = state.next_id("linktype")
    return created(link_type_json(call, state.put("linktype", link_id, {"id": link_id, **fields})))


@operation("updateIssueLinkType")
def update_issue_link_type(call: Call) -> dict:
    admin(call)
    state = state_of(call)
    link_type = state.link_type(call.path_params["issueLinkTypeId"])
    merged = {
        **link_type,
        **{k: v for k, v in body(call).items() if k in ("name", "inward", "outward")},
    }
    return link_type_json(call, state.put("linktype", link_type["id"], merged))


@operation("deleteIssueLinkType")
def delete_issue_link_type(call: Call):
    admin(call)
    state = state_of(call)
    link_type = state.link_type(call.path_params["issueLinkTypeId"])
    for link in state.find("link"):
        if link["type"] == link_type["id"]:
            state.delete("link", link["id"])
    state.delete("linktype", link_type["id"])
    return no_content()


# -- what project creation looks up ---------------------------------------------------------------
@operation("getIssueSecuritySchemes")
def get_issue_security_schemes(call: Call) -> dict:
    actor(call)
    return {
        "issueSecuritySchemes": [
            {
                "self": f"{shapes(call).api}/issuesecurityschemes/10000",
                "id": 10000,
                "name": "Default",
                "description": "No security levels",
                "defaultSecurityLevelId": -1,
            }
        ]
    }


def routes() -> list[Route]:
    return [
        *rest("/status", get_statuses, "GET"),
        *rest("/status/{idOrName}", get_status, "GET"),
        *rest("/statuscategory", get_status_categories, "GET"),
        *rest("/statuscategory/{idOrKey}", get_status_category, "GET"),
        *rest("/statuses", create_statuses, "POST"),
        *rest("/resolution", get_resolutions, "GET"),
        *rest("/resolution", create_resolution, "POST"),
        *rest("/resolution/{id}", get_resolution, "GET"),
        *rest("/priority", get_priorities, "GET"),
        *rest("/priority", create_priority, "POST"),
        *rest("/priority/{id}", get_priority, "GET"),
        *rest("/issuetype", get_issue_all_types, "GET"),
        *rest("/issuetype", create_issue_type, "POST"),
        *rest("/issuetype/project", get_issue_types_for_project, "GET"),
        *rest("/issuetype/{id}", get_issue_type, "GET"),
        *rest("/issueLinkType", get_issue_link_types, "GET"),
        *rest("/issueLinkType", create_issue_link_type, "POST"),
        *rest("/issueLinkType/{issueLinkTypeId}", get_issue_link_type, "GET"),
        *rest("/issueLinkType/{issueLinkTypeId}", update_issue_link_type, "PUT"),
        *rest("/issueLinkType/{issueLinkTypeId}", delete_issue_link_type, "DELETE"),
        *rest("/issuesecurityschemes", get_issue_security_schemes, "GET"),
    ]
