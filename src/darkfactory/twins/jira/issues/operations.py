"""Issues: create (single, bulk), get, edit, delete, assign, transitions, changelog, editmeta."""

from __future__ import annotations

from starlette.responses import JSONResponse
from starlette.routing import Route

from darkfactory.twins.jira.api import (
    actor,
    bean,
    body,
    created,
    listed,
    no_content,
    rest,
    shapes,
    values,
    version,
)
from darkfactory.twins.jira.errors import JiraError, bad_request, forbidden, invalid_payload
from darkfactory.twins.jira.issues.wire import IssueWriter, read_fields, read_update
from darkfactory.twins.jira.state import state_of
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call

NO_PROJECT = "Specify a valid project ID or key"


def writer(call: Call) -> IssueWriter:
    return IssueWriter(shapes(call), actor(call))


def issue_for(
    call: Call, permission: str | None = None, message: str = ""
) -> tuple[str, dict, dict]:
    """(caller, issue, project) for the path's issue; 404 if hidden, 403 without ``permission``."""
    account_id = actor(call)
    state = state_of(call)
    issue = state.issue(call.path_params["issueIdOrKey"], account_id)
    project = state.project(issue["project"])
    if permission and not state.may(account_id, permission, project, issue):
        raise forbidden(message or "You do not have permission to perform this operation.")
    return account_id, issue, project


def default_assignee(state, project: dict, component_ids: list[str]) -> str | None:
    """Whom a new issue goes to when none is named: its first component's assignee, else the
    project's default."""
    if component_ids:
        return state.component_assignee(state.part("component", component_ids[0]))[1]
    return project["lead"] if project["assigneeType"] == "PROJECT_LEAD" else None


def check_assignee(state, project: dict, assignee: str | None) -> None:
    if assignee and not state.may(assignee, "ASSIGNABLE_USER", project):
        name = state.user(assignee)["displayName"]
        raise bad_request(assignee=f"User '{name}' cannot be assigned issues.")


def _create_one(call: Call, account_id: str, data: dict) -> dict:
    state = state_of(call)
    if not isinstance(data, dict):
        raise invalid_payload()
    raw = data.get("fields") or {}
    if not isinstance(raw, dict):
        raise invalid_payload()
    ref = raw.get("project") or {}
    key = (ref.get("id") or ref.get("key")) if isinstance(ref, dict) else ref
    project = state.find_project(str(key)) if key else None
    if project is None or not state.may(account_id, "BROWSE_PROJECTS", project):
        raise bad_request(project=NO_PROJECT)
    if not state.may(account_id, "CREATE_ISSUES", project):
        raise bad_request(project="You do not have permission to create issues in this project.")
    if "issuetype" not in raw:
        raise bad_request(issuetype="Specify an issue type")
    fields = read_fields(state, project, raw, version(call))
    updates, comments = read_update(state, project, data.get("update"), version(call), fields)
    state.require_on_screen(project, fields["issuetype"], "create", [*raw, *updates])
    fields.update(updates)
    if fields.get("assignee") is None:
        fields["assignee"] = default_assignee(state, project, fields.get("components") or [])
    check_assignee(state, project, fields.get("assignee"))
    issue = state.create_issue(account_id, project, fields)
    for comment in comments:
        state.add_comment(account_id, issue, comment)
    return {
        "id": issue["id"],
        "key": issue["key"],
        "self": f"{shapes(call).api}/issue/{issue['id']}",
    }


@operation("createIssue")
def create_issue(call: Call):
    return created(_create_one(call, actor(call), body(call)))


@operation("createIssues")
def create_issues(call: Call):
    account_id = actor(call)
    updates = body(call).get("issueUpdates")
    if not isinstance(updates, list):
        raise invalid_payload()
    made, failed = [], []
    for number, data in enumerate(updates):
        try:
            made.append(_create_one(call, account_id, data))
        except JiraError as error:
            failed.append(
                {
                    "status": error.status,
                    "elementErrors": error.body(),
                    "failedElementNumber": number,
                }
            )
    return JSONResponse({"issues": made, "errors": failed}, 201 if made or not failed else 400)


@operation("getIssue")
def get_issue(call: Call) -> dict:
    issue = state_of(call).issue(call.path_params["issueIdOrKey"], actor(call))
    fields = values(call, "fields") or None
    return writer(call).issue(issue, fields, values(call, "expand"), values(call, "properties"))


@operation("editIssue")
def edit_issue(call: Call):
    account_id, issue, project = issue_for(
        call, "EDIT_ISSUES", "You do not have permission to edit issues in this project."
    )
    state = state_of(call)
    data = body(call)
    named = [
        k for part in ("fields", "update") if isinstance(data.get(part), dict) for k in data[part]
    ]
    state.require_on_screen(project, issue["fields"]["issuetype"], "edit", named)
    new = read_fields(state, project, data.get("fields"), version(call), issue)
    updates, comments = read_update(
        state, project, data.get("update"), version(call), {**issue["fields"], **new}
    )
    new.update(updates)
    if "assignee" in new:
        check_assignee(state, project, new["assignee"])
    issue = state.change(account_id, issue, new)
    for comment in comments:
        state.add_comment(account_id, issue, comment)
    if call.query.get("returnIssue", "false").lower() == "true":
        return writer(call).issue(issue)
    return no_content()


@operation("deleteIssue")
def delete_issue(call: Call):
    account_id, issue, _ = issue_for(
        call, "DELETE_ISSUES", "You do not have permission to delete issues in this project."
    )
    state = state_of(call)
    subtasks = state.subtasks(issue)
    if subtasks and call.query.get("deleteSubtasks", "false").lower() != "true":
        raise bad_request(
            "The issue has subtasks, so it cannot be deleted. Specify 'deleteSubtasks' to delete "
            "the issue and its subtasks."
        )
    for subtask in subtasks:
        state.remove_issue(subtask, account_id)
    state.remove_issue(issue, account_id)
    return no_content()


@operation("assignIssue")
def assign_issue(call: Call):
    account_id, issue, project = issue_for(
        call, "ASSIGN_ISSUES", "You do not have permission to assign issues."
    )
    state = state_of(call)
    data = body(call)
    target = data.get("accountId", data.get("name"))
    if target == "-1":
        target = project["lead"] if project["assigneeType"] == "PROJECT_LEAD" else None
    elif target is not None:
        found = state.find_user(target)
        if found is None:
            raise bad_request(assignee=f"User '{target}' does not exist.")
        target = found["accountId"]
    check_assignee(state, project, target)
    state.change(account_id, issue, {"assignee": target})
    return no_content()


@operation("getTransitions")
def get_transitions(call: Call) -> dict:
    _, issue, _ = issue_for(call)
    transitions = writer(call).transitions(issue)
    wanted = call.query.get("transitionId")
    if wanted:
        transitions = [t for t in transitions if t["id"] == wanted]
    if "transitions.fields" in (call.query.get("expand") or ""):
        for transition in transitions:
            transition["fields"] = {}
    return {"expand": "transitions", "transitions": transitions}


@operation("doTransition")
def do_transition(call: Call):
    account_id, issue, project = issue_for(call)
    state = state_of(call)
    data = body(call)
    transition = data.get("transition") or {}
    transition_id = transition.get("id") if isinstance(transition, dict) else None
    if not transition_id:
        raise bad_request("Missing 'transition' identifier")
    if not state.may(account_id, "TRANSITION_ISSUES", project, issue):
        raise bad_request(f"Transition id '{transition_id}' is not valid for this issue.")
    fields = read_fields(state, project, data.get("fields"), version(call), issue)
    updates, comments = read_update(
        state, project, data.get("update"), version(call), {**issue["fields"], **fields}
    )
    fields.update(updates)
    state.transition(account_id, issue, str(transition_id), fields, tuple(comments))
    return no_content()


@operation("getChangeLogs")
def get_change_logs(call: Call) -> dict:
    _, issue, _ = issue_for(call)
    out = writer(call)
    return bean(call, [out.history(h) for h in state_of(call).history(issue)], default_max=100)


@operation("bulkFetchIssues")
def bulk_fetch_issues(call: Call) -> dict:
    account_id = actor(call)
    data = body(call)
    wanted = data.get("issueIdsOrKeys")
    if not isinstance(wanted, list) or not wanted or len(wanted) > 100:
        raise bad_request("Between 1 and 100 issue ids or keys are required.")
    out = writer(call)
    fields = listed(data.get("fields")) or ["*navigable"]
    found = []
    for ref in wanted:
        try:
            issue = state_of(call).issue(str(ref), account_id)
        except JiraError:  # an issue missing or hidden is left out, not listed as an error
            continue
        found.append(out.issue(issue, fields, listed(data.get("expand"))))
    return {"expand": "", "issues": found, "issueErrors": []}


@operation("getBulkChangelogs")
def get_bulk_changelogs(call: Call) -> dict:
    account_id = actor(call)
    data = body(call)
    wanted = data.get("issueIdsOrKeys")
    if not isinstance(wanted, list) or not wanted:
        raise bad_request("At least one issue id or key is required.")
    state, out = state_of(call), writer(call)
    field_ids = set(listed(data.get("fieldIds")))
    logs = []
    for ref in wanted:
        issue = state.issue(str(ref), account_id)
        histories = []
        for entry in state.history(issue):
            items = [i for i in entry["items"] if not field_ids or i["fieldId"] in field_ids]
            if items:
                histories.append(out.history({**entry, "items": items}))
        logs.append({"issueId": issue["id"], "changeHistories": histories})
    return {"issueChangeLogs": logs}


@operation("getEditIssueMeta")
def get_edit_issue_meta(call: Call) -> dict:
    _, issue, _ = issue_for(call)
    return writer(call).editmeta(issue)


def routes() -> list[Route]:
    issue = "/issue/{issueIdOrKey}"
    return [
        *rest("/issue", create_issue, "POST"),
        *rest("/issue/bulk", create_issues, "POST"),
        *rest("/issue/bulkfetch", bulk_fetch_issues, "POST"),
        *rest("/changelog/bulkfetch", get_bulk_changelogs, "POST"),
        *rest(issue, get_issue, "GET"),
        *rest(issue, edit_issue, "PUT"),
        *rest(issue, delete_issue, "DELETE"),
        *rest(f"{issue}/assignee", assign_issue, "PUT"),
        *rest(f"{issue}/transitions", get_transitions, "GET"),
        *rest(f"{issue}/transitions", do_transition, "POST"),
        *rest(f"{issue}/changelog", get_change_logs, "GET"),
        *rest(f"{issue}/editmeta", get_edit_issue_meta, "GET"),
    ]
