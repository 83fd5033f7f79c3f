"""``directory.customers.get``, ``patch`` and ``update``: the customer's account (``my_customer``
or its id): its domain, contact address, phone, postal address and language.

Administrators read it; super administrators change it. ``patch`` changes the fields given;
``update`` replaces the editable ones, clearing those left out.
"""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.google.api import timestamp
from darkfactory.twins.google.directory.access import administrator, super_admin
from darkfactory.twins.google.directory.wire import body, check_customer, customer_id, tagged
from darkfactory.twins.google.fixtures import ADMIN, DOMAIN
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call

SETTING = "google.directory.customer"
EDITABLE = ("alternateEmail", "phoneNumber", "postalAddress", "language")
DEFAULTS = {"alternateEmail": ADMIN, "language": "en"}


def _customer_json(call: Call) -> dict:
    fields = call.universe.store.setting(SETTING, DEFAULTS)
    created = call.universe.store.scalar("SELECT MIN(created) FROM google_accounts")
    return tagged(
        {
            "kind": "admin#directory#customer",
            "id": customer_id(call.universe),
            "customerDomain": DOMAIN,
            "customerCreationTime": timestamp(created),
            **{k: v for k, v in fields.items() if v is not None},
        }
    )


@operation("directory.customers.get")
def get(call: Call) -> dict:
    administrator(call)
    check_customer(call, call.path_params["customerKey"])
    return _customer_json(call)


def _write(call: Call, replace: bool) -> dict:
    super_admin(call)
    check_customer(call, call.path_params["customerKey"])
    given = body(call, "Customer")
    fields = {} if replace else dict(call.universe.store.setting(SETTING, DEFAULTS))
    fields |= {k: given[k] for k in EDITABLE if k in given}
    call.universe.store.set_setting(SETTING, fields)
    return _customer_json(call)


@operation("directory.customers.patch")
def patch(call: Call) -> dict:
    return _write(call, replace=False)


@operation("directory.customers.update")
def update(call: Call) -> dict:
    return _write(call, replace=True)


def routes() -> list[Route]:
    path = "/admin/directory/v1/customers/{customerKey}"
    return [
        Route(path, get, methods=["GET"]),
        Route(path, patch, methods=["PATCH"]),
        Route(path, update, methods=["PUT"]),
    ]
