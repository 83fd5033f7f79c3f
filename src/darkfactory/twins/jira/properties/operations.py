"""Entity property operations: list keys, get, set (201 new, 200 replaced) and delete a property
on issues, projects, users, comments, worklogs, issue types and dashboard items; reading needs
sight of the entity, writing the right to change it."""

from __future__ import annotations

from collections.abc import Callable

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.jira.api import actor, admin, no_content, rest
from darkfactory.twins.jira.errors import bad_request, forbidden, invalid_payload, not_found
from darkfactory.twins.jira.issues.activity import may_change_own
from darkfactory.twins.jira.issues.operations import issue_for
from darkfactory.twins.jira.projects.operations import administered_project, visible_project
from darkfactory.twins.jira.state import state_of
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call

# (call, writing) -> the entity's id, after checking the caller may read (or change) it
Resolver = Callable[[Call, bool], str]


def _issue(call: Call, writing: bool) -> str:
    permission = "EDIT_ISSUES" if writing else None
    return issue_for(call, permission, "You do not have permission to edit this issue.")[1]["id"]


def _project(call: Call, writing: bool) -> str:
    ref = call.path_params["projectIdOrKey"]
    return (administered_project if writing else visible_project)(call, ref)["id"]


def _comment(call: Call, writing: bool) -> str:
    account_id = actor(call)
    state = state_of(call)
    comment_id = call.path_params["commentId"]
    comment = state.get("comment", comment_id)
    issue = state.find_issue(comment["issueId"]) if comment else None
    project = state.project(issue["project"]) if issue else None
    if issue is None or not state.may(account_id, "BROWSE_PROJECTS", project, issue):
        raise not_found(f"Can not find a comment for the id: {comment_id}.")
    if writing:
        may_change_own(call, account_id, comment, issue, project, "COMMENTS", "EDIT")
    return comment_id


def _worklog(call: Call, writing: bool) -> str:
    account_id, issue, project = issue_for(call)
    worklog = state_of(call).worklog(issue, call.path_params["worklogId"])
    if writing:
        may_change_own(call, account_id, worklog, issue, project, "WORKLOGS", "EDIT")
    return worklog["id"]


def _issue_type(call: Call, writing: bool) -> str:
    (admin if writing else actor)(call)
    type_id = call.path_params["issueTypeId"]
    if state_of(call).get("issuetype", type_id) is None:
        raise not_found(f"The issue type with id '{type_id}' does not exist.")
    return type_id


def _user(call: Call, writing: bool) -> str:
    """Users read and write their own properties; administrators anyone's."""
    account_id = actor(call)
    state = state_of(call)
    wanted = call.query.get("accountId")
    if not wanted:
        raise bad_request("The 'accountId' query parameter needs to be provided.")
    user = state.user(wanted)
    if user["accountId"] != account_id and not state.is_admin(account_id):
        raise forbidden("You do not have permission to access this user's properties.")
    return user["accountId"]


def _dashboard_item(call: Call, writing: bool) -> str:
    """A gadget on a dashboard: read by whoever sees the dashboard, written by its editors."""
    state = state_of(call)
    dashboard = state.dashboard(call.path_params["dashboardId"], actor(call), writing)
    return state.gadget(dashboard, call.path_params["itemId"])["id"]


def _self(call: Call, key: str) -> str:
    url = call.request.url
    return str(url.replace(path=f"{url.path.rstrip('/')}/{key}"))


def family(kind: str, noun: str, resolve: Resolver) -> dict[str, Callable]:
    """The four property operations of one kind of entity, named as Jira names them."""

    @operation(f"get{noun}PropertyKeys")
    def keys(call: Call) -> dict:
        entity = resolve(call, False)
        found = state_of(call).property_keys(kind, entity)
        return {"keys": [{"self": _self(call, key), "key": key} for key in found]}

    @operation(f"get{noun}Property")
    def get(call: Call) -> dict:
        entity = resolve(call, False)
        return state_of(call).entity_property(kind, entity, call.path_params["propertyKey"])

    @operation(f"set{noun}Property")
    def set_(call: Call) -> Response:
        entity = resolve(call, True)
        if not call.body or (call.json is None and call.body.strip() != b"null"):
            raise invalid_payload()
        new = state_of(call).set_property(kind, entity, call.path_params["propertyKey"], call.json)
        return Response(status_code=201 if new else 200)

    @operation(f"delete{noun}Property")
    def delete(call: Call) -> Response:
        entity = resolve(call, True)
        state_of(call).delete_property(kind, entity, call.path_params["propertyKey"])
        return no_content()

    return {"GET keys": keys, "GET": get, "PUT": set_, "DELETE": delete}


HOSTS = {
    "/issue/{issueIdOrKey}": family("issue", "Issue", _issue),
    "/project/{projectIdOrKey}": family("project", "Project", _project),
    "/comment/{commentId}": family("comment", "Comment", _comment),
    "/issue/{issueIdOrKey}/worklog/{worklogId}": family("worklog", "Worklog", _worklog),
    "/issuetype/{issueTypeId}": family("issuetype", "IssueType", _issue_type),
    "/user": family("user", "User", _user),
    "/dashboard/{dashboardId}/items/{itemId}": family(
        "dashboarditem", "DashboardItem", _dashboard_item
    ),
}


def routes() -> list[Route]:
    found = []
    for host, handlers in HOSTS.items():
        found += rest(f"{host}/properties", handlers["GET keys"], "GET")
        for method in ("GET", "PUT", "DELETE"):
            found += rest(f"{host}/properties/{{propertyKey}}", handlers[method], method)
    return found
