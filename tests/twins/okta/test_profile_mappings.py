"""Profile mappings through the okta SDK: a provisioning app's mapping, and its expressions
deciding what the Slack twin receives."""

from __future__ import annotations

import pytest
from okta.models import (
    Application,
    AppUserAssignRequest,
    CreateUserRequest,
    ProfileMappingProperty,
    ProfileMappingRequest,
)

from darkfactory.twins.okta.testing import send


async def slack_app(client):
    app, _, err = await client.create_application(
        Application.from_dict(
            {
                "name": "slack",
                "label": "Slack",
                "signOnMode": "BOOKMARK",
                "settings": {"app": {"url": "https://darkfactory.slack.com"}},
            }
        )
    )
    assert err is None
    return app


async def mapping_of(client, app_id: str):
    found, _, err = await client.list_profile_mappings(target_id=app_id)
    assert err is None and len(found) == 1
    mapping, _, err = await client.get_profile_mapping(found[0].id)
    assert err is None
    return mapping


def remap(**expressions: str) -> ProfileMappingRequest:
    return ProfileMappingRequest(
        properties={
            attribute: ProfileMappingProperty.from_dict(
                {"expression": expression, "pushStatus": "PUSH"}
            )
            for attribute, expression in expressions.items()
        }
    )


async def test_a_mappings_expressions_decide_what_slack_receives(okta_client, slack_client):
    app = await slack_app(okta_client)
    mapping = await mapping_of(okta_client, app.id)
    assert mapping.id.startswith("prm") and mapping.target.id == app.id
    assert mapping.target.type == "appuser" and mapping.source.type == "user"
    assert mapping.properties["givenName"].expression == "source.firstName"

    updated, _, err = await okta_client.update_profile_mapping(
        mapping.id,
        remap(
            title='source.department + " team"', givenName="String.toUpperCase(source.firstName)"
        ),
    )
    assert err is None and updated.properties["title"].expression == 'source.department + " team"'
    user, _, _ = await okta_client.create_user(
        CreateUserRequest.from_dict(
            {
                "profile": {
                    "login": "mapped@example.com",
                    "email": "mapped@example.com",
                    "firstName": "Mae",
                    "lastName": "Mapped",
                    "department": "Finance",
                },
                "credentials": {"password": {"value": "Sup3r-Secret!"}},
            }
        )
    )
    await okta_client.assign_user_to_application(app.id, AppUserAssignRequest(id=user.id))
    pushed = slack_client.users_lookupByEmail(email="mapped@example.com")["user"]
    assert pushed["profile"]["title"] == "Finance team"
    assert pushed["real_name"] == "MAE Mapped"

    # Changing the mapping pushes the new values to users already provisioned.
    await okta_client.update_profile_mapping(mapping.id, remap(title="source.lastName"))
    pushed = slack_client.users_lookupByEmail(email="mapped@example.com")["user"]
    assert pushed["profile"]["title"] == "Mapped"


async def test_a_mapping_refuses_unknown_attributes_and_bad_expressions(okta_client):
    mapping = await mapping_of(okta_client, (await slack_app(okta_client)).id)
    _, _, err = await okta_client.update_profile_mapping(mapping.id, remap(shoeSize="source.x"))
    assert err.status == 400 and err.error_code == "E0000001"
    _, _, err = await okta_client.update_profile_mapping(mapping.id, remap(title="source.(("))
    assert err.status == 400 and err.error_code == "E0000001"
    removed, err = await send(
        okta_client, "POST", f"/api/v1/mappings/{mapping.id}", {"properties": {"title": None}}
    )
    assert err is None and "title" not in removed["properties"]
    _, _, err = await okta_client.get_profile_mapping("prmnothere")
    assert err.status == 404 and err.error_code == "E0000007"


@pytest.mark.parametrize("who", [{"role": "READ_ONLY_ADMIN"}, {"role": None}, {"scopes": []}])
async def test_only_admins_with_the_scope_change_mappings(who, okta_client, okta_client_as):
    mapping = await mapping_of(okta_client, (await slack_app(okta_client)).id)
    _, _, err = await okta_client_as(**who).update_profile_mapping(
        mapping.id, remap(title="source.lastName")
    )
    assert err.status == 403 and err.error_code == "E0000006"
    kept, _, _ = await okta_client.get_profile_mapping(mapping.id)
    assert kept.properties["title"].expression == "source.title"


async def test_a_read_scope_reads_mappings(okta_client, okta_client_as):
    await slack_app(okta_client)
    found, _, err = await okta_client_as(
        scopes=["okta.profileMappings.read"]
    ).list_profile_mappings()
    assert err is None and len(found) == 1
