"""The routes of an Okta collection: create, list, get, replace, update, delete and lifecycle."""

from __future__ import annotations

from collections.abc import Callable

from starlette.routing import Route

from darkfactory.twins.kit import operation

# a lifecycle verb -> the status it leaves a resource in
STATUS_AFTER = {"activate": "ACTIVE", "deactivate": "INACTIVE"}


def collection_routes(
    path: str,
    id_param: str,
    names: dict[str, str],
    handlers: dict[str, Callable],
    status_handler: Callable[[str], Callable] | None = None,
) -> list[Route]:
    """Routes for the actions ``names`` maps to an operationId and ``handlers`` serves: create and
    list on ``path``; get, replace (``PUT``), update (``POST``) and delete on one member; activate
    and deactivate (``status_handler(verb)`` builds their handlers) on its ``lifecycle``."""
    item = f"{path}/{{{id_param}}}"
    places = {
        "create": (path, "POST"),
        "list": (path, "GET"),
        "get": (item, "GET"),
        "replace": (item, "PUT"),
        "update": (item, "POST"),
        "delete": (item, "DELETE"),
        **{verb: (f"{item}/lifecycle/{verb}", "POST") for verb in STATUS_AFTER},
    }
    if status_handler is not None:
        handlers = {**handlers, **{verb: status_handler(verb) for verb in STATUS_AFTER}}
    return [
        Route(where, operation(names[action])(handlers[action]), methods=[method])
        for action, (where, method) in places.items()
        if action in names and action in handlers
    ]
