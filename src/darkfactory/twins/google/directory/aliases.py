"""``directory.users.aliases.*`` and ``directory.groups.aliases.*``: other addresses of a user
or a group, in one of the customer's domains, each taken only once.

An alias reaches its user or group wherever a ``userKey`` or ``groupKey`` is accepted. Adding or
removing a user's alias needs ``USERS_ALIAS``; a group's, ``GROUPS_UPDATE``.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.google.directory import groups, people, watch
from darkfactory.twins.google.directory.access import allows, in_customer, member
from darkfactory.twins.google.directory.users import target, unit_of
from darkfactory.twins.google.directory.wire import (
    body,
    exists,
    invalid,
    not_authorized,
    not_found,
    required,
    tagged,
)
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call

SCHEMA = """
CREATE TABLE IF NOT EXISTS google_directory_aliases (
    alias TEXT PRIMARY KEY COLLATE NOCASE, target TEXT NOT NULL COLLATE NOCASE,
    kind TEXT NOT NULL
);
"""


def _alias_json(owner_id: str, owner_email: str, alias: str) -> dict:
    return tagged(
        {
            "kind": "admin#directory#alias",
            "id": owner_id,
            "primaryEmail": owner_email,
            "alias": alias,
        }
    )


def _owner(call: Call, privilege: str) -> tuple[str, str]:
    """The id and address of the user or group in the path, if the caller may act on it."""
    principal = member(call)
    if "userKey" in call.path_params:
        account = target(call, principal)
        needed = "USERS_RETRIEVE" if call.request.method == "GET" else "USERS_ALIAS"
        if not allows(call, principal, needed, unit_of(call, account)):
            raise not_authorized()
        return account["id"], account["email"]
    group = groups.found(call)
    if not allows(call, principal, privilege):
        raise not_authorized()
    return group["id"], group["email"]


def _list(call: Call) -> dict:
    owner_id, email = _owner(call, "GROUPS_RETRIEVE")
    items = [_alias_json(owner_id, email, a) for a in people.aliases(call.universe, email)]
    return tagged({"kind": "admin#directory#aliases", "aliases": items})


def _insert(call: Call) -> dict:
    owner_id, email = _owner(call, "GROUPS_UPDATE")
    alias = (body(call, "Alias").get("alias") or "").strip().lower()
    if not alias:
        raise required("alias")
    local, _, domain = alias.partition("@")
    if not local or not in_customer(call.universe, domain):
        raise invalid("alias")
    if people.taken(call.universe, alias):
        raise exists()
    kind = "user" if "userKey" in call.path_params else "group"
    call.universe.store.insert(
        "google_directory_aliases", {"alias": alias, "target": email, "kind": kind}
    )
    if kind == "user":
        watch.emit(call, "add", {"id": owner_id, "email": email}, alias)
    return _alias_json(owner_id, email, alias)


def _delete(call: Call) -> Response:
    owner_id, email = _owner(call, "GROUPS_UPDATE")
    gone = call.universe.store.execute(
        "DELETE FROM google_directory_aliases WHERE alias = ? AND target = ?",
        (call.path_params["alias"], email),
    )
    if not gone.rowcount:
        raise not_found("alias")
    if "userKey" in call.path_params:
        watch.emit(call, "delete", {"id": owner_id, "email": email}, call.path_params["alias"])
    return Response(status_code=204)


users_list = operation("directory.users.aliases.list")(_list)
users_insert = operation("directory.users.aliases.insert")(_insert)
users_delete = operation("directory.users.aliases.delete")(_delete)
groups_list = operation("directory.groups.aliases.list")(_list)
groups_insert = operation("directory.groups.aliases.insert")(_insert)
groups_delete = operation("directory.groups.aliases.delete")(_delete)


def routes() -> list[Route]:
    users, groups_base = (
        "/admin/directory/v1/users/{userKey}",
        "/admin/directory/v1/groups/{groupKey}",
    )
    return [
        Route(users + "/aliases", users_list, methods=["GET"]),
        Route(users + "/aliases", users_insert, methods=["POST"]),
        Route(users + "/aliases/{alias}", users_delete, methods=["DELETE"]),
        Route(groups_base + "/aliases", groups_list, methods=["GET"]),
        Route(groups_base + "/aliases", groups_insert, methods=["POST"]),
        Route(groups_base + "/aliases/{alias}", groups_delete, methods=["DELETE"]),
    ]
