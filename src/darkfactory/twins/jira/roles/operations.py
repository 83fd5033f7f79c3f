"""Project roles and their actors: ``/role`` and ``/project/{key}/role/{id}``."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.jira.api import admin, body, no_content, rest, shapes, strings, text
from darkfactory.twins.jira.errors import bad_request, invalid_payload
from darkfactory.twins.jira.projects.operations import administered_project, visible_project
from darkfactory.twins.jira.state import state_of
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call

USER_ACTOR = "atlassian-user-role-actor"
GROUP_ACTOR = "atlassian-group-role-actor"


@operation("getAllProjectRoles")
def get_all_project_roles(call: Call) -> list:
    admin(call)
    shape = shapes(call)
    return [shape.role(None, r) for r in state_of(call).find("role")]


@operation("createProjectRole")
def create_project_role(call: Call):
    admin(call)
    data = body(call)
    state = state_of(call)
    name = text(data, "name")
    if not name:
        raise bad_request("Project role name must not be empty.")
    if state.find_by("role", "name", name):
        raise bad_request(f"A project role with name '{name}' already exists.")
    role_id = state.next_id("role")
    role = state.put(
        "role",
        role_id,
        {"id": role_id, "name": name, "description": text(data, "description")},
    )
    return shapes(call).role(None, role)


@operation("getProjectRoleById")
def get_project_role_by_id(call: Call) -> dict:
    admin(call)
    return shapes(call).role(None, state_of(call).role(call.path_params["id"]))


@operation("getProjectRoles")
def get_project_roles(call: Call) -> dict:
    project = visible_project(call, call.path_params["projectIdOrKey"])
    state = state_of(call)
    api = shapes(call).api
    return {
        state.role(r)["name"]: f"{api}/project/{project['id']}/role/{r}" for r in project["roles"]
    }


@operation("getProjectRoleDetails")
def get_project_role_details(call: Call) -> list:
    project = visible_project(call, call.path_params["projectIdOrKey"])
    shape = shapes(call)
    return [
        {k: v for k, v in shape.role(project, state_of(call).role(r)).items() if k != "actors"}
        for r in project["roles"]
    ]


@operation("getProjectRole")
def get_project_role(call: Call) -> dict:
    project = visible_project(call, call.path_params["projectIdOrKey"])
    role = state_of(call).role(call.path_params["id"])
    state_of(call).role_actors(project, role["id"])
    return shapes(call).role(project, role)


def _group_ids(call: Call, names: list[str], ids: list[str]) -> list[str]:
    state = state_of(call)
    return [state.group(name=n)["groupId"] for n in names] + [
        state.group(group_id=i)["groupId"] for i in ids
    ]


def _change_actors(call: Call, replace: bool) -> dict:
    project = administered_project(call, call.path_params["projectIdOrKey"])
    role_id = call.path_params["id"]
    data = body(call)
    if replace:
        actors = data.get("categorisedActors") or {}
        if not isinstance(actors, dict):
            raise invalid_payload()
        users = strings(actors, USER_ACTOR)
        groups = _group_ids(
            call, strings(actors, GROUP_ACTOR), strings(actors, "atlassian-group-role-actor-id")
        )
    else:
        users = strings(data, "user")
        groups = _group_ids(call, strings(data, "group"), strings(data, "groupId"))
        if not users and not groups:
            raise bad_request("You must specify at least one user or group to add.")
    state_of(call).set_role_actors(project, role_id, users, groups, replace)
    return shapes(call).role(project, state_of(call).role(role_id))


@operation("addActorUsers")
def add_actor_users(call: Call):
    return _change_actors(call, replace=False)


@operation("setActors")
def set_actors(call: Call) -> dict:
    return _change_actors(call, replace=True)


@operation("deleteActor")
def delete_actor(call: Call):
    project = administered_project(call, call.path_params["projectIdOrKey"])
    state = state_of(call)
    group = call.query.get("groupId")
    if call.query.get("group"):
        group = state.group(name=call.query["group"])["groupId"]
    user = call.query.get("user")
    if not user and not group:
        raise bad_request("You must specify a user or a group to remove.")
    state.remove_role_actor(project, call.path_params["id"], user, group)
    return no_content()


def routes() -> list[Route]:
    role = "/project/{projectIdOrKey}/role/{id}"
    return [
        *rest("/role", get_all_project_roles, "GET"),
        *rest("/role", create_project_role, "POST"),
        *rest("/role/{id}", get_project_role_by_id, "GET"),
        *rest("/project/{projectIdOrKey}/role", get_project_roles, "GET"),
        *rest("/project/{projectIdOrKey}/roledetails", get_project_role_details, "GET"),
        *rest(role, get_project_role, "GET"),
        *rest(role, add_actor_users, "POST"),
        *rest(role, set_actors, "PUT"),
        *rest(role, delete_actor, "DELETE"),
    ]
