"""Issue type schemes: which issue types a project offers (``/issuetypescheme``)."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.jira.api import (
    admin,
    bean,
    body,
    created,
    no_content,
    projects_by_scheme,
    rest,
    text,
)
from darkfactory.twins.jira.errors import bad_request
from darkfactory.twins.jira.projects.state import DEFAULT_ISSUE_TYPE_SCHEME
from darkfactory.twins.jira.state import state_of
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call


def scheme_json(scheme: dict) -> dict:
    shaped = {k: scheme[k] for k in ("id", "name", "description", "isDefault")}
    if scheme["defaultIssueTypeId"]:
        shaped["defaultIssueTypeId"] = scheme["defaultIssueTypeId"]
    return shaped


def _ids(raw) -> list[str]:
    if not isinstance(raw, list):
        raise bad_request(errors={"issueTypeIds": "The issue type ids must be a list."})
    return [str(i) for i in raw]


@operation("getAllIssueTypeSchemes")
def get_all_issue_type_schemes(call: Call) -> dict:
    admin(call)
    wanted = call.query.getlist("id")
    schemes = [s for s in state_of(call).find("itscheme") if not wanted or s["id"] in wanted]
    return bean(call, [scheme_json(s) for s in schemes])


@operation("createIssueTypeScheme")
def create_issue_type_scheme(call: Call):
    admin(call)
    data = body(call)
    default = data.get("defaultIssueTypeId")
    scheme = state_of(call).create_issue_type_scheme(
        text(data, "name"),
        _ids(data.get("issueTypeIds") or []),
        str(default) if default is not None else None,
        text(data, "description"),
    )
    return created({"issueTypeSchemeId": scheme["id"]})


@operation("getIssueTypeSchemesMapping")
def get_issue_type_schemes_mapping(call: Call) -> dict:
    admin(call)
    wanted = call.query.getlist("issueTypeSchemeId")
    rows = [
        {"issueTypeSchemeId": s["id"], "issueTypeId": t}
        for s in state_of(call).find("itscheme")
        if not wanted or s["id"] in wanted
        for t in s["issueTypeIds"]
    ]
    return bean(call, rows)


@operation("getIssueTypeSchemeForProjects")
def get_issue_type_scheme_for_projects(call: Call) -> dict:
    admin(call)
    state = state_of(call)
    by_scheme = projects_by_scheme(call, state, lambda p: p["issueTypeScheme"])
    answers = [
        {"issueTypeScheme": scheme_json(state.issue_type_scheme(s)), "projectIds": projects}
        for s, projects in by_scheme.items()
    ]
    return bean(call, answers)


@operation("assignIssueTypeSchemeToProject")
def assign_issue_type_scheme_to_project(call: Call):
    admin(call)
    data = body(call)
    state = state_of(call)
    project = state.project(str(data.get("projectId") or ""))
    state.assign_issue_type_scheme(
        project, state.issue_type_scheme(str(data.get("issueTypeSchemeId") or ""))
    )
    return no_content()


@operation("addIssueTypesToIssueTypeScheme")
def add_issue_types_to_issue_type_scheme(call: Call):
    admin(call)
    state = state_of(call)
    scheme = state.issue_type_scheme(call.path_params["issueTypeSchemeId"])
    for type_id in _ids(body(call).get("issueTypeIds")):
        if state.get("issuetype", type_id) is None:
            raise bad_request(f"The issue type with id '{type_id}' does not exist.")
        if type_id not in scheme["issueTypeIds"]:
            scheme["issueTypeIds"].append(type_id)
    state.save_issue_type_scheme(scheme)
    return no_content()


@operation("deleteIssueTypeScheme")
def delete_issue_type_scheme(call: Call):
    admin(call)
    state = state_of(call)
    scheme = state.issue_type_scheme(call.path_params["issueTypeSchemeId"])
    if scheme["id"] == DEFAULT_ISSUE_TYPE_SCHEME:
        raise bad_request("The default issue type scheme can't be deleted.")
    default = state.issue_type_scheme(DEFAULT_ISSUE_TYPE_SCHEME)
    for project in state.projects():
        if project["issueTypeScheme"] == scheme["id"]:
            state.assign_issue_type_scheme(project, default)
    state.delete("itscheme", scheme["id"])
    return no_content()


def routes() -> list[Route]:
    scheme = "/issuetypescheme/{issueTypeSchemeId}"
    return [
        *rest("/issuetypescheme", get_all_issue_type_schemes, "GET"),
        *rest("/issuetypescheme", create_issue_type_scheme, "POST"),
        *rest("/issuetypescheme/mapping", get_issue_type_schemes_mapping, "GET"),
        *rest("/issuetypescheme/project", get_issue_type_scheme_for_projects, "GET"),
        *rest("/issuetypescheme/project", assign_issue_type_scheme_to_project, "PUT"),
        *rest(scheme, delete_issue_type_scheme, "DELETE"),
        *rest(f"{scheme}/issuetype", add_issue_types_to_issue_type_scheme, "PUT"),
    ]
