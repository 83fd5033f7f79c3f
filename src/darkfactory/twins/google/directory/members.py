"""``directory.members.*``: who is in a group, with what role (``OWNER``, ``MANAGER``,
``MEMBER``).

Members are the twin's group members, so a file shared with a group is open to whoever is added
here and closed to whoever is removed. A member is a user, another group (``GROUP``; its
members belong through it, as ``hasMember`` and ``includeDerivedMembership`` count) or, for a
known address outside the customer, ``EXTERNAL``. Reading needs ``GROUPS_RETRIEVE``; changing,
``GROUPS_UPDATE``.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.google.directory import groups, people
from darkfactory.twins.google.directory.access import authorize, in_customer
from darkfactory.twins.google.directory.wire import (
    body,
    invalid,
    not_found,
    page,
    required,
    tagged,
)
from darkfactory.twins.google.errors import GoogleError
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call

SCHEMA = """
CREATE TABLE IF NOT EXISTS google_directory_members (
    group_email TEXT NOT NULL COLLATE NOCASE, member TEXT NOT NULL COLLATE NOCASE,
    role TEXT NOT NULL DEFAULT 'MEMBER', delivery TEXT NOT NULL DEFAULT 'ALL_MAIL',
    PRIMARY KEY (group_email, member)
);
"""
ROLES = ("OWNER", "MANAGER", "MEMBER")


def _principal(call: Call, key: str) -> dict | None:
    """The user or group ``key`` names (address, alias or id), as ``{"email", "id", "type"}``."""
    account = people.find(call.universe, key) or call.twin.state.account(key.lower())
    if account is not None and account["kind"] == "user":
        outside = not in_customer(call.universe, account["domain"])
        return {
            "email": account["email"],
            "id": account["id"],
            "type": "EXTERNAL" if outside else "USER",
        }
    group = groups.lookup(call.universe, key)
    if group is not None:
        return {"email": group["email"], "id": group["id"], "type": "GROUP"}
    return None


def _member_json(call: Call, group: dict, who: dict) -> dict:
    row = call.universe.store.one(
        "SELECT role, delivery FROM google_directory_members WHERE group_email = ? AND member = ?",
        (group["email"], who["email"]),
    )
    suspended = call.universe.store.one(
        "SELECT 1 FROM google_accounts WHERE email = ? AND suspended = 1", (who["email"],)
    )
    answer = {
        "kind": "admin#directory#member",
        "email": who["email"],
        "role": row["role"] if row else "MEMBER",
        "id": who["id"],
        "type": who["type"],
        "status": "SUSPENDED" if suspended else "ACTIVE",
    }
    if who["type"] != "GROUP":
        answer["delivery_settings"] = row["delivery"] if row else "ALL_MAIL"
    return tagged(answer)


def _direct(call: Call, group: dict) -> list[str]:
    rows = call.universe.store.all(
        "SELECT member FROM google_group_members WHERE group_email = ? ORDER BY rowid",
        (group["email"],),
    )
    return [r["member"] for r in rows]


def _membership(call: Call) -> tuple[dict, dict]:
    """The group of the path and its member ``memberKey``; 404 for one that is not in it."""
    group = groups.found(call)
    who = _principal(call, call.path_params["memberKey"])
    direct = {m.lower() for m in _direct(call, group)}
    if who is None or who["email"].lower() not in direct:
        raise not_found("memberKey")
    return group, who


@operation("directory.members.list")
def list_members(call: Call) -> dict:
    authorize(call, "GROUPS_RETRIEVE")
    group = groups.found(call)
    emails = _direct(call, group)
    if call.query.get("includeDerivedMembership", "").lower() == "true":
        emails = call.twin.state.members_of(group["email"])
    found = [w for w in (_principal(call, e) for e in emails) if w is not None]
    answers = [_member_json(call, group, w) for w in found]
    if call.query.get("roles"):
        wanted = {r.strip().upper() for r in call.query["roles"].split(",")}
        if not wanted <= set(ROLES):
            raise invalid("roles")
        answers = [a for a in answers if a["role"] in wanted]
    return page(call, "admin#directory#members", answers, key="members", limit=(200, 200))


@operation("directory.members.get")
def get(call: Call) -> dict:
    authorize(call, "GROUPS_RETRIEVE")
    return _member_json(call, *_membership(call))


@operation("directory.members.hasMember")
def has_member(call: Call) -> dict:
    authorize(call, "GROUPS_RETRIEVE")
    group = groups.found(call)
    who = _principal(call, call.path_params["memberKey"])
    if who is None:
        raise invalid("memberKey")
    everyone = {m.lower() for m in call.twin.state.members_of(group["email"])}
    nested = {g.lower() for g in call.twin.state.groups_of(who["email"])}
    return {"isMember": who["email"].lower() in everyone or group["email"].lower() in nested}


@operation("directory.members.insert")
def insert(call: Call) -> dict:
    authorize(call, "GROUPS_UPDATE")
    group = groups.found(call)
    given = body(call, "Member")
    key = given.get("email") or given.get("id")
    if not key:
        raise required("email")
    who = _principal(call, key)
    if who is None:
        raise not_found("memberKey")
    role = _role(given)
    if who["email"].lower() in {m.lower() for m in _direct(call, group)}:
        raise GoogleError(409, "duplicate", "Member already exists.")
    inside = {g.lower() for g in call.twin.state.groups_of(group["email"])}
    if who["email"].lower() == group["email"].lower() or who["email"].lower() in inside:
        raise invalid("memberKey")
    store = call.universe.store
    store.insert("google_group_members", {"group_email": group["email"], "member": who["email"]})
    store.insert(
        "google_directory_members",
        {
            "group_email": group["email"],
            "member": who["email"],
            "role": role,
            "delivery": given.get("delivery_settings") or "ALL_MAIL",
        },
    )
    return _member_json(call, group, who)


def _role(given: dict) -> str:
    role = (given.get("role") or "MEMBER").upper()
    if role not in ROLES:
        raise invalid("role")
    return role


@operation("directory.members.patch")
def patch(call: Call) -> dict:
    return _change(call)


@operation("directory.members.update")
def update(call: Call) -> dict:
    return _change(call)


def _change(call: Call) -> dict:
    authorize(call, "GROUPS_UPDATE")
    group, who = _membership(call)
    given = body(call, "Member")
    current = _member_json(call, group, who)
    store = call.universe.store
    store.execute(
        "DELETE FROM google_directory_members WHERE group_email = ? AND member = ?",
        (group["email"], who["email"]),
    )
    store.insert(
        "google_directory_members",
        {
            "group_email": group["email"],
            "member": who["email"],
            "role": _role(given) if given.get("role") else current["role"],
            "delivery": given.get("delivery_settings")
            or current.get("delivery_settings", "ALL_MAIL"),
        },
    )
    return _member_json(call, group, who)


@operation("directory.members.delete")
def delete(call: Call) -> Response:
    authorize(call, "GROUPS_UPDATE")
    group, who = _membership(call)
    for table, column in (
        ("google_group_members", "group_email"),
        ("google_directory_members", "group_email"),
    ):
        call.universe.store.execute(
            f"DELETE FROM {table} WHERE {column} = ? AND member = ?", (group["email"], who["email"])
        )
    return Response(status_code=204)


def routes() -> list[Route]:
    base = "/admin/directory/v1/groups/{groupKey}"
    return [
        Route(base + "/members", list_members, methods=["GET"]),
        Route(base + "/members", insert, methods=["POST"]),
        Route(base + "/members/{memberKey}", get, methods=["GET"]),
        Route(base + "/members/{memberKey}", patch, methods=["PATCH"]),
        Route(base + "/members/{memberKey}", update, methods=["PUT"]),
        Route(base + "/members/{memberKey}", delete, methods=["DELETE"]),
        Route(base + "/hasMember/{memberKey}", has_member, methods=["GET"]),
    ]
