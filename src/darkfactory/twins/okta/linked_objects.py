"""Linked object definitions: ``/api/v1/meta/schemas/user/linkedObjects``, named relationships
between users (``manager`` / ``subordinates``): a primary name and its associated name."""

from __future__ import annotations

import json
import re

from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta.api import authorize, body
from darkfactory.twins.okta.errors import not_found, validation

NAME = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]*$")


def definition(call: Call, name: str):
    """The definition whose primary or associated name is ``name``."""
    row = call.universe.store.one(
        "SELECT * FROM okta_linked_objects WHERE primary_name = ? OR associated_name = ?",
        (name, name),
    )
    if row is None:
        raise not_found(name, "LinkedObject")
    return row


def definition_json(call: Call, row) -> dict:
    stored = json.loads(row["definition"])
    href = f"{call.twin.base_url}/api/v1/meta/schemas/user/linkedObjects/{row['primary_name']}"
    return {**stored, "_links": {"self": {"href": href}}}


def _side(payload: dict, side: str) -> dict:
    details = payload.get(side) or {}
    name, title = str(details.get("name") or ""), details.get("title")
    if not NAME.match(name):
        raise validation(
            f"{side}.name", f"{side}.name: must be a letter or _ then letters, digits, _"
        )
    if not title:
        raise validation(f"{side}.title", f"{side}.title: The field cannot be left blank")
    return {
        "name": name,
        "title": title,
        "description": details.get("description"),
        "type": "USER",
    }


@operation("createLinkedObjectDefinition")
def create_linked_object_definition(call: Call) -> JSONResponse:
    authorize(call, "okta.linkedObjects.manage")
    payload = body(call)
    primary, associated = _side(payload, "primary"), _side(payload, "associated")
    for name in (primary["name"], associated["name"]):
        taken = call.universe.store.one(
            "SELECT 1 FROM okta_linked_objects WHERE primary_name = ? OR associated_name = ?",
            (name, name),
        )
        if taken or primary["name"] == associated["name"]:
            raise validation("name", f"name: An object with this field already exists: {name}")
    call.universe.store.execute(
        "INSERT INTO okta_linked_objects(primary_name, associated_name, definition)"
        " VALUES (?, ?, ?)",
        (
            primary["name"],
            associated["name"],
            json.dumps({"primary": primary, "associated": associated}),
        ),
    )
    return JSONResponse(definition_json(call, definition(call, primary["name"])), 201)


@operation("listLinkedObjectDefinitions")
def list_linked_object_definitions(call: Call) -> list:
    authorize(call, "okta.linkedObjects.read")
    rows = call.universe.store.all("SELECT * FROM okta_linked_objects ORDER BY rowid")
    return [definition_json(call, r) for r in rows]


@operation("getLinkedObjectDefinition")
def get_linked_object_definition(call: Call) -> dict:
    authorize(call, "okta.linkedObjects.read")
    return definition_json(call, definition(call, call.path_params["linkedObjectName"]))


@operation("deleteLinkedObjectDefinition")
def delete_linked_object_definition(call: Call) -> Response:
    """Removing a definition removes every link made with it."""
    authorize(call, "okta.linkedObjects.manage")
    row = definition(call, call.path_params["linkedObjectName"])
    call.universe.store.execute(
        "DELETE FROM okta_linked_objects WHERE primary_name = ?", (row["primary_name"],)
    )
    return Response(status_code=204)


def routes() -> list[Route]:
    collection = "/api/v1/meta/schemas/user/linkedObjects"
    one = f"{collection}/{{linkedObjectName}}"
    return [
        Route(collection, create_linked_object_definition, methods=["POST"]),
        Route(collection, list_linked_object_definitions, methods=["GET"]),
        Route(one, get_linked_object_definition, methods=["GET"]),
        Route(one, delete_linked_object_definition, methods=["DELETE"]),
    ]
