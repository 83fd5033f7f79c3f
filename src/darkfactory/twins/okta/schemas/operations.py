"""Schemas API: the user profile schema at ``/api/v1/meta/schemas/user/{schemaId}`` and the group
profile schema at ``/api/v1/meta/schemas/group/default``.

Only the default user type's schema (``default``) exists in this org. Updates are partial, as
Okta's ``POST`` is: attributes named in ``definitions.custom.properties`` are added or replaced,
a ``null`` removes one, and base attributes may be retitled or re-permissioned only.
"""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta.api import authorize, body, timestamp
from darkfactory.twins.okta.errors import not_found
from darkfactory.twins.okta.schemas.profile import ProfileSchema
from darkfactory.twins.okta.state import state_of

TITLES = {"user": "User", "group": "Okta group"}


def _schema(call: Call, target: str) -> ProfileSchema:
    if call.path_params.get("schemaId", "default") != "default":
        raise not_found(call.path_params["schemaId"], "UserSchema")
    return ProfileSchema(call.universe.store, target)


def schema_json(call: Call, schema: ProfileSchema) -> dict:
    store, target = call.universe.store, schema.target
    created = store.scalar("SELECT MIN(created) FROM okta_users")
    custom = schema.custom()
    href = f"{call.twin.base_url}/api/v1/meta/schemas/{target}/default"
    return {
        "id": f"{call.twin.base_url}/meta/schemas/{target}/default",
        "$schema": "http://json-schema.org/draft-04/schema#",
        "name": target,
        "title": TITLES[target],
        "description": f"Okta {target} profile template",
        "lastUpdated": timestamp(store.setting(f"okta.{target}_schema.last_updated") or created),
        "created": timestamp(created),
        "definitions": {
            "custom": {
                "id": "#custom",
                "type": "object",
                "properties": custom,
                "required": [name for name, d in custom.items() if d.get("required")],
            },
            "base": {
                "id": "#base",
                "type": "object",
                "properties": schema.base(),
                "required": list(schema.required),
            },
        },
        "type": "object",
        "properties": {
            "profile": {"allOf": [{"$ref": "#/definitions/custom"}, {"$ref": "#/definitions/base"}]}
        },
        "_links": {"self": {"href": href, "method": "GET", "rel": "self"}},
    }


def _update(call: Call, target: str) -> dict:
    actor = authorize(call, "okta.schemas.manage")
    schema = _schema(call, target)
    schema.update(body(call).get("definitions") or {})
    call.universe.store.set_setting(f"okta.{target}_schema.last_updated", call.universe.clock.now())
    state_of(call).log(
        f"system.{target}.profile_schema.update",
        f"Update {target} profile schema",
        actor,
        {"id": "default", "type": "Schema", "alternateId": target, "displayName": TITLES[target]},
    )
    return schema_json(call, schema)


@operation("getUserSchema")
def get_user_schema(call: Call) -> dict:
    authorize(call, "okta.schemas.read")
    return schema_json(call, _schema(call, "user"))


@operation("updateUserProfile")
def update_user_profile(call: Call) -> dict:
    return _update(call, "user")


@operation("getGroupSchema")
def get_group_schema(call: Call) -> dict:
    authorize(call, "okta.schemas.read")
    return schema_json(call, _schema(call, "group"))


@operation("updateGroupSchema")
def update_group_schema(call: Call) -> dict:
    return _update(call, "group")


def routes() -> list[Route]:
    user, group = "/api/v1/meta/schemas/user/{schemaId}", "/api/v1/meta/schemas/group/default"
    return [
        Route(user, get_user_schema, methods=["GET"]),
        Route(user, update_user_profile, methods=["POST"]),
        Route(group, get_group_schema, methods=["GET"]),
        Route(group, update_group_schema, methods=["POST"]),
    ]
