"""User types: ``/api/v1/meta/types/user``, the kinds of user an org has, each with its own
profile schema. A fresh org has one, ``user``, the default, which cannot be deleted; a type's
``name`` never changes."""

from __future__ import annotations

import re

from starlette.routing import Route

from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import resources
from darkfactory.twins.okta.api import DEFAULT_USER_TYPE, grant_of, user_type_id
from darkfactory.twins.okta.errors import OktaError, validation

NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,49}$")


def _clean(call: Call, payload: dict, own_id: str | None) -> dict:
    name, display_name = payload.get("name"), payload.get("displayName")
    by = grant_of(call).principal
    created_by = by
    if own_id is not None:
        current = resources.document(call, KIND, own_id)["document"]
        name = current["name"] if name is None else name
        if name != current["name"]:
            raise validation("name", "name: The name of a user type cannot be changed")
        created_by = current["createdBy"]
    if not isinstance(name, str) or not NAME.match(name):
        raise validation("name", "name: Must start with a letter and use letters, digits or _")
    if not display_name or not isinstance(display_name, str):
        raise validation("displayName", "displayName: The field cannot be left blank")
    resources.unique(call, KIND, "name", name, own_id)
    return {
        "name": name,
        "displayName": display_name,
        "description": payload.get("description"),
        "createdBy": created_by,
        "lastUpdatedBy": by,
    }


def _links(call: Call, resource: dict, href: str) -> dict:
    base = f"{call.twin.base_url}/api/v1/meta/schemas/user"
    schema = "default" if resource["id"] == user_type_id(call) else f"osc{resource['id'][3:]}"
    return {"schema": {"href": f"{base}/{schema}"}}


KIND = resources.Kind(
    name="UserType",
    path="/api/v1/meta/types/user",
    id_param="typeId",
    prefix="oty",
    scope="okta.userTypes",
    event="system.user_type",
    clean=_clean,
    paged=False,
    lifecycle=False,
    shown=lambda call, resource: {"default": resource["id"] == user_type_id(call)},
    links=_links,
    before_delete=lambda call, resource: _not_default(call, resource),
)


def seed(state) -> None:
    """Give a fresh org its default user type."""
    type_id = state.new_id(KIND.prefix)
    system = state.new_id("spr")  # Okta's own principal made the default type
    stored = {
        "name": "user",
        "displayName": "User",
        "description": "Okta user profile template with default permission settings",
        "createdBy": system,
        "lastUpdatedBy": system,
    }
    resources.insert(state, KIND, type_id, stored)
    state.db.set_setting(DEFAULT_USER_TYPE, type_id)


def _not_default(call: Call, resource: dict) -> None:
    if resource["id"] == user_type_id(call):
        raise OktaError(
            "E0000001",
            400,
            "Api validation failed: typeId",
            ["The default user type cannot be deleted"],
        )


def routes() -> list[Route]:
    return resources.routes(
        KIND,
        {
            "create": "createUserType",
            "list": "listUserTypes",
            "get": "getUserType",
            "replace": "replaceUserType",
            "update": "updateUserType",
            "delete": "deleteUserType",
        },
    )
