"""User searches by permission: who can browse an issue or project, who is assignable in every
one of several projects, and the user picker's matches."""

from __future__ import annotations

import html

from starlette.routing import Route

from darkfactory.twins.jira.api import actor, integer, rest, shapes, values
from darkfactory.twins.jira.errors import bad_request
from darkfactory.twins.jira.projects.operations import visible_project
from darkfactory.twins.jira.state import state_of
from darkfactory.twins.jira.users.operations import matching, user_page
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call


@operation("findUsersWithBrowsePermission")
def find_users_with_browse_permission(call: Call) -> list:
    """Users who may see the ``issueKey`` issue, or browse the ``projectKey`` project."""
    account_id = actor(call)
    state = state_of(call)
    issue = None
    if call.query.get("issueKey"):
        issue = state.issue(call.query["issueKey"], account_id)
        project = state.project(issue["project"])
    elif call.query.get("projectKey"):
        project = visible_project(call, call.query["projectKey"])
    else:
        raise bad_request("Either an issue key or a project key must be provided.")
    return user_page(
        call,
        [u for u in matching(call) if state.may(u["accountId"], "BROWSE_PROJECTS", project, issue)],
    )


@operation("findBulkAssignableUsers")
def find_bulk_assignable_users(call: Call) -> list:
    """Users assignable in every one of the ``projectKeys`` projects."""
    actor(call)
    keys = values(call, "projectKeys")
    if not keys:
        raise bad_request("The 'projectKeys' query parameter is required.")
    projects = [visible_project(call, key) for key in keys]
    state = state_of(call)
    return user_page(
        call,
        [
            u
            for u in matching(call)
            if all(state.may(u["accountId"], "ASSIGNABLE_USER", p) for p in projects)
        ],
    )


@operation("findUsersForPicker")
def find_users_for_picker(call: Call) -> dict:
    """Active users matching ``query``, each with the match highlighted as the picker shows."""
    actor(call)
    query = call.query.get("query") or ""
    if not query:
        raise bad_request("The 'query' query parameter is required.")
    found = matching(call)
    shown = found[: integer(call, "maxResults", 50)]
    shape = shapes(call)
    users = []
    for user in shown:
        shaped = shape.user(user["accountId"], email=False)
        users.append(
            {
                "accountId": user["accountId"],
                "accountType": shaped["accountType"],
                "displayName": user["displayName"],
                "avatarUrl": shaped["avatarUrls"]["16x16"],
                "html": html.escape(user["displayName"]),
            }
        )
    return {
        "users": users,
        "total": len(found),
        "header": f"Showing {len(users)} of {len(found)} matching users",
    }


def routes() -> list[Route]:
    return [
        *rest("/user/viewissue/search", find_users_with_browse_permission, "GET"),
        *rest("/user/assignable/multiProjectSearch", find_bulk_assignable_users, "GET"),
        *rest("/user/picker", find_users_for_picker, "GET"),
    ]
