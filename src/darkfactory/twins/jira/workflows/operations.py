"""Workflows and workflow schemes: create a workflow (statuses and transitions), map issue types
to workflows in a scheme, and assign the scheme to a project."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.jira.api import (
    admin,
    bean,
    body,
    created,
    ids,
    no_content,
    objects,
    rest,
    shapes,
    text,
    values,
)
from darkfactory.twins.jira.errors import bad_request
from darkfactory.twins.jira.state import state_of
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call


def workflow_json(call: Call, workflow: dict, expand: list[str]) -> dict:
    state = state_of(call)
    shaped = {
        "id": {"name": workflow["name"], "entityId": workflow["id"]},
        "description": workflow["description"],
        "isDefault": workflow["name"] == state.workflow_scheme("10000")["defaultWorkflow"],
    }
    if any(e.split(".")[0] == "transitions" for e in expand):
        shaped["transitions"] = [
            {
                "id": t["id"],
                "name": t["name"],
                "description": t.get("description", ""),
                "from": t["from"],
                "to": t["to"],
                "type": "global" if not t["from"] else "directed",
                **({"rules": _rules_json(t)} if "transitions.rules" in expand else {}),
            }
            for t in workflow["transitions"]
        ]
    if "statuses" in expand:
        shaped["statuses"] = [
            {"id": s, "name": state.status(s)["name"]} for s in workflow["statuses"]
        ]
    return shaped


def _rules_json(transition: dict) -> dict:
    rules = transition.get("rules") or {}
    tree = rules.get("conditions") or {"operator": "AND", "conditions": []}
    return {
        "conditionsTree": tree,
        "validators": rules.get("validators", []),
        "postFunctions": rules.get("postFunctions", []),
    }


@operation("createWorkflow")
def create_workflow(call: Call):
    admin(call)
    data = body(call)
    statuses = [str(s.get("id")) for s in objects(data, "statuses")]
    transitions = [
        {**t, "to": str(t.get("to")), "from": ids(t, "from")} for t in objects(data, "transitions")
    ]
    workflow = state_of(call).create_workflow(
        text(data, "name"), text(data, "description"), statuses, transitions
    )
    return created({"name": workflow["name"], "entityId": workflow["id"]})


@operation("getWorkflowsPaginated")
def get_workflows_paginated(call: Call) -> dict:
    admin(call)
    names = values(call, "workflowName")
    expand = values(call, "expand")
    found = [w for w in state_of(call).find("workflow") if not names or w["name"] in names]
    return bean(call, [workflow_json(call, w, expand) for w in found])


@operation("getAllWorkflows")
def get_all_workflows(call: Call) -> list:
    admin(call)
    return [
        {
            "name": w["name"],
            "description": w["description"],
            "steps": len(w["statuses"]),
            "default": False,
        }
        for w in state_of(call).find("workflow")
    ]


def scheme_json(call: Call, scheme: dict) -> dict:
    return {**scheme, "self": f"{shapes(call).api}/workflowscheme/{scheme['id']}"}


@operation("createWorkflowScheme")
def create_workflow_scheme(call: Call):
    admin(call)
    data = body(call)
    scheme = state_of(call).create_workflow_scheme(
        text(data, "name"),
        text(data, "defaultWorkflow"),
        data.get("issueTypeMappings") or {},
        text(data, "description"),
    )
    return created(scheme_json(call, scheme))


@operation("getWorkflowScheme")
def get_workflow_scheme(call: Call) -> dict:
    admin(call)
    return scheme_json(call, state_of(call).workflow_scheme(call.path_params["id"]))


@operation("getAllWorkflowSchemes")
def get_all_workflow_schemes(call: Call) -> dict:
    admin(call)
    return bean(call, [scheme_json(call, s) for s in state_of(call).find("wfscheme")])


@operation("assignSchemeToProject")
def assign_scheme_to_project(call: Call):
    account_id = admin(call)
    data = body(call)
    state = state_of(call)
    project = state.project(str(text(data, "projectId")))
    scheme = state.workflow_scheme(str(text(data, "workflowSchemeId")))
    project["workflowScheme"] = str(scheme["id"])
    state.save_project(project)
    for issue in state.find("issue", project["id"]):
        workflow = state.workflow_of(project, issue["fields"]["issuetype"])
        if issue["fields"]["status"] not in workflow["statuses"]:
            state.change(account_id, issue, {"status": workflow["initial"]})
    return no_content()


@operation("getWorkflowSchemeProjectAssociations")
def get_workflow_scheme_project_associations(call: Call) -> dict:
    admin(call)
    state = state_of(call)
    ids = call.query.getlist("projectId")
    if not ids:
        raise bad_request("At least one 'projectId' must be given.")
    answers = []
    for project_id in ids:
        project = state.project(project_id)
        scheme = state.workflow_scheme(project["workflowScheme"])
        answers.append({"projectIds": [project["id"]], "workflowScheme": scheme_json(call, scheme)})
    return {"values": answers}


def routes() -> list[Route]:
    return [
        *rest("/workflow", create_workflow, "POST"),
        *rest("/workflow", get_all_workflows, "GET"),
        *rest("/workflow/search", get_workflows_paginated, "GET"),
        *rest("/workflowscheme", create_workflow_scheme, "POST"),
        *rest("/workflowscheme", get_all_workflow_schemes, "GET"),
        *rest("/workflowscheme/project", assign_scheme_to_project, "PUT"),
        *rest("/workflowscheme/project", get_workflow_scheme_project_associations, "GET"),
        *rest("/workflowscheme/{id}", get_workflow_scheme, "GET"),
    ]
