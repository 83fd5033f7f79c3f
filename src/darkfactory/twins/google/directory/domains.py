"""``directory.domains.*`` and ``directory.domainAliases.*``: the customer's domains.

The primary domain (the seeded ``example.com``) cannot be deleted; a secondary domain or an
alias of one can, while no user lives in it. Administrators read them; super administrators
change them. Users, groups and aliases may take addresses only in these domains
(``access.in_customer``).
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.google.directory.access import administrator, super_admin
from darkfactory.twins.google.directory.wire import (
    body,
    check_customer,
    exists,
    invalid,
    not_found,
    required,
    tagged,
)
from darkfactory.twins.google.fixtures import DOMAIN
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call

SCHEMA = """
CREATE TABLE IF NOT EXISTS google_directory_domains (
    name TEXT PRIMARY KEY COLLATE NOCASE, parent TEXT COLLATE NOCASE, created REAL NOT NULL
);
"""


def seed(universe) -> None:
    universe.store.insert(
        "google_directory_domains",
        {"name": DOMAIN, "parent": None, "created": universe.clock.now()},
    )


def _row(universe, name: str) -> dict | None:
    row = universe.store.one("SELECT * FROM google_directory_domains WHERE name = ?", (name,))
    return dict(row) if row else None


def _millis(created: float) -> str:
    return str(int(created * 1000))


def _alias_json(row: dict) -> dict:
    return tagged(
        {
            "kind": "admin#directory#domainAlias",
            "domainAliasName": row["name"],
            "parentDomainName": row["parent"],
            "verified": True,
            "creationTime": _millis(row["created"]),
        }
    )


def _domain_json(universe, row: dict) -> dict:
    aliases = universe.store.all(
        "SELECT * FROM google_directory_domains WHERE parent = ? ORDER BY rowid", (row["name"],)
    )
    found = {
        "kind": "admin#directory#domain",
        "domainName": row["name"],
        "isPrimary": row["name"].lower() == DOMAIN,
        "verified": True,
        "creationTime": _millis(row["created"]),
    }
    if aliases:
        found["domainAliases"] = [_alias_json(dict(a)) for a in aliases]
    return tagged(found)


def _named(call: Call, param: str, alias: bool) -> dict:
    check_customer(call, call.path_params["customer"])
    row = _row(call.universe, call.path_params[param])
    if row is None or (row["parent"] is not None) != alias:
        raise not_found(param)
    return row


def _add(call: Call, name: str | None, parent: str | None) -> dict:
    if not name:
        raise required("domainAliasName" if parent else "domainName")
    if "." not in name or "@" in name:
        raise invalid("domainName")
    if _row(call.universe, name) is not None:
        raise exists()
    row = {"name": name.lower(), "parent": parent, "created": call.universe.clock.now()}
    call.universe.store.insert("google_directory_domains", row)
    return row


def _remove(call: Call, row: dict) -> Response:
    if row["name"].lower() == DOMAIN:
        raise invalid("Cannot delete the primary domain")
    people = [a for a in call.twin.state.accounts() if a["domain"].lower() == row["name"].lower()]
    if people:
        raise invalid(f"Domain {row['name']} has users")
    call.universe.store.execute(
        "DELETE FROM google_directory_domains WHERE name = ? OR parent = ?",
        (row["name"], row["name"]),
    )
    return Response(status_code=204)


@operation("directory.domains.list")
def list_domains(call: Call) -> dict:
    administrator(call)
    check_customer(call, call.path_params["customer"])
    rows = call.universe.store.all(
        "SELECT * FROM google_directory_domains WHERE parent IS NULL ORDER BY rowid"
    )
    domains = [_domain_json(call.universe, dict(r)) for r in rows]
    return tagged({"kind": "admin#directory#domains", "domains": domains})


@operation("directory.domains.get")
def get(call: Call) -> dict:
    administrator(call)
    return _domain_json(call.universe, _named(call, "domainName", alias=False))


@operation("directory.domains.insert")
def insert(call: Call) -> dict:
    super_admin(call)
    check_customer(call, call.path_params["customer"])
    given = body(call, "Domains")
    return _domain_json(call.universe, _add(call, given.get("domainName"), None))


@operation("directory.domains.delete")
def delete(call: Call) -> Response:
    super_admin(call)
    return _remove(call, _named(call, "domainName", alias=False))


@operation("directory.domainAliases.list")
def list_aliases(call: Call) -> dict:
    administrator(call)
    check_customer(call, call.path_params["customer"])
    parent = call.query.get("parentDomainName")
    rows = call.universe.store.all(
        "SELECT * FROM google_directory_domains WHERE parent IS NOT NULL "
        "AND (? IS NULL OR parent = ?) ORDER BY rowid",
        (parent, parent),
    )
    aliases = [_alias_json(dict(r)) for r in rows]
    return tagged({"kind": "admin#directory#domainAliases", "domainAliases": aliases})


@operation("directory.domainAliases.get")
def get_alias(call: Call) -> dict:
    administrator(call)
    return _alias_json(_named(call, "domainAliasName", alias=True))


@operation("directory.domainAliases.insert")
def insert_alias(call: Call) -> dict:
    super_admin(call)
    check_customer(call, call.path_params["customer"])
    given = body(call, "DomainAlias")
    parent = _row(call.universe, given.get("parentDomainName") or "")
    if parent is None or parent["parent"] is not None:
        raise invalid("parentDomainName")
    return _alias_json(_add(call, given.get("domainAliasName"), parent["name"]))


@operation("directory.domainAliases.delete")
def delete_alias(call: Call) -> Response:
    super_admin(call)
    return _remove(call, _named(call, "domainAliasName", alias=True))


def routes() -> list[Route]:
    base = "/admin/directory/v1/customer/{customer}"
    return [
        Route(base + "/domains", list_domains, methods=["GET"]),
        Route(base + "/domains", insert, methods=["POST"]),
        Route(base + "/domains/{domainName}", get, methods=["GET"]),
        Route(base + "/domains/{domainName}", delete, methods=["DELETE"]),
        Route(base + "/domainaliases", list_aliases, methods=["GET"]),
        Route(base + "/domainaliases", insert_alias, methods=["POST"]),
        Route(base + "/domainaliases/{domainAliasName}", get_alias, methods=["GET"]),
        Route(base + "/domainaliases/{domainAliasName}", delete_alias, methods=["DELETE"]),
    ]
