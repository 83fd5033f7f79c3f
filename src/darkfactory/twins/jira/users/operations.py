"""The site and its people: serverInfo, myself, users, user search and groups."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.jira.api import (
    actor,
    admin,
    bean,
    body,
    created,
    integer,
    no_content,
    rest,
    shapes,
    strings,
    text,
    values,
)
from darkfactory.twins.jira.errors import bad_request, forbidden
from darkfactory.twins.jira.state import state_of
from darkfactory.twins.jira.times import jira_time
from darkfactory.twins.jira.users.state import USERS_GROUP
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call

VERSION = "1001.0.0-SNAPSHOT"


@operation("getServerInfo")
def get_server_info(call: Call) -> dict:
    return {
        "baseUrl": call.twin.base_url,
        "displayUrl": call.twin.base_url,
        "version": VERSION,
        "versionNumbers": [1001, 0, 0],
        "deploymentType": "Cloud",
        "buildNumber": 100287,
        "buildDate": "2026-01-01T00:00:00.000+0000",
        "serverTime": jira_time(call.universe.clock.now()),
        "scmInfo": "darkfactory",
        "serverTitle": "Jira",
        "defaultLocale": {"locale": "en_US"},
        "serverTimeZone": "Etc/UTC",
    }


def _user_detail(call: Call, account_id: str, expand: list[str]) -> dict:
    shape = shapes(call)
    user = shape.user(account_id)
    state = state_of(call)
    groups = state.groups_of(account_id)
    user["groups"] = {
        "size": len(groups),
        "items": [shape.group(g) for g in groups] if "groups" in expand else [],
    }
    user["applicationRoles"] = {
        "size": 1 if state.has_product_access(account_id) else 0,
        "items": [],
    }
    user["expand"] = "groups,applicationRoles"
    return user


@operation("getCurrentUser")
def get_current_user(call: Call) -> dict:
    return _user_detail(call, actor(call), values(call, "expand"))


@operation("getUser")
def get_user(call: Call) -> dict:
    actor(call)
    account_id = call.query.get("accountId") or call.query.get("username") or call.query.get("key")
    if not account_id:
        raise bad_request("The 'accountId' query parameter needs to be provided.")
    user = state_of(call).find_user(account_id)
    return _user_detail(
        call,
        state_of(call).user(user["accountId"] if user else account_id)["accountId"],
        values(call, "expand"),
    )


@operation("createUser")
def create_user(call: Call):
    admin(call)
    data = body(call)
    email = text(data, "emailAddress")
    name = text(data, "displayName") or email.split("@")[0]
    groups = (
        (USERS_GROUP,)
        if "jira-software" in (strings(data, "products") or ["jira-software"])
        else ()
    )
    user = state_of(call).create_user(email, name, groups)
    return created(shapes(call).user(user["accountId"]))


@operation("removeUser")
def remove_user(call: Call):
    caller_id = admin(call)
    state = state_of(call)
    account_id = state.user(call.query.get("accountId"))["accountId"]
    if account_id == caller_id:
        raise bad_request("Cannot delete currently logged in user.")
    for group in state.groups_of(account_id):
        state.remove_from_group(group["groupId"], account_id)
    state.set_active(account_id, False)
    call.universe.tokens.revoke_principal("jira", account_id)
    return no_content()


def matching(call: Call) -> list[dict]:
    query = (call.query.get("query") or (call.query.get("username") or "")).lower()
    state = state_of(call)
    return [
        u
        for u in state.users()
        if u["active"]
        and (
            not query
            or query in u["displayName"].lower()
            or query in u["emailAddress"].lower()
            or query == u["accountId"]
        )
    ]


def user_page(call: Call, users: list[dict]) -> list[dict]:
    start = integer(call, "startAt", 0)
    size = integer(call, "maxResults", 50)
    shape = shapes(call)
    return [shape.user(u["accountId"]) for u in users[start : start + size]]


@operation("findUsers")
def find_users(call: Call) -> list:
    actor(call)
    if not (
        call.query.get("query")
        or call.query.get("accountId")
        or call.query.get("username")
        or call.query.get("property")
    ):
        raise bad_request("One of 'query' or 'accountId' query parameters must be provided.")
    if call.query.get("accountId"):
        found = state_of(call).find_user(call.query["accountId"])
        return user_page(call, [found] if found else [])
    return user_page(call, matching(call))


@operation("getAllUsers")
def get_all_users(call: Call) -> list:
    actor(call)
    return user_page(call, state_of(call).users())


get_all_users_default = operation("getAllUsersDefault")(get_all_users.__wrapped__)


@operation("bulkGetUsers")
def bulk_get_users(call: Call) -> dict:
    actor(call)
    state = state_of(call)
    wanted = call.query.getlist("accountId")
    found = [u for u in state.users() if u["accountId"] in wanted]
    return bean(call, [shapes(call).user(u["accountId"]) for u in found], default_max=10)


@operation("getUserGroups")
def get_user_groups(call: Call) -> list:
    actor(call)
    state = state_of(call)
    account_id = state.user(call.query.get("accountId"))["accountId"]
    return [shapes(call).group(g) for g in state.groups_of(account_id)]


@operation("findAssignableUsers")
def find_assignable_users(call: Call) -> list:
    account_id = actor(call)
    state = state_of(call)
    ref = call.query.get("project")
    if call.query.get("issueKey"):
        issue = state.issue(call.query["issueKey"], account_id)
        project = state.project(issue["project"])
    elif ref:
        project = state.project(ref)
    else:
        raise bad_request(
            "At least one of the parameters 'issueKey', 'issueId' or 'project' must be provided."
        )
    return user_page(
        call, [u for u in matching(call) if state.may(u["accountId"], "ASSIGNABLE_USER", project)]
    )


@operation("findUsersWithAllPermissions")
def find_users_with_all_permissions(call: Call) -> list:
    actor(call)
    state = state_of(call)
    wanted = values(call, "permissions")
    if not wanted:
        raise bad_request("The 'permissions' query parameter is required.")
    project = state.project(call.query["projectKey"]) if call.query.get("projectKey") else None
    if call.query.get("issueKey"):
        issue = state.find_issue(call.query["issueKey"])
        project = state.project(issue["project"]) if issue else project

    def holds(account_id: str) -> bool:
        return all(
            state.may(account_id, p, project) if project else state.has_global(account_id, p)
            for p in wanted
        )

    return user_page(call, [u for u in matching(call) if holds(u["accountId"])])


# -- groups -------------------------------------------------------------------------------------
def _group(call: Call) -> dict:
    return state_of(call).group(
        name=call.query.get("groupname"), group_id=call.query.get("groupId")
    )


@operation("getGroup")
def get_group(call: Call) -> dict:
    """A group with a slice of its members: ``expand=users`` or ``users[start:end]``."""
    actor(call)
    group = _group(call)
    expand = call.query.get("expand") or ""
    start, end = 0, 49
    if expand.startswith("users[") and expand.endswith("]"):
        low, _, high = expand[6:-1].partition(":")
        start, end = integer(call, "start", int(low or 0), {"start": low or 0}), int(high or 49)
    shape = shapes(call)
    members = [shape.user(m) for m in group["members"]]
    chosen = members[start : end + 1] if expand.startswith("users") else []
    users = {
        "size": len(members),
        "items": chosen,
        "max-results": 50,
        "start-index": start,
        "end-index": start + max(len(chosen) - 1, 0),
    }
    return {**shape.group(group), "users": users, "expand": "users"}


@operation("createGroup")
def create_group(call: Call):
    admin(call)
    group = state_of(call).create_group(text(body(call), "name"))
    return created({**shapes(call).group(group), "users": {"size": 0, "items": []}})


@operation("removeGroup")
def remove_group(call: Call):
    admin(call)
    state_of(call).delete_group(_group(call)["groupId"])
    return no_content()


@operation("getUsersFromGroup")
def get_users_from_group(call: Call) -> dict:
    actor(call)
    state = state_of(call)
    group = _group(call)
    inactive = call.query.get("includeInactiveUsers", "false").lower() == "true"
    members = [state.user(m) for m in group["members"]]
    shape = shapes(call)
    return bean(call, [shape.user(u["accountId"]) for u in members if inactive or u["active"]])


@operation("addUserToGroup")
def add_user_to_group(call: Call):
    admin(call)
    state = state_of(call)
    data = body(call)
    user = state.find_user(data.get("accountId") or text(data, "name"))
    if user is None:
        raise bad_request("You must specify the account ID of the user to add.")
    group = state.add_to_group(_group(call)["groupId"], user["accountId"])
    return created(
        {**shapes(call).group(group), "users": {"size": len(group["members"]), "items": []}}
    )


@operation("removeUserFromGroup")
def remove_user_from_group(call: Call):
    admin(call)
    state = state_of(call)
    account_id = state.user(call.query.get("accountId") or call.query.get("username"))["accountId"]
    state.remove_from_group(_group(call)["groupId"], account_id)
    return no_content()


@operation("findGroups")
def find_groups(call: Call) -> dict:
    actor(call)
    query = (call.query.get("query") or "").lower()
    found = [g for g in state_of(call).groups() if query in g["name"].lower()]
    found = found[: integer(call, "maxResults", 20)]
    return {
        "header": f"Showing {len(found)} of {len(found)} matching groups",
        "total": len(found),
        "groups": [
            {"name": g["name"], "html": g["name"], "labels": [], "groupId": g["groupId"]}
            for g in found
        ],
    }


@operation("bulkGetGroups")
def bulk_get_groups(call: Call) -> dict:
    account_id = actor(call)
    if not state_of(call).has_global(account_id, "USER_PICKER"):
        raise forbidden()
    names = call.query.getlist("groupName")
    ids = call.query.getlist("groupId")
    found = [
        g
        for g in state_of(call).groups()
        if (not names and not ids) or g["name"] in names or g["groupId"] in ids
    ]
    return bean(call, [shapes(call).group(g) for g in found])


def routes() -> list[Route]:
    return [
        *rest("/serverInfo", get_server_info, "GET"),
        *rest("/myself", get_current_user, "GET"),
        *rest("/user", get_user, "GET"),
        *rest("/user", create_user, "POST"),
        *rest("/user", remove_user, "DELETE"),
        *rest("/user/search", find_users, "GET"),
        *rest("/users/search", get_all_users, "GET"),
        *rest("/users", get_all_users_default, "GET"),
        *rest("/user/bulk", bulk_get_users, "GET"),
        *rest("/user/groups", get_user_groups, "GET"),
        *rest("/user/assignable/search", find_assignable_users, "GET"),
        *rest("/user/permission/search", find_users_with_all_permissions, "GET"),
        *rest("/group", get_group, "GET"),
        *rest("/group", create_group, "POST"),
        *rest("/group", remove_group, "DELETE"),
        *rest("/group/member", get_users_from_group, "GET"),
        *rest("/group/user", add_user_to_group, "POST"),
        *rest("/group/user", remove_user_from_group, "DELETE"),
        *rest("/groups/picker", find_groups, "GET"),
        *rest("/group/bulk", bulk_get_groups, "GET"),
    ]
