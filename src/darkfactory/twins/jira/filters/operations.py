"""Saved filters (``/filter``): create, read, change and delete a filter, its owner's filters,
and favourites; a filter is its owner's to change, and any viewer's to favourite."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.jira.api import actor, body, created, flag, no_content, rest, text
from darkfactory.twins.jira.filters.state import filter_unavailable
from darkfactory.twins.jira.issues.operations import writer
from darkfactory.twins.jira.search.jql.parser import parse
from darkfactory.twins.jira.state import state_of
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call


def share_json(call: Call, share: dict) -> dict:
    """A share permission as Jira writes it (all signed-in users are ``loggedin``)."""
    state, shapes = state_of(call), writer(call).shapes
    kind = share["type"]
    shaped = {"id": share["id"], "type": "loggedin" if kind == "authenticated" else kind}
    project = state.get("project", share["projectId"]) if share.get("projectId") else None
    if kind == "user":
        shaped["user"] = shapes.user(share["accountId"], email=False)
    if kind == "group":
        shaped["group"] = shapes.group(state.get("group", share["groupId"]))
    if project is not None:
        shaped["project"] = shapes.project(project)
    if kind == "projectRole" and project is not None:
        shaped["role"] = shapes.role(project, state.role(share["roleId"]))
    return shaped


def filter_json(call: Call, saved: dict) -> dict:
    api = writer(call).shapes
    viewer = actor(call)
    return {
        "self": f"{api.api}/filter/{saved['id']}",
        "id": saved["id"],
        "name": saved["name"],
        "description": saved["description"],
        "jql": saved["jql"],
        "owner": api.user(saved["owner"], email=False),
        "searchUrl": f"{api.api}/search?jql={saved['jql']}",
        "favourite": viewer in saved["favouritedBy"],
        "favouritedCount": len(saved["favouritedBy"]),
        "sharePermissions": [share_json(call, s) for s in saved["sharePermissions"]],
    }


def owned_filter(call: Call) -> dict:
    """The path's filter, which the caller must own; to anyone else it is not available."""
    account_id = actor(call)
    saved = state_of(call).saved_filter(call.path_params["id"], account_id)
    if saved["owner"] != account_id:
        raise filter_unavailable()
    return saved


@operation("createFilter")
def create_filter(call: Call):
    account_id = actor(call)
    data = body(call)
    parse(text(data, "jql"))
    saved = state_of(call).create_filter(
        account_id,
        text(data, "name"),
        text(data, "jql"),
        text(data, "description"),
        flag(data, "favourite"),
    )
    return created(filter_json(call, saved))


@operation("getFilter")
def get_filter(call: Call) -> dict:
    return filter_json(call, state_of(call).saved_filter(call.path_params["id"], actor(call)))


@operation("updateFilter")
def update_filter(call: Call) -> dict:
    saved = owned_filter(call)
    state = state_of(call)
    data = body(call)
    changes = {k: text(data, k) for k in ("name", "description", "jql") if k in data}
    if "jql" in changes:
        parse(changes["jql"])
    saved = state.update_filter(saved, changes)
    if "favourite" in data:
        saved = state.set_favourite(saved, actor(call), flag(data, "favourite"))
    return filter_json(call, saved)


@operation("deleteFilter")
def delete_filter(call: Call):
    """The owner, or a Jira administrator, deletes a filter."""
    account_id = actor(call)
    state = state_of(call)
    saved = state.saved_filter(call.path_params["id"], account_id)
    if saved["owner"] != account_id and not state.is_admin(account_id):
        raise filter_unavailable()
    state.delete("filter", saved["id"])
    return no_content()


@operation("getFavouriteFilters")
def get_favourite_filters(call: Call) -> list:
    return [filter_json(call, f) for f in state_of(call).favourite_filters(actor(call))]


@operation("getMyFilters")
def get_my_filters(call: Call) -> list:
    """The caller's own filters, and with ``includeFavourites=true`` their favourites too."""
    account_id = actor(call)
    state = state_of(call)
    found = state.owned_filters(account_id)
    if call.query.get("includeFavourites", "false").lower() == "true":
        found += [f for f in state.favourite_filters(account_id) if f not in found]
    return [filter_json(call, f) for f in found]


def _favourite(call: Call, favourite: bool) -> dict:
    account_id = actor(call)
    state = state_of(call)
    saved = state.saved_filter(call.path_params["id"], account_id)
    return filter_json(call, state.set_favourite(saved, account_id, favourite))


@operation("setFavouriteForFilter")
def set_favourite_for_filter(call: Call) -> dict:
    return _favourite(call, True)


@operation("deleteFavouriteForFilter")
def delete_favourite_for_filter(call: Call) -> dict:
    return _favourite(call, False)


def routes() -> list[Route]:
    return [
        *rest("/filter", create_filter, "POST"),
        *rest("/filter/favourite", get_favourite_filters, "GET"),
        *rest("/filter/my", get_my_filters, "GET"),
        *rest("/filter/{id}", get_filter, "GET"),
        *rest("/filter/{id}", update_filter, "PUT"),
        *rest("/filter/{id}", delete_filter, "DELETE"),
        *rest("/filter/{id}/favourite", set_favourite_for_filter, "PUT"),
        *rest("/filter/{id}/favourite", delete_favourite_for_filter, "DELETE"),
    ]
