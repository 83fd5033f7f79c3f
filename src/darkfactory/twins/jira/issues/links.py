"""Issue links: ``POST /issueLink`` (inwardIssue --type--> outwardIssue), get and delete."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.jira import adf
from darkfactory.twins.jira.api import actor, body, created, no_content, rest, version
from darkfactory.twins.jira.errors import bad_request, forbidden, not_found
from darkfactory.twins.jira.issues.operations import writer
from darkfactory.twins.jira.state import state_of
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call


def _issue_ref(call: Call, account_id: str, ref) -> dict:
    key = (ref.get("key") or ref.get("id")) if isinstance(ref, dict) else None
    if not key:
        raise bad_request("The issue key or id must be specified.")
    return state_of(call).issue(key, account_id)


def _visible_link(call: Call) -> tuple[str, dict]:
    account_id = actor(call)
    state = state_of(call)
    link = state.get("link", call.path_params["linkId"])
    if link is None:
        raise not_found(f"No issue link with id '{call.path_params['linkId']}' exists.")
    for end in (link["source"], link["target"]):
        state.issue(end, account_id)
    return account_id, link


@operation("linkIssues")
def link_issues(call: Call):
    account_id = actor(call)
    state = state_of(call)
    data = body(call)
    link_type = state.link_type(data.get("type"))
    source = _issue_ref(call, account_id, data.get("inwardIssue"))
    target = _issue_ref(call, account_id, data.get("outwardIssue"))
    if not state.may(account_id, "LINK_ISSUES", state.project(source["project"]), source):
        raise forbidden("You do not have the permission to link issues in this project.")
    state.link(account_id, link_type, source, target)
    comment = data.get("comment")
    if isinstance(comment, dict) and comment.get("body"):
        state.add_comment(account_id, source, adf.read(comment["body"], version(call), "comment"))
    return created(None)


@operation("getIssueLink")
def get_issue_link(call: Call) -> dict:
    _, link = _visible_link(call)
    return writer(call).link(link)


@operation("deleteIssueLink")
def delete_issue_link(call: Call):
    account_id, link = _visible_link(call)
    state = state_of(call)
    source = state.get("issue", link["source"])
    if not state.may(account_id, "LINK_ISSUES", state.project(source["project"]), source):
        raise forbidden("You do not have the permission to link issues in this project.")
    state.delete("link", link["id"])
    return no_content()


def routes() -> list[Route]:
    return [
        *rest("/issueLink", link_issues, "POST"),
        *rest("/issueLink/{linkId}", get_issue_link, "GET"),
        *rest("/issueLink/{linkId}", delete_issue_link, "DELETE"),
    ]
