"""``directory.users.insert``, ``patch`` and ``update``: making and changing the domain's users.

A new user needs a primary email of the customer's domain, a given and a family name and a
password of at least eight characters; it becomes an account that can sign in. Changes need
``USERS_UPDATE`` over the user's unit (and ``USERS_SUSPEND`` to suspend, ``USERS_MOVE`` to
change units); only a super administrator changes a super administrator. As Google documents,
``update`` has patch semantics: fields left out keep their values. A suspended user can get no
token and its tokens stop working until it is unsuspended (see ``oauth``).
"""

from __future__ import annotations

import json

from starlette.routing import Route

from darkfactory.twins.google import signin
from darkfactory.twins.google.auth import require
from darkfactory.twins.google.directory import orgunits, people, schemas, watch
from darkfactory.twins.google.directory.access import allows, in_customer, is_super_admin
from darkfactory.twins.google.directory.users import render, target
from darkfactory.twins.google.directory.wire import (
    body,
    exists,
    invalid,
    not_authorized,
    required,
)
from darkfactory.twins.google.errors import GoogleError
from darkfactory.twins.google.principal import Principal
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call

FLAGS = {
    "suspended": "suspended",
    "archived": "archived",
    "changePasswordAtNextLogin": "change_password",
    "includeInGlobalAddressList": "include_gal",
}


def _password(given: dict) -> str | None:
    password = given.get("password")
    if password is None:
        return None
    if given.get("hashFunction") is None and len(password) < 8:
        raise GoogleError(400, "invalid", "Invalid Password")
    return people.hashed(password)


def _unit(call: Call, given: dict) -> str | None:
    key = given.get("orgUnitPath")
    if key is None:
        return None
    found = orgunits.unit(call.universe, key)
    if found is None:
        raise invalid("INVALID_OU_ID")
    return found["path"]


def _bad_name(field: str) -> GoogleError:
    label = field[0].upper() + field[1:]
    return GoogleError(400, "invalid", f"Invalid Given/Family Name: {label}")


def _apply(call: Call, rec: dict, given: dict) -> dict:
    """The record with the body's fields applied."""
    name = given.get("name") or {}
    for field, column in (("givenName", "given"), ("familyName", "family")):
        if field in name:
            if not (name[field] or "").strip():
                raise _bad_name(field)
            rec[column] = name[field].strip()
    for field, column in FLAGS.items():
        if given.get(field) is not None:
            rec[column] = int(given[field])
    if "suspended" in given:
        rec["suspension_reason"] = people.SUSPENDED_BY_ADMIN if given["suspended"] else None
    rec["org_unit_path"] = _unit(call, given) or rec["org_unit_path"]
    rec["password"] = _password(given) or rec["password"]
    details = json.loads(rec["details"])
    for field in people.DETAILS:
        if field in given:
            if given[field] is None:
                details.pop(field, None)
            else:
                details[field] = given[field]
    rec["details"] = json.dumps(details)
    if given.get("customSchemas"):
        current = json.loads(rec["custom"])
        rec["custom"] = json.dumps(
            schemas.merge_values(call.universe, current, given["customSchemas"])
        )
    return rec


@operation("directory.users.insert")
def insert(call: Call) -> dict:
    principal = require(call)
    given = body(call, "User")
    if not allows(call, principal, "USERS_CREATE", _unit(call, given) or "/"):
        raise not_authorized()
    email = (given.get("primaryEmail") or "").strip().lower()
    if not email:
        raise required("primaryEmail")
    local, _, domain = email.partition("@")
    if not local or not in_customer(call.universe, domain):
        raise GoogleError(400, "notFound", "Domain not found.")
    name = given.get("name") or {}
    for field in ("givenName", "familyName"):
        if not (name.get(field) or "").strip():
            raise _bad_name(field)
    if not given.get("password"):
        raise GoogleError(400, "invalid", "Invalid Password")
    if people.taken(call.universe, email):
        raise exists()
    state = call.twin.state
    rec = _apply(call, people.record(call.universe, email), given)
    account = state.create_account(email, f"{rec['given']} {rec['family']}")
    people.save(call.universe, rec)
    _signs_in_with(call, email, given)
    watch.emit(call, "add", account)
    return render(call, principal, state.account(account["email"]), True)


@operation("directory.users.patch")
def patch(call: Call) -> dict:
    return _change(call)


@operation("directory.users.update")
def update(call: Call) -> dict:
    return _change(call)


def _change(call: Call) -> dict:
    principal = require(call)
    account = target(call, principal)
    given = body(call, "User")
    rec = people.record(call.universe, account["email"])
    _may_change(call, principal, account, rec, given)
    if given.get("primaryEmail") and given["primaryEmail"].lower() != account["email"].lower():
        raise invalid("primaryEmail")
    people.save(call.universe, _apply(call, rec, given))
    _signs_in_with(call, account["email"], given)
    watch.emit(call, "update", account)
    return render(call, principal, call.twin.state.account(account["email"]), True)


def _signs_in_with(call: Call, email: str, given: dict) -> None:
    """A password given in clear becomes the one the account signs in to Google with (a hashed
    one cannot be typed at the sign-in page)."""
    if given.get("password") and given.get("hashFunction") is None:
        signin.set_password(call.universe.store, email, given["password"])


def _may_change(call: Call, principal: Principal, account: dict, rec: dict, given: dict) -> None:
    """Refuse a change the caller's privileges do not cover."""
    unit = rec["org_unit_path"]
    needed = ["USERS_UPDATE"]
    if given.get("suspended") is not None:
        needed.append("USERS_SUSPEND")
    if given.get("orgUnitPath") is not None:
        needed.append("USERS_MOVE")
    if given.get("password") is not None:
        needed.append("USERS_RESET_PASSWORD")
    if account["admin"] and not is_super_admin(call, principal):
        raise not_authorized()
    if not all(allows(call, principal, privilege, unit) for privilege in needed):
        raise not_authorized()
    moved_to = _unit(call, given)
    if moved_to is not None and not allows(call, principal, "USERS_MOVE", moved_to):
        raise not_authorized()


def routes() -> list[Route]:
    return [
        Route("/admin/directory/v1/users", insert, methods=["POST"]),
        Route("/admin/directory/v1/users/{userKey}", patch, methods=["PATCH"]),
        Route("/admin/directory/v1/users/{userKey}", update, methods=["PUT"]),
    ]
