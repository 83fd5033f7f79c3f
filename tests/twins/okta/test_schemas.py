"""The user profile schema through the okta SDK: custom attributes and the profiles they govern."""

from __future__ import annotations

import json

from okta.models import (
    AddGroupRequest,
    CreateUserRequest,
    GroupSchema,
    UpdateUserRequest,
    UserSchema,
)

from darkfactory.twins.okta.testing import send

CUSTOM = {
    "costCode": {"title": "Cost code", "type": "string", "enum": ["CC-1", "CC-2"]},
    "badge": {"title": "Badge", "type": "integer"},
    "initials": {"title": "Initials", "type": "string", "minLength": 2, "maxLength": 3},
    "skills": {"title": "Skills", "type": "array", "items": {"type": "string"}},
}


def schema_update(properties: dict) -> UserSchema:
    custom = {"id": "#custom", "type": "object", "properties": properties}
    return UserSchema.from_dict({"definitions": {"custom": custom}})


def new_user(login: str, **extra) -> CreateUserRequest:
    profile = {"login": login, "email": login, "firstName": "Sam", "lastName": "Schema", **extra}
    return CreateUserRequest.from_dict({"profile": profile})


def causes(err) -> list[str]:
    return [c["errorSummary"] for c in err.error_causes]


async def test_default_schema_has_okta_base_attributes(okta_client):
    schema, _, err = await okta_client.get_user_schema("default")
    assert err is None and schema.name == "user"
    base = schema.definitions.base
    assert base.required == ["login", "email", "firstName", "lastName"]
    assert base.properties.login.min_length == 5 and base.properties.login.required
    assert base.properties.first_name.max_length == 50
    assert schema.definitions.custom.properties == {}
    _, _, err = await okta_client.get_user_schema("oscNOTATYPE")
    assert err.status == 404 and err.error_code == "E0000007"


async def test_custom_attributes_validate_created_users(okta_client):
    updated, _, err = await okta_client.update_user_profile(
        "default", schema_update({**CUSTOM, "costCode": {**CUSTOM["costCode"], "required": True}})
    )
    assert err is None and set(updated.definitions.custom.properties) == set(CUSTOM)
    assert updated.definitions.custom.required == ["costCode"]

    _, _, err = await okta_client.create_user(new_user("nocc@example.com"))
    assert err.status == 400 and err.error_code == "E0000001"
    assert causes(err) == ["costCode: The field cannot be left blank"]
    _, _, err = await okta_client.create_user(
        new_user(
            "bad@example.com",
            costCode="CC-9",
            badge="12",
            initials="ABCD",
            skills=["python", 3],
            shoeSize=44,
        )
    )
    assert err.error_code == "E0000001" and set(causes(err)) == {
        "costCode: Does not match any of the allowed values",
        "badge: Does not match the expected type integer",
        "initials: The field is too long. Maximum length is 3.",
        "skills: Array items must be of type string",
        "shoeSize: Property name 'shoeSize' is not defined in profile schema",
    }
    user, _, err = await okta_client.create_user(
        new_user("good@example.com", costCode="CC-1", badge=12, initials="SS", skills=["go"])
    )
    assert err is None and user.profile.additional_properties["badge"] == 12

    # A partial update is checked against the merged profile; a rejected one changes nothing.
    _, _, err = await okta_client.update_user(
        user.id, UpdateUserRequest.from_dict({"profile": {"initials": "S"}})
    )
    assert causes(err) == ["initials: The field is too short. Minimum length is 2."]
    again, _, _ = await okta_client.get_user(user.id)
    assert again.profile.additional_properties["initials"] == "SS"


async def test_schema_changes_are_checked_and_logged(okta_client):
    await okta_client.update_user_profile("default", schema_update(CUSTOM))
    changed = {"badge": {"title": "Badge", "type": "string"}}
    _, _, err = await okta_client.update_user_profile("default", schema_update(changed))
    assert err.status == 400 and "type of an existing attribute" in causes(err)[0]
    clash = {"email": {"title": "Other email", "type": "string"}}
    _, _, err = await okta_client.update_user_profile("default", schema_update(clash))
    assert err.status == 400 and "base attribute" in causes(err)[0]
    base_type = {"definitions": {"base": {"properties": {"title": {"type": "integer"}}}}}
    _, err = await send(okta_client, "POST", "/api/v1/meta/schemas/user/default", base_type)
    assert err.status == 400 and "cannot be changed" in causes(err)[0]

    # ``null`` removes a custom attribute; profiles may no longer carry it.
    removal = {"definitions": {"custom": {"properties": {"badge": None}}}}
    schema, err = await send(okta_client, "POST", "/api/v1/meta/schemas/user/default", removal)
    assert err is None and "badge" not in schema["definitions"]["custom"]["properties"]
    _, _, err = await okta_client.create_user(new_user("badge@example.com", badge=1))
    assert "not defined" in causes(err)[0]
    events, _, _ = await okta_client.list_log_events(
        filter='eventType eq "system.user.profile_schema.update"'
    )
    assert len(events) == 2


async def test_the_schema_read_changed_and_written_back_is_accepted(okta_client):
    schema, _, err = await okta_client.get_user_schema("default")
    assert err is None
    login = schema.definitions.base.properties.login
    assert [(p.principal, p.action) for p in login.permissions] == [("SELF", "READ_ONLY")]
    first_name = schema.definitions.base.properties.first_name
    assert [(p.principal, p.action) for p in first_name.permissions] == [("SELF", "READ_WRITE")]
    document, err = await send(okta_client, "GET", "/api/v1/meta/schemas/user/default")
    document["definitions"]["base"]["properties"]["title"]["title"] = "Job title"
    document["definitions"]["custom"]["properties"]["badge"] = {"title": "B", "type": "integer"}
    written, err = await send(okta_client, "POST", "/api/v1/meta/schemas/user/default", document)
    assert err is None
    assert written["definitions"]["base"]["properties"]["title"]["title"] == "Job title"
    assert written["definitions"]["custom"]["properties"]["badge"]["type"] == "integer"
    again, _, err = await okta_client.update_user_profile("default", schema)
    assert err is None and again.definitions.base.properties.login.min_length == 5
    document["definitions"]["base"]["properties"]["login"]["minLength"] = 1
    _, err = await send(okta_client, "POST", "/api/v1/meta/schemas/user/default", document)
    assert err.status == 400 and "'minLength' cannot be changed" in causes(err)[0]


async def test_read_only_admin_reads_but_cannot_change_the_schema(okta_client_for, universe):
    def read_only_token() -> str:
        universe.universe.tokens.issue(
            "okta", "00readonly", "someone", kind="ssws", meta={"role": "READ_ONLY_ADMIN"}
        )
        return "00readonly"

    client = okta_client_for(universe.call(read_only_token))
    _, _, err = await client.get_user_schema("default")
    assert err is None
    _, _, err = await client.update_user_profile("default", schema_update(CUSTOM))
    assert err.status == 403 and err.error_code == "E0000006"


async def test_a_unique_custom_attribute_is_unique_across_users(okta_client):
    unique = {"employeeCode": {"title": "Employee code", "type": "string", "unique": True}}
    await okta_client.update_user_profile("default", schema_update(unique))
    first, _, err = await okta_client.create_user(new_user("one@example.com", employeeCode="E-1"))
    assert err is None
    _, _, err = await okta_client.create_user(new_user("two@example.com", employeeCode="e-1"))
    assert causes(err) == [
        "employeeCode: An object with this field already exists in the current organization"
    ]
    # A user may keep its own value.
    _, _, err = await okta_client.update_user(
        first.id, UpdateUserRequest.from_dict({"profile": {"employeeCode": "E-1"}})
    )
    assert err is None


async def test_group_schema_governs_group_profiles(okta_client):
    schema, _, err = await okta_client.get_group_schema()
    assert err is None and schema.definitions.base.required == ["name"]
    assert schema.definitions.base.properties.name.max_length == 255
    update = GroupSchema.from_dict(
        {
            "definitions": {
                "custom": {
                    "id": "#custom",
                    "type": "object",
                    "properties": {
                        "costCenter": {"title": "Cost center", "type": "integer", "required": True}
                    },
                }
            }
        }
    )
    updated, _, err = await okta_client.update_group_schema(update)
    assert err is None and "costCenter" in updated.definitions.custom.properties
    _, _, err = await okta_client.add_group(AddGroupRequest.from_dict({"profile": {"name": "Ops"}}))
    assert causes(err) == ["costCenter: The field cannot be left blank"]
    _, _, err = await okta_client.add_group(
        AddGroupRequest.from_dict({"profile": {"name": "Ops", "costCenter": "CC"}})
    )
    assert causes(err) == ["costCenter: Does not match the expected type integer"]
    group, _, err = await okta_client.add_group(
        AddGroupRequest.from_dict({"profile": {"name": "Ops", "costCenter": 7}})
    )
    fetched, raw, _ = await okta_client.get_group(group.id)
    assert err is None and fetched.id == group.id
    assert json.loads(raw.raw_data)["profile"]["costCenter"] == 7
    # The user schema is a separate one.
    user_schema, _, _ = await okta_client.get_user_schema("default")
    assert user_schema.definitions.custom.properties == {}
