"""``directory.schemas.*``: the customer's custom user schemas, and users' ``customSchemas``
values checked against them and shown as each field's ``readAccessType`` allows.

A schema has typed fields (``STRING``, ``INT64``, ``BOOL``, ``DOUBLE``, ``EMAIL``, ``PHONE``,
``DATE``), each single- or multi-valued; a multi-valued field holds ``[{"value", "type"}]``.
Only super administrators manage schemas; administrators who may read users read them.
"""

from __future__ import annotations

import json
import re

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.google.auth import require
from darkfactory.twins.google.directory.access import allows, super_admin
from darkfactory.twins.google.directory.admin_roles import new_id
from darkfactory.twins.google.directory.wire import (
    body,
    check_customer,
    exists,
    invalid,
    not_authorized,
    not_found,
    required,
    tagged,
)
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.ids import MIXED_ALNUM
from darkfactory.twins.kit.operation import Call

SCHEMA = """
CREATE TABLE IF NOT EXISTS google_directory_schemas (
    id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE, display_name TEXT NOT NULL,
    fields TEXT NOT NULL
);
"""
TYPES = {
    "STRING": str,
    "EMAIL": str,
    "PHONE": str,
    "DATE": str,
    "INT64": (int, str),
    "BOOL": bool,
    "DOUBLE": (int, float),
}
NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _row(call: Call, key: str) -> dict:
    row = call.universe.store.one(
        "SELECT * FROM google_directory_schemas WHERE id = ? OR name = ?", (key, key)
    )
    if row is None:
        raise not_found("schemaKey")
    return dict(row)


def _schema_json(row: dict) -> dict:
    fields = [
        tagged({"kind": "admin#directory#schema#fieldspec", **f}) for f in json.loads(row["fields"])
    ]
    return tagged(
        {
            "kind": "admin#directory#schema",
            "schemaId": row["id"],
            "schemaName": row["name"],
            "displayName": row["display_name"],
            "fields": fields,
        }
    )


def _fields(call: Call, given: list[dict], old: list[dict]) -> list[dict]:
    """The schema's field specs, each checked; a field kept from before keeps its id."""
    ids = {f["fieldName"].lower(): f["fieldId"] for f in old}
    fields = []
    for spec in given:
        name, kind = spec.get("fieldName"), spec.get("fieldType")
        if not name:
            raise required("fieldName")
        if not kind:
            raise required("fieldType")
        if not NAME.match(name) or kind not in TYPES:
            raise invalid(f"{name}.{kind}")
        field_id = ids.get(name.lower()) or new_id(call.universe, "schema-field")
        fields.append(
            {
                "fieldId": field_id,
                "fieldName": name,
                "fieldType": kind,
                "multiValued": bool(spec.get("multiValued", False)),
                "readAccessType": spec.get("readAccessType", "ALL_DOMAIN_USERS"),
                "displayName": spec.get("displayName", name),
                "indexed": spec.get("indexed", True),
            }
        )
    if len({f["fieldName"].lower() for f in fields}) != len(fields):
        raise invalid("fieldName")
    return fields


@operation("directory.schemas.list")
def list_schemas(call: Call) -> dict:
    _reader(call)
    rows = call.universe.store.all("SELECT * FROM google_directory_schemas ORDER BY rowid")
    schemas = [_schema_json(dict(r)) for r in rows]
    return tagged({"kind": "admin#directory#schemas", "schemas": schemas})


@operation("directory.schemas.get")
def get(call: Call) -> dict:
    _reader(call)
    return _schema_json(_row(call, call.path_params["schemaKey"]))


def _reader(call: Call) -> None:
    principal = require(call)
    check_customer(call, call.path_params["customerId"])
    if not allows(call, principal, "USERS_RETRIEVE"):
        raise not_authorized()


@operation("directory.schemas.insert")
def insert(call: Call) -> dict:
    super_admin(call)
    check_customer(call, call.path_params["customerId"])
    given = body(call, "Schema")
    name = given.get("schemaName")
    if not name:
        raise required("schemaName")
    if not NAME.match(name):
        raise invalid("schemaName")
    if call.universe.store.one("SELECT 1 FROM google_directory_schemas WHERE name = ?", (name,)):
        raise exists()
    row = {
        "id": _schema_id(call),
        "name": name,
        "display_name": given.get("displayName", name),
        "fields": json.dumps(_fields(call, given.get("fields") or [], [])),
    }
    call.universe.store.insert("google_directory_schemas", row)
    return _schema_json(row)


def _schema_id(call: Call) -> str:
    return call.universe.ids.token("google.directory.schema", 22, MIXED_ALNUM) + "=="


@operation("directory.schemas.patch")
def patch(call: Call) -> dict:
    return _change(call)


@operation("directory.schemas.update")
def update(call: Call) -> dict:
    return _change(call)


def _change(call: Call) -> dict:
    super_admin(call)
    check_customer(call, call.path_params["customerId"])
    row = _row(call, call.path_params["schemaKey"])
    given = body(call, "Schema")
    if given.get("schemaName") and given["schemaName"].lower() != row["name"].lower():
        raise invalid("schemaName")
    if "displayName" in given:
        row["display_name"] = given["displayName"]
    if "fields" in given:
        old = json.loads(row["fields"])
        row["fields"] = json.dumps(_fields(call, given["fields"] or [], old))
    call.universe.store.execute(
        "UPDATE google_directory_schemas SET display_name = ?, fields = ? WHERE id = ?",
        (row["display_name"], row["fields"], row["id"]),
    )
    return _schema_json(row)


@operation("directory.schemas.delete")
def delete(call: Call) -> Response:
    super_admin(call)
    check_customer(call, call.path_params["customerId"])
    row = _row(call, call.path_params["schemaKey"])
    call.universe.store.execute("DELETE FROM google_directory_schemas WHERE id = ?", (row["id"],))
    for user in call.universe.store.all("SELECT email, custom FROM google_directory_users"):
        values = json.loads(user["custom"])
        if values.pop(row["name"], None) is not None:
            call.universe.store.execute(
                "UPDATE google_directory_users SET custom = ? WHERE email = ?",
                (json.dumps(values), user["email"]),
            )
    return Response(status_code=204)


# -- users' values ------------------------------------------------------------------------------
def _specs(universe) -> dict[str, dict[str, dict]]:
    rows = universe.store.all("SELECT name, fields FROM google_directory_schemas")
    return {r["name"]: {f["fieldName"]: f for f in json.loads(r["fields"])} for r in rows}


def _value_ok(spec: dict, value) -> bool:
    kind = TYPES[spec["fieldType"]]
    if not isinstance(value, kind) or (bool is not kind and isinstance(value, bool)):
        return False
    if spec["fieldType"] == "INT64" and isinstance(value, str):
        return value.lstrip("-").isdigit()
    return spec["fieldType"] != "DATE" or bool(DATE.match(value))


def merge_values(universe, current: dict, given: dict) -> dict:
    """A user's custom schema values with ``given`` (``users.patch``'s ``customSchemas``)
    merged in; a field set to null is cleared. 400 for a schema or field that does not exist
    or a value of the wrong type."""
    specs = _specs(universe)
    merged = {name: dict(values) for name, values in current.items()}
    for schema, values in given.items():
        fields = specs.get(schema)
        if fields is None or not isinstance(values, dict):
            raise invalid(f"Invalid schema name: {schema}")
        target = merged.setdefault(schema, {})
        for name, value in values.items():
            spec = fields.get(name)
            if spec is None:
                raise invalid(f"Invalid field name: {schema}.{name}")
            if value is None:
                target.pop(name, None)
                continue
            items = value if spec["multiValued"] else [value]
            if spec["multiValued"] and not isinstance(value, list):
                raise invalid(f"{schema}.{name}")
            plain = [
                i.get("value") if isinstance(i, dict) and spec["multiValued"] else i for i in items
            ]
            if not all(_value_ok(spec, v) for v in plain):
                raise invalid(f"{schema}.{name}")
            target[name] = value
        if not target:
            merged.pop(schema)
    return merged


def shown_values(universe, values: dict, wanted: set[str] | None, private: bool) -> dict:
    """The values to show: of the schemas ``wanted`` (None: all), and of fields readable only by
    administrators and the user themselves when ``private``."""
    specs = _specs(universe)
    shown = {}
    for schema, fields in values.items():
        if schema not in specs or (wanted is not None and schema not in wanted):
            continue
        kept = {
            name: value
            for name, value in fields.items()
            if name in specs[schema]
            and (private or specs[schema][name]["readAccessType"] == "ALL_DOMAIN_USERS")
        }
        if kept:
            shown[schema] = kept
    return shown


def routes() -> list[Route]:
    base = "/admin/directory/v1/customer/{customerId}/schemas"
    return [
        Route(base, list_schemas, methods=["GET"]),
        Route(base, insert, methods=["POST"]),
        Route(base + "/{schemaKey}", get, methods=["GET"]),
        Route(base + "/{schemaKey}", patch, methods=["PATCH"]),
        Route(base + "/{schemaKey}", update, methods=["PUT"]),
        Route(base + "/{schemaKey}", delete, methods=["DELETE"]),
    ]
