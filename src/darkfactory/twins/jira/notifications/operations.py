"""Notification schemes (``/notificationscheme``): list, read, create, rename and delete schemes,
add and remove the recipients of their events, and read a project's scheme. Changes are the site
administrator's; a scheme is seen by those who administer a project using it."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.jira.api import (
    actor,
    admin,
    bean,
    body,
    created,
    naming,
    no_content,
    objects,
    rest,
    shapes,
    text,
    values,
)
from darkfactory.twins.jira.errors import bad_request, invalid_payload, not_found
from darkfactory.twins.jira.fields.shapes import field_json
from darkfactory.twins.jira.notifications.state import DEFAULT_NOTIFICATION_SCHEME, event
from darkfactory.twins.jira.projects.operations import administered_project
from darkfactory.twins.jira.state import state_of
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call

EXPANDS = "notificationSchemeEvents,user,group,projectRole,field,all"


def _expand(call: Call) -> set[str]:
    wanted = set(values(call, "expand"))
    return set(EXPANDS.split(",")) if "all" in wanted else wanted


def notification_json(call: Call, notification: dict, expand: set[str]) -> dict:
    state, shape = state_of(call), shapes(call)
    kind, parameter = notification["type"], notification["parameter"]
    shaped = {"id": int(notification["id"]), "notificationType": kind}
    if parameter is None:
        return shaped
    shaped["parameter"] = shaped["recipient"] = parameter
    if kind == "User" and "user" in expand:
        shaped["user"] = shape.user(parameter, email=False)
    elif kind == "Group":
        group = state.get("group", parameter)
        shaped["parameter"] = group["name"] if group else parameter
        if group and "group" in expand:
            shaped["group"] = shape.group(group)
    elif kind == "ProjectRole" and "projectRole" in expand:
        shaped["projectRole"] = shape.role(None, state.role(parameter))
    elif kind == "EmailAddress":
        shaped["emailAddress"] = parameter
        shaped.pop("recipient")
    elif kind.endswith("CustomField") and "field" in expand and state.get("field", parameter):
        shaped["field"] = field_json(state.get("field", parameter))
    if kind in ("User", "Group", "ProjectRole", "UserCustomField", "GroupCustomField"):
        shaped["expand"] = {"User": "user", "Group": "group", "ProjectRole": "projectRole"}.get(
            kind, "field"
        )
    return shaped


def scheme_json(call: Call, scheme: dict, expand: set[str]) -> dict:
    state = state_of(call)
    shaped = {
        "expand": EXPANDS,
        "id": int(scheme["id"]),
        "self": f"{shapes(call).api}/notificationscheme/{scheme['id']}",
        "name": scheme["name"],
        "description": scheme["description"],
        "projects": [int(p["id"]) for p in state.notification_projects(scheme)],
    }
    if "notificationSchemeEvents" in expand:
        shaped["notificationSchemeEvents"] = [
            {
                "event": dict(zip(("id", "name", "description"), event(event_id), strict=True))
                | {"id": int(event_id)},
                "notifications": [notification_json(call, n, expand) for n in listed],
            }
            for event_id, listed in sorted(scheme["events"].items(), key=lambda e: int(e[0]))
        ]
    return shaped


def _sees(call: Call, scheme: dict) -> bool:
    """Whether the caller administers the site, or a project that uses ``scheme``."""
    account_id = actor(call)
    state = state_of(call)
    return state.is_admin(account_id) or any(
        state.may(account_id, "ADMINISTER_PROJECTS", p) for p in state.notification_projects(scheme)
    )


def _additions(data: dict) -> list[tuple[str, list]]:
    """Events and their recipients from ``notificationSchemeEvents``."""
    additions = []
    for entry in objects(data, "notificationSchemeEvents"):
        ref = entry.get("event")
        if not isinstance(ref, dict) or ref.get("id") in (None, ""):
            raise bad_request("Each notification scheme event needs an event id.")
        recipients = []
        for item in objects(entry, "notifications"):
            kind = text(item, "notificationType")
            if not kind:
                raise bad_request("Each notification needs a notificationType.")
            recipients.append((kind, text(item, "parameter") or None))
        additions.append((str(ref["id"]), recipients))
    return additions


def _scheme(call: Call, name: str = "id") -> dict:
    admin(call)
    return state_of(call).notification_scheme(call.path_params[name])


@operation("getNotificationSchemes")
def get_notification_schemes(call: Call) -> dict:
    state = state_of(call)
    wanted, projects = values(call, "id"), values(call, "projectId")
    only_default = (call.query.get("onlyDefault") or "").lower() == "true"
    found = [
        s
        for s in state.notification_schemes()
        if _sees(call, s)
        and (not wanted or s["id"] in wanted)
        and (not projects or {p["id"] for p in state.notification_projects(s)} & set(projects))
        and (not only_default or s["id"] == DEFAULT_NOTIFICATION_SCHEME)
    ]
    expand = _expand(call)
    return bean(call, [scheme_json(call, s, expand) for s in found])


@operation("getNotificationScheme")
def get_notification_scheme(call: Call) -> dict:
    state = state_of(call)
    ref = call.path_params["id"]
    scheme = state.get("notificationscheme", ref)
    if scheme is None or not _sees(call, scheme):
        raise not_found(f"The notification scheme with id '{ref}' does not exist.")
    return scheme_json(call, scheme, _expand(call))


@operation("getNotificationSchemeForProject")
def get_notification_scheme_for_project(call: Call) -> dict:
    project = administered_project(call, call.path_params["projectKeyOrId"])
    return scheme_json(call, state_of(call).notification_scheme_of(project), _expand(call))


@operation("getNotificationSchemeToProjectMappings")
def get_notification_scheme_to_project_mappings(call: Call) -> dict:
    admin(call)
    state = state_of(call)
    schemes, projects = values(call, "notificationSchemeId"), values(call, "projectId")
    rows = [
        {"notificationSchemeId": state.notification_scheme_of(p)["id"], "projectId": p["id"]}
        for p in state.projects()
        if (not projects or p["id"] in projects)
    ]
    rows = [r for r in rows if not schemes or r["notificationSchemeId"] in schemes]
    return bean(call, rows)


@operation("createNotificationScheme")
def create_notification_scheme(call: Call):
    admin(call)
    data = body(call)
    state = state_of(call)
    scheme = state.name_notification_scheme(None, text(data, "name"), text(data, "description"))
    state.add_notifications(scheme, _additions(data))
    return created({"id": scheme["id"]})


@operation("updateNotificationScheme")
def update_notification_scheme(call: Call):
    scheme = _scheme(call)
    data = body(call)
    state_of(call).name_notification_scheme(scheme, *naming(data))
    return no_content()


@operation("addNotifications")
def add_notifications(call: Call):
    scheme = _scheme(call)
    data = body(call)
    if not isinstance(data.get("notificationSchemeEvents"), list):
        raise invalid_payload()
    state_of(call).add_notifications(scheme, _additions(data))
    return no_content()


@operation("deleteNotificationScheme")
def delete_notification_scheme(call: Call):
    state_of(call).remove_notification_scheme(_scheme(call, "notificationSchemeId"))
    return no_content()


@operation("removeNotificationFromNotificationScheme")
def remove_notification_from_notification_scheme(call: Call):
    scheme = _scheme(call, "notificationSchemeId")
    state_of(call).remove_notification(scheme, call.path_params["notificationId"])
    return no_content()


def routes() -> list[Route]:
    return [
        *rest("/notificationscheme", get_notification_schemes, "GET"),
        *rest("/notificationscheme", create_notification_scheme, "POST"),
        *rest("/notificationscheme/project", get_notification_scheme_to_project_mappings, "GET"),
        *rest("/notificationscheme/{id}", get_notification_scheme, "GET"),
        *rest("/notificationscheme/{id}", update_notification_scheme, "PUT"),
        *rest("/notificationscheme/{id}/notification", add_notifications, "PUT"),
        *rest("/notificationscheme/{notificationSchemeId}", delete_notification_scheme, "DELETE"),
        *rest(
            "/notificationscheme/{notificationSchemeId}/notification/{notificationId}",
            remove_notification_from_notification_scheme,
            "DELETE",
        ),
        *rest(
            "/project/{projectKeyOrId}/notificationscheme",
            get_notification_scheme_for_project,
            "GET",
        ),
    ]
