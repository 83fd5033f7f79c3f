"""``directory.groups.*``: the customer's groups, the same groups Drive shares with.

A group is the twin's group (``google_groups``, whose members Drive expands when it checks a
``group`` permission), with the Directory's description beside it. Reading groups needs
``GROUPS_RETRIEVE``, except that any user may list the groups they belong to
(``userKey`` themselves); making, changing and deleting them need ``GROUPS_CREATE``,
``GROUPS_UPDATE`` and ``GROUPS_DELETE``. A list's ``query`` searches ``email``, ``name`` and
``memberKey``. Renaming a group's address keeps its members, aliases
and the files shared with it.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.google.directory import people, queries
from darkfactory.twins.google.directory.access import allows, authorize, in_customer, member
from darkfactory.twins.google.directory.wire import (
    body,
    check_customer,
    exists,
    not_authorized,
    not_found,
    page,
    required,
    tagged,
)
from darkfactory.twins.google.errors import bad_request
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call

SCHEMA = """
CREATE TABLE IF NOT EXISTS google_directory_groups (
    email TEXT PRIMARY KEY COLLATE NOCASE, description TEXT NOT NULL DEFAULT '',
    admin_created INTEGER NOT NULL DEFAULT 1
);
"""
RENAMED = (
    ("google_group_members", "group_email"),
    ("google_group_members", "member"),
    ("google_directory_members", "group_email"),
    ("google_directory_members", "member"),
    ("google_directory_groups", "email"),
    ("google_directory_aliases", "target"),
    ("google_drive_permissions", "email"),
)


def lookup(universe, key: str) -> dict | None:
    """The group named by ``key``: its address, an alias of it, or its id."""
    row = universe.store.one(
        "SELECT target FROM google_directory_aliases WHERE alias = ? AND kind = 'group'", (key,)
    )
    key = row["target"] if row else key
    found = universe.store.one("SELECT * FROM google_groups WHERE email = ? OR id = ?", (key, key))
    return dict(found) if found else None


def found(call: Call) -> dict:
    """The group of the path's ``groupKey``; 404 when there is none."""
    group = lookup(call.universe, call.path_params["groupKey"])
    if group is None:
        raise not_found("groupKey")
    return group


def group_json(universe, group: dict) -> dict:
    extra = universe.store.one(
        "SELECT * FROM google_directory_groups WHERE email = ?", (group["email"],)
    )
    count = universe.store.scalar(
        "SELECT COUNT(*) FROM google_group_members WHERE group_email = ?", (group["email"],)
    )
    aliases = universe.store.all(
        "SELECT alias FROM google_directory_aliases WHERE target = ? ORDER BY rowid",
        (group["email"],),
    )
    answer = {
        "kind": "admin#directory#group",
        "id": group["id"],
        "email": group["email"],
        "name": group["name"],
        "directMembersCount": str(count),
        "description": extra["description"] if extra else "",
        "adminCreated": bool(extra["admin_created"]) if extra else True,
    }
    if aliases:
        answer["aliases"] = [a["alias"] for a in aliases]
    return tagged(answer)


@operation("directory.groups.get")
def get(call: Call) -> dict:
    authorize(call, "GROUPS_RETRIEVE")
    return group_json(call.universe, found(call))


@operation("directory.groups.list")
def list_groups(call: Call) -> dict:
    principal = member(call)
    customer, domain, user_key = (call.query.get(k) for k in ("customer", "domain", "userKey"))
    if not customer and not domain and not user_key:
        raise bad_request("Bad Request")
    if customer:
        check_customer(call, customer)
    if domain and not in_customer(call.universe, domain):
        raise not_authorized()
    rows = call.universe.store.all("SELECT * FROM google_groups ORDER BY email")
    groups = [dict(r) for r in rows]
    if user_key is not None:
        who = call.twin.state.account(user_key) or lookup(call.universe, user_key)
        if who is None:
            raise not_found("userKey")
        mine = who["email"].lower() == principal.email.lower()
        if not mine and not allows(call, principal, "GROUPS_RETRIEVE"):
            raise not_authorized()
        direct = call.universe.store.all(
            "SELECT group_email FROM google_group_members WHERE member = ?", (who["email"],)
        )
        wanted = {r["group_email"].lower() for r in direct}
        groups = [g for g in groups if g["email"].lower() in wanted]
    elif not allows(call, principal, "GROUPS_RETRIEVE"):
        raise not_authorized()
    if domain:
        groups = [g for g in groups if g["email"].lower().endswith("@" + domain.lower())]
    if call.query.get("query"):
        matches = queries.matcher(call.query["query"], lambda name: _fields(call, name))
        groups = [g for g in groups if matches(g)]
    if call.query.get("sortOrder") == "DESCENDING":
        groups.reverse()
    return page(
        call,
        "admin#directory#groups",
        groups,
        key="groups",
        limit=(200, 200),
        render=lambda g: group_json(call.universe, g),
    )


def _fields(call: Call, name: str) -> queries.Values | None:
    """The values of a group's field in a ``query``: ``email`` (aliases too), ``name``, or
    ``memberKey`` (its direct members)."""
    store = call.universe.store

    def emails(group: dict) -> list[str]:
        rows = store.all(
            "SELECT alias FROM google_directory_aliases WHERE target = ?", (group["email"],)
        )
        return [group["email"], *(r["alias"] for r in rows)]

    def members(group: dict) -> list[str]:
        rows = store.all(
            "SELECT member FROM google_group_members WHERE group_email = ?", (group["email"],)
        )
        return [r["member"] for r in rows]

    return {"email": emails, "name": lambda g: [g["name"]], "memberkey": members}.get(name.lower())


@operation("directory.groups.insert")
def insert(call: Call) -> dict:
    authorize(call, "GROUPS_CREATE")
    given = body(call, "Group")
    email = (given.get("email") or "").strip().lower()
    if not email:
        raise required("email")
    local, _, domain = email.partition("@")
    if not local or not in_customer(call.universe, domain):
        raise not_authorized()
    if people.taken(call.universe, email):
        raise exists()
    group = call.twin.state.create_group(email, given.get("name") or local, [])
    call.universe.store.insert(
        "google_directory_groups",
        {"email": email, "description": given.get("description") or ""},
    )
    return group_json(call.universe, group)


@operation("directory.groups.patch")
def patch(call: Call) -> dict:
    return _change(call)


@operation("directory.groups.update")
def update(call: Call) -> dict:
    return _change(call)


def _change(call: Call) -> dict:
    authorize(call, "GROUPS_UPDATE")
    group = found(call)
    given = body(call, "Group")
    store = call.universe.store
    email = (given.get("email") or group["email"]).strip().lower()
    if email != group["email"].lower():
        local, _, domain = email.partition("@")
        if not local or not in_customer(call.universe, domain):
            raise not_authorized()
        if people.taken(call.universe, email):
            raise exists()
        _rename(call.universe, group["email"], email)
    if store.one("SELECT 1 FROM google_directory_groups WHERE email = ?", (email,)) is None:
        store.insert("google_directory_groups", {"email": email})
    if given.get("name"):
        store.execute("UPDATE google_groups SET name = ? WHERE email = ?", (given["name"], email))
    if given.get("description") is not None:
        store.execute(
            "UPDATE google_directory_groups SET description = ? WHERE email = ?",
            (given["description"], email),
        )
    return group_json(call.universe, lookup(call.universe, email))


def _rename(universe, old: str, new: str) -> None:
    """Give the group a new address everywhere its old one is written."""
    store = universe.store
    row = dict(store.one("SELECT * FROM google_groups WHERE email = ?", (old,)))
    store.insert("google_groups", row | {"email": new, "id": row["id"] + "~"})
    for table, column in RENAMED:
        store.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", (new, old))
    store.execute("DELETE FROM google_groups WHERE email = ?", (old,))
    store.execute("UPDATE google_groups SET id = ? WHERE email = ?", (row["id"], new))


@operation("directory.groups.delete")
def delete(call: Call) -> Response:
    authorize(call, "GROUPS_DELETE")
    group = found(call)
    store = call.universe.store
    for sql in (
        "DELETE FROM google_group_members WHERE member = ?",
        "DELETE FROM google_directory_members WHERE group_email = ? OR member = ?",
        "DELETE FROM google_directory_groups WHERE email = ?",
        "DELETE FROM google_directory_aliases WHERE target = ?",
        "DELETE FROM google_groups WHERE email = ?",
    ):
        store.execute(sql, (group["email"],) * sql.count("?"))
    return Response(status_code=204)


def routes() -> list[Route]:
    base = "/admin/directory/v1/groups"
    return [
        Route(base, list_groups, methods=["GET"]),
        Route(base, insert, methods=["POST"]),
        Route(base + "/{groupKey}", get, methods=["GET"]),
        Route(base + "/{groupKey}", patch, methods=["PATCH"]),
        Route(base + "/{groupKey}", update, methods=["PUT"]),
        Route(base + "/{groupKey}", delete, methods=["DELETE"]),
    ]
