"""UI schemas through the okta SDK: enrollment forms over the user profile's attributes."""

from __future__ import annotations

import pytest
from okta.models import CreateUISchema, UpdateUISchema

from darkfactory.twins.okta.testing import send


def form(*elements: dict, **fields) -> dict:
    return {"uiSchema": {"type": "Group", "label": "Join", "elements": list(elements), **fields}}


def field(attribute: str, shown: str = "text", label: str | None = None) -> dict:
    element = {"scope": f"#/properties/{attribute}", "options": {"format": shown}}
    return {**element, "label": label} if label else element


async def test_a_form_asks_for_profile_attributes_shown_as_they_suit(okta_client):
    created, _, err = await okta_client.create_ui_schema(
        CreateUISchema.from_dict(form(field("firstName", label="Given name"), field("email")))
    )
    assert err is None and created.id.startswith("uis")
    elements = created.ui_schema.elements
    assert [e.label for e in elements] == ["Given name", "Primary email"]
    assert created.ui_schema.button_label == "Submit"
    _, err = await send(okta_client, "POST", "/api/v1/meta/uischemas", form(field("shoeSize")))
    assert err.status == 400 and err.error_code == "E0000001"
    _, err = await send(
        okta_client, "POST", "/api/v1/meta/uischemas", form(field("email", "checkbox"))
    )
    assert err.status == 400 and "does not suit" in err.error_causes[0]["errorSummary"]
    replaced, _, err = await okta_client.replace_ui_schemas(
        created.id, UpdateUISchema.from_dict(form(field("lastName")))
    )
    assert err is None and [e.scope for e in replaced.ui_schema.elements] == [
        "#/properties/lastName"
    ]
    listed, _, _ = await okta_client.list_ui_schemas()
    assert [s.id for s in listed] == [created.id]
    assert (await okta_client.delete_ui_schemas(created.id))[-1] is None
    _, _, err = await okta_client.get_ui_schema(created.id)
    assert err.status == 404 and err.error_code == "E0000007"


@pytest.mark.parametrize("who", [{"role": "READ_ONLY_ADMIN"}, {"role": None}, {"scopes": []}])
async def test_only_admins_with_the_scope_make_forms(who, okta_client_as):
    _, _, err = await okta_client_as(**who).create_ui_schema(
        CreateUISchema.from_dict(form(field("email")))
    )
    assert err.status == 403 and err.error_code == "E0000006"
