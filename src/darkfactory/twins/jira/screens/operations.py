"""Screens (``/screens``): list, create, rename and delete screens, their tabs (add, rename,
move, delete) and the fields on a tab (add, move, remove); the site administrator's to change,
a project's administrators may read the tabs of a screen their project uses."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.jira.api import (
    ADMIN_REQUIRED,
    actor,
    admin,
    bean,
    body,
    created,
    integer,
    no_content,
    rest,
    text,
    values,
)
from darkfactory.twins.jira.errors import bad_request, forbidden
from darkfactory.twins.jira.projects.operations import visible_project
from darkfactory.twins.jira.screens.state import DEFAULT_SCREEN, OPERATIONS, screenable
from darkfactory.twins.jira.state import state_of
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call


def screen_json(screen: dict) -> dict:
    return {"id": int(screen["id"]), "name": screen["name"], "description": screen["description"]}


def tab_json(tab: dict) -> dict:
    return {"id": int(tab["id"]), "name": tab["name"]}


def field_json(field: dict) -> dict:
    return {"id": field["id"], "name": field["name"]}


def _screen(call: Call) -> dict:
    admin(call)
    return state_of(call).screen(call.path_params["screenId"])


def _tab(call: Call) -> tuple[dict, dict]:
    screen = _screen(call)
    return screen, state_of(call).tab(screen, call.path_params["tabId"])


def _readable_screen(call: Call) -> dict:
    """The path's screen for the site administrator, or, with ``projectKey``, for an
    administrator of that project whose screen schemes use the screen."""
    key = call.query.get("projectKey")
    state = state_of(call)
    if not key or state.is_admin(actor(call)):
        return _screen(call)
    project = visible_project(call, key)
    screen = state.screen(call.path_params["screenId"])
    used = {
        state.screen_for(project, type_id, op)["id"]
        for type_id in project["issueTypes"]
        for op in OPERATIONS
    }
    if not state.may(actor(call), "ADMINISTER_PROJECTS", project) or screen["id"] not in used:
        raise forbidden(ADMIN_REQUIRED)
    return screen


# -- screens ------------------------------------------------------------------------------------
@operation("getScreens")
def get_screens(call: Call) -> dict:
    admin(call)
    wanted = values(call, "id")
    query = (call.query.get("queryString") or "").lower()
    found = [
        s
        for s in state_of(call).screens()
        if (not wanted or s["id"] in wanted) and query in s["name"].lower()
    ]
    order = call.query.get("orderBy") or ""
    if order.lstrip("+-") in ("name", "id"):
        key = order.lstrip("+-")
        found.sort(key=lambda s: s[key].lower() if key == "name" else int(s[key]))
        if order.startswith("-"):
            found.reverse()
    return bean(call, [screen_json(s) for s in found], default_max=100)


@operation("createScreen")
def create_screen(call: Call):
    admin(call)
    data = body(call)
    screen = state_of(call).name_screen(None, text(data, "name"), text(data, "description"))
    return created(screen_json(screen))


@operation("updateScreen")
def update_screen(call: Call) -> dict:
    screen = _screen(call)
    data = body(call)
    description = text(data, "description") if "description" in data else None
    return screen_json(state_of(call).name_screen(screen, text(data, "name"), description))


@operation("deleteScreen")
def delete_screen(call: Call):
    state_of(call).remove_screen(_screen(call))
    return no_content()


@operation("getAvailableScreenFields")
def get_available_screen_fields(call: Call) -> list:
    screen = _screen(call)
    state = state_of(call)
    shown = {f for tab in screen["tabs"] for f in tab["fields"]}
    return [field_json(f) for f in state.fields() if f["id"] not in shown and screenable(f)]


@operation("addFieldToDefaultScreen")
def add_field_to_default_screen(call: Call) -> dict:
    admin(call)
    state = state_of(call)
    screen = state.screen(DEFAULT_SCREEN)
    field_id = call.path_params["fieldId"]
    if state.field(field_id) is None:
        raise bad_request(f"The field with id '{field_id}' does not exist.")
    state.add_tab_field(screen, screen["tabs"][0], field_id)
    return {}


@operation("getScreensForField")
def get_screens_for_field(call: Call) -> dict:
    admin(call)
    state = state_of(call)
    field_id = call.path_params["fieldId"]
    if state.field(field_id) is None:
        raise bad_request(f"The field with id '{field_id}' does not exist.")
    found = [
        {**screen_json(screen), "tab": tab_json(tab)}
        for screen, tab in state.screens_with(field_id)
    ]
    return bean(call, found, default_max=100)


# -- tabs ---------------------------------------------------------------------------------------
@operation("getBulkScreenTabs")
def get_bulk_screen_tabs(call: Call) -> dict:
    admin(call)
    screen_ids, tab_ids = values(call, "screenId"), values(call, "tabId")
    rows = [
        {**tab_json(tab), "screenId": int(screen["id"])}
        for screen in state_of(call).screens()
        if not screen_ids or screen["id"] in screen_ids
        for tab in screen["tabs"]
        if not tab_ids or tab["id"] in tab_ids
    ]
    start = max(integer(call, "startAt", 0), 0)
    size = max(integer(call, "maxResult", 100), 0)
    page = rows[start : start + size]
    return {
        "startAt": start,
        "maxResults": size,
        "total": len(rows),
        "isLast": start + len(page) >= len(rows),
        "values": page,
    }


@operation("getAllScreenTabs")
def get_all_screen_tabs(call: Call) -> list:
    return [tab_json(t) for t in _readable_screen(call)["tabs"]]


@operation("addScreenTab")
def add_screen_tab(call: Call) -> dict:
    screen = _screen(call)
    return tab_json(state_of(call).add_tab(screen, text(body(call), "name")))


@operation("renameScreenTab")
def rename_screen_tab(call: Call) -> dict:
    screen, tab = _tab(call)
    return tab_json(state_of(call).rename_tab(screen, tab, text(body(call), "name")))


@operation("deleteScreenTab")
def delete_screen_tab(call: Call):
    state_of(call).remove_tab(*_tab(call))
    return no_content()


@operation("moveScreenTab")
def move_screen_tab(call: Call):
    screen, tab = _tab(call)
    position = call.path_params["pos"]
    if not position.isdigit():
        raise bad_request(f"The position {position} is not a valid tab position.")
    state_of(call).move_tab(screen, tab, int(position))
    return no_content()


# -- tab fields ---------------------------------------------------------------------------------
@operation("getAllScreenTabFields")
def get_all_screen_tab_fields(call: Call) -> list:
    screen = _readable_screen(call)
    state = state_of(call)
    tab = state.tab(screen, call.path_params["tabId"])
    return [field_json(state.field(f)) for f in tab["fields"] if state.field(f)]


@operation("addScreenTabField")
def add_screen_tab_field(call: Call) -> dict:
    screen, tab = _tab(call)
    field_id = text(body(call), "fieldId")
    return field_json(state_of(call).add_tab_field(screen, tab, field_id))


@operation("removeScreenTabField")
def remove_screen_tab_field(call: Call):
    screen, tab = _tab(call)
    state_of(call).remove_tab_field(screen, tab, call.path_params["id"])
    return no_content()


@operation("moveScreenTabField")
def move_screen_tab_field(call: Call):
    screen, tab = _tab(call)
    data = body(call)
    position = text(data, "position")
    if position and position not in ("Earlier", "Later", "First", "Last"):
        raise bad_request(f"The position '{position}' is not valid.")
    after = text(data, "after").rstrip("/").rsplit("/", 1)[-1]  # a field id or its URI
    state_of(call).move_tab_field(screen, tab, call.path_params["id"], after, position)
    return no_content()


def routes() -> list[Route]:
    screen = "/screens/{screenId}"
    tab = screen + "/tabs/{tabId}"
    return [
        *rest("/screens", get_screens, "GET"),
        *rest("/screens", create_screen, "POST"),
        *rest("/screens/tabs", get_bulk_screen_tabs, "GET"),
        *rest("/screens/addToDefault/{fieldId}", add_field_to_default_screen, "POST"),
        *rest("/field/{fieldId}/screens", get_screens_for_field, "GET"),
        *rest(screen, update_screen, "PUT"),
        *rest(screen, delete_screen, "DELETE"),
        *rest(screen + "/availableFields", get_available_screen_fields, "GET"),
        *rest(screen + "/tabs", get_all_screen_tabs, "GET"),
        *rest(screen + "/tabs", add_screen_tab, "POST"),
        *rest(tab, rename_screen_tab, "PUT"),
        *rest(tab, delete_screen_tab, "DELETE"),
        *rest(tab + "/move/{pos}", move_screen_tab, "POST"),
        *rest(tab + "/fields", get_all_screen_tab_fields, "GET"),
        *rest(tab + "/fields", add_screen_tab_field, "POST"),
        *rest(tab + "/fields/{id}", remove_screen_tab_field, "DELETE"),
        *rest(tab + "/fields/{id}/move", move_screen_tab_field, "POST"),
    ]
