"""Dashboards (``/dashboard``): create, list, search, read, change, copy and delete dashboards,
shared and made editable as their owners say; a dashboard's gadgets are added, moved, retitled
and removed by those who may edit it."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.jira.api import actor, bean, body, flag, no_content, objects, rest, text
from darkfactory.twins.jira.dashboards.state import GADGETS
from darkfactory.twins.jira.errors import bad_request, forbidden
from darkfactory.twins.jira.filters.operations import share_json
from darkfactory.twins.jira.filters.sharing import read_share
from darkfactory.twins.jira.issues.operations import writer
from darkfactory.twins.jira.records import ref_key
from darkfactory.twins.jira.state import state_of
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call


def dashboard_json(call: Call, dashboard: dict) -> dict:
    shapes = writer(call).shapes
    return {
        "id": dashboard["id"],
        "self": f"{shapes.api}/dashboard/{dashboard['id']}",
        "name": dashboard["name"],
        "description": dashboard["description"],
        "owner": shapes.user(dashboard["owner"], email=False),
        "isFavourite": actor(call) in dashboard["favouritedBy"],
        "popularity": len(dashboard["favouritedBy"]),
        "systemDashboard": False,
        "view": f"{call.twin.base_url}/jira/dashboards/{dashboard['id']}",
        "sharePermissions": [share_json(call, s) for s in dashboard["sharePermissions"]],
        "editPermissions": [share_json(call, s) for s in dashboard["editPermissions"]],
    }


def gadget_json(gadget: dict) -> dict:
    shaped = {
        "id": int(gadget["id"]),
        "color": gadget["color"],
        "position": gadget["position"],
        "title": gadget["title"],
    }
    for key in ("moduleKey", "uri"):
        if gadget.get(key):
            shaped[key] = gadget[key]
    return shaped


def _shares(call: Call, data: dict, name: str) -> list[dict]:
    """Share permissions as dashboards take them (``{"type", "group": {...}, ...}``)."""
    shares = []
    state = state_of(call)
    for share in objects(data, name):
        kind = "authenticated" if share.get("type") == "loggedin" else share.get("type")
        named = {k: share.get(k) if isinstance(share.get(k), dict) else {} for k in SHARE_PARTS}
        shares.append(
            state.numbered(
                read_share(
                    call,
                    {
                        "type": kind if isinstance(kind, str) else "",
                        "accountId": named["user"].get("accountId"),
                        "groupname": named["group"].get("name"),
                        "groupId": named["group"].get("groupId"),
                        "projectId": ref_key(named["project"]),
                        "projectRoleId": named["role"].get("id"),
                    },
                )
            )
        )
    return shares


SHARE_PARTS = ("user", "group", "project", "role")


def _details(call: Call) -> tuple[str, str, list, list]:
    data = body(call)
    return (
        text(data, "name"),
        text(data, "description"),
        _shares(call, data, "sharePermissions"),
        _shares(call, data, "editPermissions"),
    )


def _dashboard(call: Call, editing: bool = False) -> dict:
    ref = call.path_params.get("id") or call.path_params["dashboardId"]
    return state_of(call).dashboard(str(ref), actor(call), editing)


def _owned(call: Call) -> dict:
    dashboard = _dashboard(call)
    account_id = actor(call)
    if dashboard["owner"] != account_id and not state_of(call).is_admin(account_id):
        raise forbidden("Only the dashboard's owner may change or delete it.")
    return dashboard


@operation("createDashboard")
def create_dashboard(call: Call) -> dict:
    account_id = actor(call)
    dashboard = state_of(call).create_dashboard(account_id, *_details(call))
    return dashboard_json(call, dashboard)


@operation("getAllDashboards")
def get_all_dashboards(call: Call) -> dict:
    """The caller's visible dashboards, only their own (``filter=my``) or favourites."""
    account_id = actor(call)
    kind = call.query.get("filter")
    if kind not in (None, "", "my", "favourite"):
        raise bad_request(f"The filter '{kind}' is not valid; use 'my' or 'favourite'.")
    found = [
        d
        for d in state_of(call).dashboards(account_id)
        if (kind != "my" or d["owner"] == account_id)
        and (kind != "favourite" or account_id in d["favouritedBy"])
    ]
    page = bean(call, [dashboard_json(call, d) for d in found], key="dashboards", default_max=20)
    page.pop("self")
    page.pop("isLast")
    return page


@operation("getDashboardsPaginated")
def get_dashboards_paginated(call: Call) -> dict:
    account_id = actor(call)
    name = (call.query.get("dashboardName") or "").lower()
    owner = call.query.get("accountId")
    found = [
        d
        for d in state_of(call).dashboards(account_id)
        if name in d["name"].lower() and (not owner or d["owner"] == owner)
    ]
    return bean(call, [dashboard_json(call, d) for d in found])


@operation("getDashboard")
def get_dashboard(call: Call) -> dict:
    return dashboard_json(call, _dashboard(call))


@operation("updateDashboard")
def update_dashboard(call: Call) -> dict:
    dashboard = _owned(call)
    name, description, shares, edits = _details(call)
    if not name.strip():
        raise bad_request(errors={"name": "You must specify a dashboard name."})
    changed = {
        **dashboard,
        "name": name,
        "description": description,
        "sharePermissions": shares,
        "editPermissions": edits,
    }
    return dashboard_json(call, state_of(call).save_dashboard(changed))


@operation("deleteDashboard")
def delete_dashboard(call: Call):
    state_of(call).remove_dashboard(_owned(call))
    return no_content()


@operation("copyDashboard")
def copy_dashboard(call: Call) -> dict:
    """A new dashboard of the caller's, with the source's gadgets."""
    source = _dashboard(call)
    state = state_of(call)
    copy = state.create_dashboard(actor(call), *_details(call))
    for gadget in state.gadgets(source):
        state.place_gadget(copy, {k: v for k, v in gadget.items() if k != "id"})
    return dashboard_json(call, copy)


# -- gadgets ------------------------------------------------------------------------------------
@operation("getAllAvailableDashboardGadgets")
def get_all_available_dashboard_gadgets(call: Call) -> dict:
    actor(call)
    return {"gadgets": [{"moduleKey": key, "title": title} for key, title in GADGETS]}


@operation("getAllGadgets")
def get_all_gadgets(call: Call) -> dict:
    dashboard = _dashboard(call)
    keys, ids = call.query.getlist("moduleKey"), call.query.getlist("gadgetId")
    found = [
        g
        for g in state_of(call).gadgets(dashboard)
        if (not keys or g.get("moduleKey") in keys) and (not ids or g["id"] in ids)
    ]
    return {"gadgets": [gadget_json(g) for g in found]}


def _position(data: dict, fallback: dict) -> dict:
    position = data.get("position")
    if position is None:
        return fallback
    if not isinstance(position, dict):
        raise bad_request("The gadget position must give a row and a column.")
    row, column = position.get("row"), position.get("column")
    valid = all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in (row, column))
    if not valid or column > 2:
        raise bad_request("The gadget position must give a row and a column (0 to 2).")
    return {"row": row, "column": column}


@operation("addGadget")
def add_gadget(call: Call) -> dict:
    dashboard = _dashboard(call, editing=True)
    state = state_of(call)
    data = body(call)
    module_key, uri = text(data, "moduleKey"), text(data, "uri")
    if bool(module_key) == bool(uri):
        raise bad_request("Either a moduleKey or a uri must be given, and not both.")
    known = dict(GADGETS)
    if module_key and module_key not in known and not flag(data, "ignoreUriAndModuleKeyValidation"):
        raise bad_request(f"The gadget with module key '{module_key}' does not exist.")
    gadget = {
        "moduleKey": module_key or None,
        "uri": uri or None,
        "color": text(data, "color") or "blue",
        "title": text(data, "title") or known.get(module_key, ""),
        "position": _position(data, state.free_cell(dashboard)),
    }
    return gadget_json(state.place_gadget(dashboard, gadget))


@operation("updateGadget")
def update_gadget(call: Call):
    dashboard = _dashboard(call, editing=True)
    state = state_of(call)
    gadget = state.gadget(dashboard, call.path_params["gadgetId"])
    data = body(call)
    changed = {
        **gadget,
        "title": text(data, "title") or gadget["title"],
        "color": text(data, "color") or gadget["color"],
        "position": _position(data, gadget["position"]),
    }
    state.place_gadget(dashboard, changed)
    return no_content()


@operation("removeGadget")
def remove_gadget(call: Call):
    dashboard = _dashboard(call, editing=True)
    state = state_of(call)
    gadget = state.gadget(dashboard, call.path_params["gadgetId"])
    state.forget_properties("dashboarditem", gadget["id"])
    state.delete("gadget", gadget["id"])
    return no_content()


def routes() -> list[Route]:
    one = "/dashboard/{id}"
    gadgets = "/dashboard/{dashboardId}/gadget"
    return [
        *rest("/dashboard", get_all_dashboards, "GET"),
        *rest("/dashboard", create_dashboard, "POST"),
        *rest("/dashboard/gadgets", get_all_available_dashboard_gadgets, "GET"),
        *rest("/dashboard/search", get_dashboards_paginated, "GET"),
        *rest(gadgets, get_all_gadgets, "GET"),
        *rest(gadgets, add_gadget, "POST"),
        *rest(gadgets + "/{gadgetId}", update_gadget, "PUT"),
        *rest(gadgets + "/{gadgetId}", remove_gadget, "DELETE"),
        *rest(one, get_dashboard, "GET"),
        *rest(one, update_dashboard, "PUT"),
        *rest(one, delete_dashboard, "DELETE"),
        *rest(one + "/copy", copy_dashboard, "POST"),
    ]
