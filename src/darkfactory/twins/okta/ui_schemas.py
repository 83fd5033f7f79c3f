"""UI schemas: ``/api/v1/meta/uischemas``, the layout of a profile enrollment form: which user
profile attributes it asks for, labelled and shown as text, choices or checkboxes."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import resources
from darkfactory.twins.okta.errors import validation
from darkfactory.twins.okta.schemas.profile import ProfileSchema

FORMATS = ("text", "radio", "select", "checkbox", "radio_yes_no", "radio_true_false")
BOOLEAN_FORMATS = ("checkbox", "radio_yes_no", "radio_true_false")


def _element(element, attributes: dict) -> dict:
    """One input of the form, checked against the user profile attribute it names."""
    element = element if isinstance(element, dict) else {}
    scope = str(element.get("scope") or "")
    name = scope.removeprefix("#/properties/")
    definition = attributes.get(name) if scope.startswith("#/properties/") else None
    if definition is None:
        raise validation("uiSchema", f"elements.scope: {scope!r} is not a user profile attribute")
    options = element.get("options") or {}
    shown = options.get("format", "text")
    boolean = definition.get("type") == "boolean"
    choices = definition.get("enum") or definition.get("oneOf")
    if shown not in FORMATS or (shown in BOOLEAN_FORMATS and not boolean):
        raise validation("uiSchema", f"elements.options.format: {shown!r} does not suit {name}")
    if shown in ("radio", "select") and not choices:
        raise validation("uiSchema", f"elements.options.format: {name} has no choices")
    return {
        "type": "Control",
        "scope": scope,
        "label": element.get("label") or definition.get("title", name),
        "options": {"format": shown},
    }


def _clean(call: Call, payload: dict, own_id: str | None) -> dict:
    form = payload.get("uiSchema")
    if not isinstance(form, dict) or not isinstance(form.get("elements"), list):
        raise validation("uiSchema", "uiSchema.elements: The field cannot be left blank")
    attributes = ProfileSchema(call.universe.store, "user").attributes()
    return {
        "uiSchema": {
            "type": form.get("type") or "Group",
            "label": form.get("label") or "Sign in",
            "buttonLabel": form.get("buttonLabel") or "Submit",
            "elements": [_element(e, attributes) for e in form["elements"]],
        }
    }


KIND = resources.Kind(
    name="UISchema",
    path="/api/v1/meta/uischemas",
    id_param="id",
    prefix="uis",
    scope="okta.uischemas",
    event="system.uischema",
    clean=_clean,
    paged=False,
    lifecycle=False,
)


def routes() -> list[Route]:
    return resources.routes(
        KIND,
        {
            "create": "createUISchema",
            "list": "listUISchemas",
            "get": "getUISchema",
            "replace": "replaceUISchemas",
            "delete": "deleteUISchemas",
        },
    )
