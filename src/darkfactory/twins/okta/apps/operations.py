"""Applications API: ``/api/v1/apps`` CRUD and lifecycle, app users and app group assignments."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta.api import authorize, body, flag, page, timestamp
from darkfactory.twins.okta.apps.provisioning import PROVISIONERS, PROVISIONING_FEATURES
from darkfactory.twins.okta.errors import OktaError, validation
from darkfactory.twins.okta.state import state_of

# How a new app names its users when an assignment gives no username.
USER_NAME_TEMPLATE = {"template": "${source.login}", "type": "BUILT_IN"}


def app_json(call: Call, app: dict) -> dict:
    href = f"{call.twin.base_url}/api/v1/apps/{app['id']}"
    return {
        "id": app["id"],
        "orn": f"orn:okta:idp:{state_of(call).org_id()}:apps:{app['name']}:{app['id']}",
        "name": app["name"],
        "label": app["label"],
        "status": app["status"],
        "signOnMode": app["sign_on_mode"],
        "created": timestamp(app["created"]),
        "lastUpdated": timestamp(app["last_updated"]),
        "features": PROVISIONING_FEATURES if app["name"] in PROVISIONERS else [],
        "accessibility": {"selfService": False, "errorRedirectUrl": None, "loginRedirectUrl": None},
        "visibility": {
            "autoSubmitToolbar": False,
            "autoLaunch": False,
            "hide": {"iOS": False, "web": False},
            "appLinks": {f"{app['name']}_link": True},
        },
        "universalLogout": {"status": "UNSUPPORTED"},
        "settings": app["settings"],
        "credentials": {
            "userNameTemplate": USER_NAME_TEMPLATE,
            "signing": {},
            **app["credentials"],
        },
        "_links": {
            "self": {"href": href},
            "users": {"href": f"{href}/users"},
            "groups": {"href": f"{href}/groups"},
        },
    }


def app_user_json(call: Call, app_user: dict) -> dict:
    user = app_user["user"]
    href = f"{call.twin.base_url}/api/v1/apps/{app_user['app_id']}/users/{user['id']}"
    return {
        "id": user["id"],
        "externalId": None,
        "created": timestamp(app_user["created"]),
        "lastUpdated": timestamp(app_user["last_updated"]),
        "scope": app_user["scope"],
        "status": "ACTIVE" if user["status"] == "ACTIVE" else "INACTIVE",
        "statusChanged": timestamp(app_user["last_updated"]),
        "syncState": "DISABLED",
        "credentials": {"userName": app_user["user_name"]},
        "profile": app_user["profile"],
        "_links": {
            "self": {"href": href},
            "user": {"href": f"{call.twin.base_url}/api/v1/users/{user['id']}"},
        },
    }


def app_group_json(call: Call, assignment: dict) -> dict:
    href = f"{call.twin.base_url}/api/v1/apps/{assignment['app_id']}/groups/"
    return {
        "id": assignment["group_id"],
        "priority": assignment["priority"],
        "profile": assignment["profile"],
        "lastUpdated": timestamp(assignment["last_updated"]),
        "_links": {
            "self": {"href": href + assignment["group_id"]},
            "group": {"href": f"{call.twin.base_url}/api/v1/groups/{assignment['group_id']}"},
        },
    }


@operation("createApplication")
def create_application(call: Call) -> dict:
    authorize(call, "okta.apps.manage")
    return app_json(call, state_of(call).create_app(body(call), flag(call, "activate", True)))


@operation("listApplications")
def list_applications(call: Call) -> Response:
    authorize(call, "okta.apps.read")
    apps = [app_json(call, a) for a in state_of(call).apps()]
    if call.query.get("q"):
        wanted = call.query["q"].lower()
        apps = [
            a
            for a in apps
            if a["name"].lower().startswith(wanted) or a["label"].lower().startswith(wanted)
        ]
    return page(call, apps, 20, 200)


@operation("getApplication")
def get_application(call: Call) -> dict:
    authorize(call, "okta.apps.read")
    return app_json(call, state_of(call).app(call.path_params["appId"]))


@operation("replaceApplication")
def replace_application(call: Call) -> dict:
    authorize(call, "okta.apps.manage")
    return app_json(call, state_of(call).replace_app(call.path_params["appId"], body(call)))


@operation("deleteApplication")
def delete_application(call: Call) -> Response:
    authorize(call, "okta.apps.manage")
    state_of(call).delete_app(call.path_params["appId"])
    return Response(status_code=204)


def _app_status(name: str, status: str):
    @operation(name)
    def handler(call: Call) -> dict:
        authorize(call, "okta.apps.manage")
        state_of(call).set_app_status(call.path_params["appId"], status)
        return {}

    return handler


@operation("assignUserToApplication")
def assign_user_to_application(call: Call) -> dict:
    actor = authorize(call, "okta.apps.manage")
    payload = body(call)
    user_name = (payload.get("credentials") or {}).get("userName")
    app_user = state_of(call).assign_user(
        call.path_params["appId"],
        payload.get("id", ""),
        payload.get("profile") or {},
        user_name,
        actor,
    )
    return app_user_json(call, app_user)


@operation("listApplicationUsers")
def list_application_users(call: Call) -> Response:
    authorize(call, "okta.apps.read")
    app_users = state_of(call).app_users(call.path_params["appId"])
    return page(call, [app_user_json(call, au) for au in app_users], 50, 500)


@operation("getApplicationUser")
def get_application_user(call: Call) -> dict:
    authorize(call, "okta.apps.read")
    app_user = state_of(call).app_user(call.path_params["appId"], call.path_params["userId"])
    return app_user_json(call, app_user)


@operation("updateApplicationUser")
def update_application_user(call: Call) -> dict:
    authorize(call, "okta.apps.manage")
    payload = body(call)
    app_user = state_of(call).update_app_user(
        call.path_params["appId"],
        call.path_params["userId"],
        payload.get("profile") or {},
        (payload.get("credentials") or {}).get("userName"),
    )
    return app_user_json(call, app_user)


@operation("unassignUserFromApplication")
def unassign_user_from_application(call: Call) -> Response:
    actor = authorize(call, "okta.apps.manage")
    state_of(call).unassign_user(call.path_params["appId"], call.path_params["userId"], actor)
    return Response(status_code=204)


@operation("assignGroupToApplication")
def assign_group_to_application(call: Call) -> dict:
    authorize(call, "okta.apps.manage")
    payload = body(call)
    assignment = state_of(call).assign_group(
        call.path_params["appId"],
        call.path_params["groupId"],
        int(payload.get("priority") or 0),
        payload.get("profile") or {},
    )
    return app_group_json(call, assignment)


@operation("updateGroupAssignmentToApplication")
def update_group_assignment_to_application(call: Call) -> dict:
    """A JSON Patch of the assignment: ``add``/``replace`` its ``/profile`` or ``/priority``."""
    authorize(call, "okta.apps.manage")
    state = state_of(call)
    current = state.app_group(call.path_params["appId"], call.path_params["groupId"])
    if not isinstance(call.json, list):
        raise OktaError("E0000003", 400, "The request body was not well-formed.")
    fields = {"priority": current["priority"], "profile": current["profile"]}
    for patch in call.json:
        field = str((patch or {}).get("path", "")).strip("/")
        if patch.get("op") not in ("add", "replace") or field not in fields:
            raise validation("op", "Only add or replace of /profile or /priority is supported.")
        value = patch.get("value")
        if field == "priority" and not isinstance(value, int):
            raise validation("priority", "priority: must be an integer")
        if field == "profile" and not isinstance(value, dict):
            raise validation("profile", "profile: must be an object")
        fields[field] = value
    assignment = state.assign_group(
        current["app_id"], current["group_id"], fields["priority"], fields["profile"]
    )
    return app_group_json(call, assignment)


@operation("listApplicationGroupAssignments")
def list_application_group_assignments(call: Call) -> Response:
    authorize(call, "okta.apps.read")
    assignments = state_of(call).app_groups(call.path_params["appId"])
    return page(call, [app_group_json(call, a) for a in assignments], 20, 200)


@operation("getApplicationGroupAssignment")
def get_application_group_assignment(call: Call) -> dict:
    authorize(call, "okta.apps.read")
    assignment = state_of(call).app_group(call.path_params["appId"], call.path_params["groupId"])
    return app_group_json(call, assignment)


@operation("unassignApplicationFromGroup")
def unassign_application_from_group(call: Call) -> Response:
    authorize(call, "okta.apps.manage")
    state_of(call).unassign_group(call.path_params["appId"], call.path_params["groupId"])
    return Response(status_code=204)


@operation("listAppLinks")
def list_app_links(call: Call) -> list:
    authorize(call, "okta.users.read")
    user_id = call.path_params["id"]
    return [
        {
            "id": app["id"],
            "appInstanceId": app["id"],
            "appName": app["name"],
            "label": app["label"],
            "linkUrl": f"{call.twin.base_url}/home/{app['name']}/{app['id']}",
            "logoUrl": "",
            "appAssignmentId": app["id"],
            "sortOrder": index,
            "hidden": False,
            "credentialsSetup": False,
        }
        for index, app in enumerate(state_of(call).user_apps(user_id))
    ]


def routes() -> list[Route]:
    app = "/api/v1/apps/{appId}"
    return [
        Route("/api/v1/apps", create_application, methods=["POST"]),
        Route("/api/v1/apps", list_applications, methods=["GET"]),
        Route(app, get_application, methods=["GET"]),
        Route(app, replace_application, methods=["PUT"]),
        Route(app, delete_application, methods=["DELETE"]),
        Route(
            f"{app}/lifecycle/activate",
            _app_status("activateApplication", "ACTIVE"),
            methods=["POST"],
        ),
        Route(
            f"{app}/lifecycle/deactivate",
            _app_status("deactivateApplication", "INACTIVE"),
            methods=["POST"],
        ),
        Route(f"{app}/users", assign_user_to_application, methods=["POST"]),
        Route(f"{app}/users", list_application_users, methods=["GET"]),
        Route(f"{app}/users/{{userId}}", get_application_user, methods=["GET"]),
        Route(f"{app}/users/{{userId}}", update_application_user, methods=["POST"]),
        Route(f"{app}/users/{{userId}}", unassign_user_from_application, methods=["DELETE"]),
        Route(f"{app}/groups", list_application_group_assignments, methods=["GET"]),
        Route(f"{app}/groups/{{groupId}}", assign_group_to_application, methods=["PUT"]),
        Route(f"{app}/groups/{{groupId}}", get_application_group_assignment, methods=["GET"]),
        Route(
            f"{app}/groups/{{groupId}}",
            update_group_assignment_to_application,
            methods=["PATCH"],
        ),
        Route(f"{app}/groups/{{groupId}}", unassign_application_from_group, methods=["DELETE"]),
        Route("/api/v1/users/{id}/appLinks", list_app_links, methods=["GET"]),
    ]
