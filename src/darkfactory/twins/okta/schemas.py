"""Schemas API: the user profile schema at ``/api/v1/meta/schemas/user/{schemaId}``.

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
from darkfactory.twins.okta.profile_schema import BASE_REQUIRED, ProfileSchema
from darkfactory.twins.okta.state import state_of

SCHEMA_KEY = "okta.user_schema.last_updated"


def _schema(call: Call) -> ProfileSchema:
    if call.path_params["schemaId"] != "default":
        raise not_found(call.path_params["schemaId"], "UserSchema")
    return ProfileSchema(call.universe.store)


def schema_json(call: Call, schema: ProfileSchema) -> dict:
    store = call.universe.store
    created = store.scalar("SELECT MIN(created) FROM okta_users")
    custom = schema.custom()
    href = f"{call.twin.base_url}/api/v1/meta/schemas/user/default"
    return {
        "id": f"{call.twin.base_url}/meta/schemas/user/default",
        "$schema": "http://json-schema.org/draft-04/schema#",
        "name": "user",
        "title": "User",
        "description": "Okta user profile template with default permission settings",
        "lastUpdated": timestamp(store.setting(SCHEMA_KEY) or created),
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
                "required": list(BASE_REQUIRED),
            },
        },
        "type": "object",
        "properties": {
            "profile": {"allOf": [{"$ref": "#/definitions/custom"}, {"$ref": "#/definitions/base"}]}
        },
        "_links": {"self": {"href": href, "method": "GET", "rel": "self"}},
    }


@operation("getUserSchema")
def get_user_schema(call: Call) -> dict:
    authorize(call, "okta.schemas.read")
    return schema_json(call, _schema(call))


@operation("updateUserProfile")
def update_user_profile(call: Call) -> dict:
    actor = authorize(call, "okta.schemas.manage")
    schema = _schema(call)
    schema.update(body(call).get("definitions") or {})
    call.universe.store.set_setting(SCHEMA_KEY, call.universe.clock.now())
    state_of(call).log(
        "system.user.profile_schema.update",
        "Update user profile schema",
        actor,
        {"id": "default", "type": "UserSchema", "alternateId": "user", "displayName": "User"},
    )
    return schema_json(call, schema)


def routes() -> list[Route]:
    one = "/api/v1/meta/schemas/user/{schemaId}"
    return [
        Route(one, get_user_schema, methods=["GET"]),
        Route(one, update_user_profile, methods=["POST"]),
    ]
