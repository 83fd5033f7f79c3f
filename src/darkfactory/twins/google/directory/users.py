"""``directory.users.get`` and ``directory.users.list``: the domain's people as the Admin SDK
shows them.

The administrator's view (``viewType=admin_view``, the default) is for administrators who may
retrieve users (``USERS_RETRIEVE``, over the whole customer or the user's unit); anyone of the
domain may ask for the public view (``domain_public``): names, addresses, organizations and
relations. A token needs one of the Directory's user scopes. Someone outside the domain, or a
user without the privilege asking for the administrator's view, is told ``Not Authorized to
access this resource/api``. ``showDeleted=true`` lists the deleted users instead, for
administrators. ``projection=full`` (or ``custom`` with ``customFieldMask``) adds
the custom schema values the viewer may read.
"""

from __future__ import annotations

import json

from starlette.routing import Route

from darkfactory.twins.google.api import flag
from darkfactory.twins.google.directory import people, schemas, user_query
from darkfactory.twins.google.directory.access import allows, in_customer, member
from darkfactory.twins.google.directory.wire import (
    check_customer,
    invalid,
    not_authorized,
    not_found,
    page,
)
from darkfactory.twins.google.errors import bad_request, invalid_parameter
from darkfactory.twins.google.principal import Principal
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call

ORDER = {
    "email": lambda u: u["primaryEmail"],
    "givenName": lambda u: (u["name"]["givenName"], u["primaryEmail"]),
    "familyName": lambda u: (u["name"]["familyName"], u["primaryEmail"]),
}


def _choice(call: Call, name: str, allowed: tuple[str, ...], default: str) -> str:
    value = call.query.get(name, default)
    if value not in allowed:
        raise invalid_parameter(name, f"Invalid value '{value}' for {name}")
    return value


def _admin_view(call: Call) -> bool:
    return _choice(call, "viewType", ("admin_view", "domain_public"), "admin_view") == "admin_view"


def _wanted_schemas(call: Call) -> set[str] | None:
    """The custom schemas to show: all (None), those of ``customFieldMask``, or none."""
    projection = _choice(call, "projection", ("basic", "custom", "full"), "basic")
    if projection == "full":
        return None
    if projection == "custom":
        mask = call.query.get("customFieldMask")
        if not mask:
            raise invalid("customFieldMask")
        return set(mask.split(","))
    return set()


def render(call: Call, principal: Principal, account: dict, admin_view: bool) -> dict:
    """A user as ``principal`` sees it in the view asked for."""
    wanted = _wanted_schemas(call)
    values = json.loads(people.record(call.universe, account["email"])["custom"])
    private = admin_view or account["email"].lower() == principal.email.lower()
    custom = schemas.shown_values(call.universe, values, wanted, private) if wanted != set() else {}
    return people.user_json(call.universe, account, admin_view, custom)


def target(call: Call, principal: Principal, key: str | None = None) -> dict:
    """The user of the caller's domain the path's ``userKey`` names; 403 for a user of another
    domain, 404 for nobody."""
    key = key if key is not None else call.path_params["userKey"]
    account = people.find(call.universe, key)
    if account is None:
        outsider = call.twin.state.account(key.lower())
        if outsider is not None and outsider["kind"] == "user":
            raise not_authorized()
        raise not_found("userKey")
    return account


def unit_of(call: Call, account: dict) -> str:
    return people.record(call.universe, account["email"])["org_unit_path"]


def subject(call: Call, privilege: str) -> dict:
    """The user of the path, if the caller holds ``privilege`` over it."""
    principal = member(call)
    account = target(call, principal)
    if not allows(call, principal, privilege, unit_of(call, account)):
        raise not_authorized()
    return account


@operation("directory.users.get")
def get(call: Call) -> dict:
    principal = member(call)
    admin_view = _admin_view(call)
    account = target(call, principal)
    if admin_view and not allows(call, principal, "USERS_RETRIEVE", unit_of(call, account)):
        raise not_authorized()
    return render(call, principal, account, admin_view)


@operation("directory.users.list")
def list_users(call: Call) -> dict:
    principal = member(call)
    admin_view = _admin_view(call)
    customer, domain = call.query.get("customer"), call.query.get("domain")
    if not customer and not domain:
        raise bad_request("Bad Request")
    if customer:
        check_customer(call, customer)
    if domain is not None and not in_customer(call.universe, domain):
        raise not_authorized()
    accounts = [
        a
        for a in people.customer_people(call.universe)
        if domain is None or a["domain"].lower() == domain.lower()
    ]
    if admin_view:
        accounts = [
            a for a in accounts if allows(call, principal, "USERS_RETRIEVE", unit_of(call, a))
        ]
        if not accounts:
            raise not_authorized()
    order = ORDER[_choice(call, "orderBy", tuple(ORDER), "email")]
    descending = _choice(call, "sortOrder", ("ASCENDING", "DESCENDING"), "ASCENDING")
    users = [render(call, principal, a, admin_view) for a in accounts]
    if flag(call, "showDeleted"):
        if not admin_view:
            raise not_authorized()
        users = people.deleted(call.universe)
    if call.query.get("query"):
        matches = user_query.matcher(call.query["query"])
        users = [u for u in users if matches(u)]
    users.sort(key=order, reverse=descending == "DESCENDING")
    return page(call, "admin#directory#users", users, key="users")


def routes() -> list[Route]:
    return [
        Route("/admin/directory/v1/users", list_users, methods=["GET"]),
        Route("/admin/directory/v1/users/{userKey}", get, methods=["GET"]),
    ]
