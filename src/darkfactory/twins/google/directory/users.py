"""``directory.users.get`` and ``directory.users.list``: the domain's people as the Admin SDK
shows them.

The administrator's view (``viewType=admin_view``, the default) is for the domain's
administrators; anyone of the domain may ask for the public view (``domain_public``): names,
addresses, organizations and relations. A token needs one of the Directory's user scopes.
Someone outside the domain, or a non-administrator asking for the administrator's view, is told
``Not Authorized to access this resource/api``.
"""

from __future__ import annotations

import base64
import hashlib
import json

from starlette.routing import Route

from darkfactory.twins.google.api import integer, timestamp
from darkfactory.twins.google.auth import require
from darkfactory.twins.google.errors import GoogleError, bad_request, forbidden, invalid_parameter
from darkfactory.twins.google.principal import Principal
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.ids import LOWER_ALNUM
from darkfactory.twins.kit.operation import Call

NOT_AUTHORIZED = "Not Authorized to access this resource/api"
PUBLIC = ("kind", "id", "etag", "primaryEmail", "name", "emails", "organizations", "relations")
ORDER = {"email": "email", "givenName": "given", "familyName": "family"}


def _choice(call: Call, name: str, allowed: tuple[str, ...], default: str) -> str:
    value = call.query.get(name, default)
    if value not in allowed:
        raise invalid_parameter(name, f"Invalid value '{value}' for {name}")
    return value


def _viewer(call: Call) -> tuple[Principal, bool]:
    """The caller, and whether it asks for (and may have) the administrator's view."""
    principal = require(call)
    admin_view = _choice(call, "viewType", ("admin_view", "domain_public"), "admin_view")
    _choice(call, "projection", ("basic", "custom", "full"), "basic")
    account = call.twin.state.account(principal.email) or {}
    if admin_view == "admin_view" and not account.get("admin"):
        raise forbidden(NOT_AUTHORIZED)
    return principal, admin_view == "admin_view"


def customer_id(call: Call) -> str:
    return "C0" + call.universe.ids.derive("google.customer", 7, LOWER_ALNUM)


def _user(call: Call, account: dict, admin_view: bool) -> dict:
    profile = call.universe.store.one(
        "SELECT * FROM google_directory_profiles WHERE email = ?", (account["email"],)
    )
    given, _, family = account["name"].partition(" ")
    user = {
        "kind": "admin#directory#user",
        "id": account["id"],
        "primaryEmail": account["email"],
        "name": {"givenName": given, "familyName": family, "fullName": account["name"]},
        "isAdmin": bool(account["admin"]),
        "isDelegatedAdmin": False,
        "lastLoginTime": "1970-01-01T00:00:00.000Z",
        "creationTime": timestamp(account["created"]),
        "agreedToTerms": True,
        "suspended": False,
        "archived": False,
        "changePasswordAtNextLogin": False,
        "ipWhitelisted": False,
        "emails": [{"address": account["email"], "primary": True}],
        "customerId": customer_id(call),
        "orgUnitPath": "/",
        "isMailboxSetup": True,
        "isEnrolledIn2Sv": False,
        "isEnforcedIn2Sv": False,
        "includeInGlobalAddressList": True,
    }
    if profile is not None:
        user["organizations"] = [
            {
                "title": profile["title"],
                "department": profile["department"],
                "primary": True,
                "customType": "",
            }
        ]
        if profile["manager"]:
            user["relations"] = [{"value": profile["manager"], "type": "manager"}]
    if not admin_view:
        user = {k: v for k, v in user.items() if k in PUBLIC}
    user["etag"] = '"' + hashlib.sha1(json.dumps(user, sort_keys=True).encode()).hexdigest() + '"'
    return user


def _people(call: Call, domain: str) -> list[dict]:
    return [a for a in call.twin.state.accounts("user") if a["domain"].lower() == domain.lower()]


@operation("directory.users.get")
def get(call: Call) -> dict:
    principal, admin_view = _viewer(call)
    key = call.path_params["userKey"]
    account = next(
        (a for a in _people(call, principal.domain) if key.lower() in (a["email"], a["id"])),
        None,
    )
    if account is None:
        outsider = call.twin.state.account(key.lower())
        if outsider is not None and outsider["kind"] == "user":
            raise forbidden(NOT_AUTHORIZED)
        raise GoogleError(404, "notFound", "Resource Not Found: userKey")
    return _user(call, account, admin_view)


@operation("directory.users.list")
def list_users(call: Call) -> dict:
    principal, admin_view = _viewer(call)
    customer, domain = call.query.get("customer"), call.query.get("domain")
    if not customer and not domain:
        raise bad_request("Bad Request")
    if customer not in (None, "my_customer", customer_id(call)):
        raise forbidden(NOT_AUTHORIZED)
    if domain is not None and domain.lower() != principal.domain.lower():
        raise forbidden(NOT_AUTHORIZED)
    if call.query.get("query"):
        raise invalid_parameter("query", "Invalid Input")
    order = ORDER[_choice(call, "orderBy", tuple(ORDER), "email")]
    descending = _choice(call, "sortOrder", ("ASCENDING", "DESCENDING"), "ASCENDING")
    size = integer(call, "maxResults", 100, 1, 500)
    people = [_user(call, a, admin_view) for a in _people(call, principal.domain)]
    keys = {
        "email": lambda u: u["primaryEmail"],
        "given": lambda u: (u["name"]["givenName"], u["primaryEmail"]),
        "family": lambda u: (u["name"]["familyName"], u["primaryEmail"]),
    }
    people.sort(key=keys[order], reverse=descending == "DESCENDING")
    start = _offset(call.query.get("pageToken"))
    page = people[start : start + size]
    answer = {"kind": "admin#directory#users", "etag": f'"{len(people)}"', "users": page}
    if start + size < len(people):
        answer["nextPageToken"] = base64.urlsafe_b64encode(str(start + size).encode()).decode()
    return answer


def _offset(token: str | None) -> int:
    if not token:
        return 0
    try:
        return int(base64.urlsafe_b64decode(token.encode()).decode())
    except ValueError:
        raise invalid_parameter("pageToken", "Invalid Input: pageToken") from None


def routes() -> list[Route]:
    return [
        Route("/admin/directory/v1/users", list_users, methods=["GET"]),
        Route("/admin/directory/v1/users/{userKey}", get, methods=["GET"]),
    ]
