"""``directory.orgunits.*``: the customer's tree of organizational units, from ``/`` down.

A unit is known by its path (``/Sales/East``, given without the leading slash in the URL) or
``id:`` and its id. Renaming or moving a unit moves everything below it, users included; a unit
with users or units in it cannot be deleted. Units hold users, and role assignments may be
scoped to one (see ``access``): such an assignment's unit privileges reach that unit and those
below it.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.google.auth import require
from darkfactory.twins.google.directory.access import allows, holds
from darkfactory.twins.google.directory.wire import (
    body,
    check_customer,
    exists,
    invalid,
    not_authorized,
    required,
    tagged,
)
from darkfactory.twins.google.errors import GoogleError
from darkfactory.twins.google.principal import Principal
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.ids import LOWER_ALNUM
from darkfactory.twins.kit.operation import Call

SCHEMA = """
CREATE TABLE IF NOT EXISTS google_directory_orgunits (
    id TEXT PRIMARY KEY, path TEXT NOT NULL UNIQUE COLLATE NOCASE, name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '', block_inheritance INTEGER NOT NULL DEFAULT 0
);
"""


def _new_id(universe) -> str:
    return "03" + universe.ids.token("google.directory.orgunit", 13, LOWER_ALNUM)


def seed(universe) -> None:
    """The root unit, ``/``."""
    universe.store.insert(
        "google_directory_orgunits", {"id": _new_id(universe), "path": "/", "name": "example.com"}
    )


def not_found() -> GoogleError:
    return GoogleError(404, "notFound", "Org unit not found")


def unit(universe, key: str) -> dict | None:
    """The unit at a path (with or without its leading slash) or ``id:``-named."""
    if key.startswith("id:"):
        row = universe.store.one("SELECT * FROM google_directory_orgunits WHERE id = ?", (key[3:],))
    else:
        path = "/" + key.strip("/")
        row = universe.store.one("SELECT * FROM google_directory_orgunits WHERE path = ?", (path,))
    return dict(row) if row else None


def _parent_path(path: str) -> str:
    return path.rsplit("/", 1)[0] or "/"


def _unit_json(universe, row: dict) -> dict:
    found = {
        "kind": "admin#directory#orgUnit",
        "name": row["name"],
        "description": row["description"],
        "orgUnitPath": row["path"],
        "orgUnitId": f"id:{row['id']}",
        "blockInheritance": bool(row["block_inheritance"]),
    }
    if row["path"] != "/":
        parent = unit(universe, _parent_path(row["path"]))
        found |= {"parentOrgUnitPath": parent["path"], "parentOrgUnitId": f"id:{parent['id']}"}
    return tagged(found)


def _caller(call: Call, privilege: str) -> Principal:
    """The caller, if it holds ``privilege`` over some unit at least (see ``_over``)."""
    principal = require(call)
    if not holds(call, principal, privilege):
        raise not_authorized()
    return principal


def _over(call: Call, principal: Principal, privilege: str, path: str) -> None:
    """Refuse a caller whose ``privilege`` does not reach the unit at ``path``."""
    if not allows(call, principal, privilege, path):
        raise not_authorized()


def _path_unit(call: Call) -> dict:
    check_customer(call, call.path_params["customerId"])
    found = unit(call.universe, call.path_params["orgUnitPath"])
    if found is None:
        raise not_found()
    return found


def _below(universe, path: str) -> list[dict]:
    prefix = "/" if path == "/" else path + "/"
    rows = universe.store.all(
        "SELECT * FROM google_directory_orgunits WHERE path LIKE ? ESCAPE '\\' AND path != ? "
        "ORDER BY path",
        (prefix.replace("%", "\\%").replace("_", "\\_") + "%", path),
    )
    return [dict(r) for r in rows]


@operation("directory.orgunits.get")
def get(call: Call) -> dict:
    principal = _caller(call, "ORGANIZATION_UNITS_RETRIEVE")
    found = _path_unit(call)
    _over(call, principal, "ORGANIZATION_UNITS_RETRIEVE", found["path"])
    return _unit_json(call.universe, found)


@operation("directory.orgunits.list")
def list_units(call: Call) -> dict:
    principal = _caller(call, "ORGANIZATION_UNITS_RETRIEVE")
    check_customer(call, call.path_params["customerId"])
    kind = call.query.get("type", "children")
    if kind not in ("all", "children", "allIncludingParent"):
        raise invalid("type")
    top = unit(call.universe, call.query.get("orgUnitPath", "/"))
    if top is None:
        raise not_found()
    _over(call, principal, "ORGANIZATION_UNITS_RETRIEVE", top["path"])
    units = _below(call.universe, top["path"])
    if kind == "children":
        units = [u for u in units if _parent_path(u["path"]) == top["path"]]
    if kind == "allIncludingParent":
        units = [top, *units]
    answer = {"kind": "admin#directory#orgUnits"}
    if units:
        answer["organizationUnits"] = [_unit_json(call.universe, u) for u in units]
    return tagged(answer)


@operation("directory.orgunits.insert")
def insert(call: Call) -> dict:
    principal = _caller(call, "ORGANIZATION_UNITS_CREATE")
    check_customer(call, call.path_params["customerId"])
    given = body(call, "OrgUnit")
    name = (given.get("name") or "").strip()
    if not name:
        raise required("name")
    parent = _parent(call, given)
    if parent is None:
        raise required("parentOrgUnitPath")
    _over(call, principal, "ORGANIZATION_UNITS_CREATE", parent["path"])
    path = parent["path"].rstrip("/") + "/" + name
    if unit(call.universe, path) is not None:
        raise exists()
    row = {
        "id": _new_id(call.universe),
        "path": path,
        "name": name,
        "description": given.get("description") or "",
        "block_inheritance": int(bool(given.get("blockInheritance"))),
    }
    call.universe.store.insert("google_directory_orgunits", row)
    return _unit_json(call.universe, row)


def _parent(call: Call, given: dict) -> dict | None:
    key = given.get("parentOrgUnitId") or given.get("parentOrgUnitPath")
    if key is None:
        return None
    found = unit(call.universe, key)
    if found is None:
        raise invalid("INVALID_OU_ID")
    return found


@operation("directory.orgunits.patch")
def patch(call: Call) -> dict:
    return _change(call)


@operation("directory.orgunits.update")
def update(call: Call) -> dict:
    return _change(call)


def _change(call: Call) -> dict:
    principal = _caller(call, "ORGANIZATION_UNITS_UPDATE")
    row = _path_unit(call)
    _over(call, principal, "ORGANIZATION_UNITS_UPDATE", row["path"])
    given = body(call, "OrgUnit")
    if row["path"] == "/" and ("name" in given or "parentOrgUnitPath" in given):
        raise invalid("Cannot modify the root organizational unit's name or parent")
    name = (given.get("name") or row["name"]).strip()
    parent = _parent(call, given) or unit(call.universe, _parent_path(row["path"]))
    _over(call, principal, "ORGANIZATION_UNITS_UPDATE", parent["path"])
    path = row["path"] if row["path"] == "/" else parent["path"].rstrip("/") + "/" + name
    if path.lower() != row["path"].lower():
        if parent["path"] == row["path"] or parent["path"].startswith(row["path"] + "/"):
            raise invalid("INVALID_OU_ID")
        if unit(call.universe, path) is not None:
            raise exists()
        _move(call.universe, row["path"], path)
    row |= {
        "path": path,
        "name": name,
        "description": given.get("description", row["description"]) or "",
        "block_inheritance": int(bool(given.get("blockInheritance", row["block_inheritance"]))),
    }
    call.universe.store.execute(
        "UPDATE google_directory_orgunits SET name = ?, description = ?, block_inheritance = ? "
        "WHERE id = ?",
        (row["name"], row["description"], row["block_inheritance"], row["id"]),
    )
    return _unit_json(call.universe, row)


def _move(universe, old: str, new: str) -> None:
    """Move the unit at ``old`` to ``new``, with the units and users below it."""
    for below in [{"path": old}, *_below(universe, old)]:
        moved = new + below["path"][len(old) :]
        universe.store.execute(
            "UPDATE google_directory_orgunits SET path = ? WHERE path = ?", (moved, below["path"])
        )
        universe.store.execute(
            "UPDATE google_directory_users SET org_unit_path = ? WHERE org_unit_path = ?",
            (moved, below["path"]),
        )


@operation("directory.orgunits.delete")
def delete(call: Call) -> Response:
    principal = _caller(call, "ORGANIZATION_UNITS_DELETE")
    row = _path_unit(call)
    _over(call, principal, "ORGANIZATION_UNITS_DELETE", row["path"])
    if row["path"] == "/":
        raise invalid("Cannot delete the root organizational unit")
    users = call.universe.store.one(
        "SELECT 1 FROM google_directory_users WHERE org_unit_path = ?", (row["path"],)
    )
    if users is not None or _below(call.universe, row["path"]):
        raise GoogleError(400, "failedPrecondition", "Org unit is not empty")
    call.universe.store.execute("DELETE FROM google_directory_orgunits WHERE id = ?", (row["id"],))
    return Response(status_code=204)


def routes() -> list[Route]:
    base = "/admin/directory/v1/customer/{customerId}/orgunits"
    return [
        Route(base, list_units, methods=["GET"]),
        Route(base, insert, methods=["POST"]),
        Route(base + "/{orgUnitPath:path}", get, methods=["GET"]),
        Route(base + "/{orgUnitPath:path}", patch, methods=["PATCH"]),
        Route(base + "/{orgUnitPath:path}", update, methods=["PUT"]),
        Route(base + "/{orgUnitPath:path}", delete, methods=["DELETE"]),
    ]
