"""``directory.users.delete``, ``undelete``, ``makeAdmin`` and ``signOut``: a user's life as an
account.

Deleting a user (``USERS_DELETE``; a super administrator only by another) removes its account,
aliases, memberships and roles and revokes its tokens, so it can no longer sign in or get a
token; it is kept, by id, for ``undelete``, which brings the account back (without its old
memberships) unless its address was taken since. ``makeAdmin`` (super administrators only)
makes a user a super administrator or no longer one. ``signOut`` (``USERS_UPDATE``) ends the
user's browser sessions, so their next visit asks for the password again; their apps' OAuth
tokens live on.
"""

from __future__ import annotations

import json

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.google.auth import require
from darkfactory.twins.google.directory import admin_roles, orgunits, people, watch
from darkfactory.twins.google.directory.access import allows, holds, is_super_admin, super_admin
from darkfactory.twins.google.directory.users import target, unit_of
from darkfactory.twins.google.directory.wire import (
    body,
    exists,
    invalid,
    not_authorized,
    not_found,
    required,
)
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call


@operation("directory.users.delete")
def delete(call: Call) -> Response:
    principal = require(call)
    account = target(call, principal)
    if not allows(call, principal, "USERS_DELETE", unit_of(call, account)):
        raise not_authorized()
    if account["admin"] and not is_super_admin(call, principal):
        raise not_authorized()
    if account["email"].lower() == principal.email.lower():
        raise invalid("Cannot delete self")
    store, email = call.universe.store, account["email"]
    store.insert(
        "google_directory_deleted",
        {
            "id": account["id"],
            "email": email,
            "account": json.dumps(account),
            "record": json.dumps(people.record(call.universe, email)),
            "deleted": call.universe.clock.now(),
        },
    )
    for sql in (
        "DELETE FROM google_directory_users WHERE email = ?",
        "DELETE FROM google_directory_aliases WHERE target = ?",
        "DELETE FROM google_group_members WHERE member = ?",
        "DELETE FROM google_directory_photos WHERE email = ?",
    ):
        store.execute(sql, (email,))
    store.execute(
        "DELETE FROM google_directory_role_assignments WHERE assigned_to = ?", (account["id"],)
    )
    store.execute("DELETE FROM google_accounts WHERE email = ?", (email,))
    call.universe.tokens.revoke_principal("google", email)
    watch.emit(call, "delete", account)
    return Response(status_code=204)


@operation("directory.users.undelete")
def undelete(call: Call) -> Response:
    principal = require(call)
    if not holds(call, principal, "USERS_CREATE"):
        raise not_authorized()
    row = call.universe.store.one(
        "SELECT * FROM google_directory_deleted WHERE id = ?", (call.path_params["userKey"],)
    )
    if row is None:
        raise not_found("userKey")
    given = body(call, "UserUndelete")
    unit = orgunits.unit(call.universe, given.get("orgUnitPath") or "/")
    if unit is None:
        raise invalid("INVALID_OU_ID")
    if not allows(call, principal, "USERS_CREATE", unit["path"]):
        raise not_authorized()
    if people.taken(call.universe, row["email"]):
        raise exists()
    account = json.loads(row["account"]) | {"admin": 0}
    call.universe.store.insert("google_accounts", account)
    people.save(call.universe, json.loads(row["record"]) | {"org_unit_path": unit["path"]})
    call.universe.store.execute("DELETE FROM google_directory_deleted WHERE id = ?", (row["id"],))
    watch.emit(call, "undelete", account)
    return Response(status_code=204)


@operation("directory.users.makeAdmin")
def make_admin(call: Call) -> Response:
    principal = super_admin(call)
    account = target(call, principal)
    given = body(call, "UserMakeAdmin")
    if given.get("status") is None:
        raise required("status")
    admin_roles.set_super_admin(call.universe, account["id"], given["status"])
    watch.emit(call, "makeAdmin", account)
    return Response(status_code=204)


@operation("directory.users.signOut")
def sign_out(call: Call) -> Response:
    principal = require(call)
    account = target(call, principal)
    if not allows(call, principal, "USERS_UPDATE", unit_of(call, account)):
        raise not_authorized()
    if account["admin"] and not is_super_admin(call, principal):
        raise not_authorized()
    tokens = call.universe.tokens
    for session in tokens.of("google", account["email"], "session"):
        tokens.revoke("google", session.token)
    return Response(status_code=204)


def routes() -> list[Route]:
    return [
        Route("/admin/directory/v1/users/{userKey}", delete, methods=["DELETE"]),
        Route("/admin/directory/v1/users/{userKey}/undelete", undelete, methods=["POST"]),
        Route("/admin/directory/v1/users/{userKey}/makeAdmin", make_admin, methods=["POST"]),
        Route("/admin/directory/v1/users/{userKey}/signOut", sign_out, methods=["POST"]),
    ]
