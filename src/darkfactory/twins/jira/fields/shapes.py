"""Fields on the wire: a field's ``schema``, the Field bean, and a custom field's option."""

from __future__ import annotations

from darkfactory.twins.jira.fields.state import ITEMS_TYPE, SCHEMA_TYPE, SETTABLE_SYSTEM

OWN_TYPES = {
    "user",
    "status",
    "project",
    "issuetype",
    "priority",
    "resolution",
    "date",
    "datetime",
    "number",
    "string",
}


def field_schema(field: dict) -> dict:
    kind = field["kind"]
    schema = {"type": kind if kind in OWN_TYPES else SCHEMA_TYPE.get(kind, "any")}
    if kind in ITEMS_TYPE:
        schema["items"] = ITEMS_TYPE[kind]
    if field["custom"]:
        schema.update(custom=field["type"], customId=field["customId"])
    else:
        schema["system"] = field["id"]
    return schema


def field_json(field: dict) -> dict:
    shaped = {
        "id": field["id"],
        "key": field["id"],
        "name": field["name"],
        "custom": field["custom"],
        "orderable": field["id"] in SETTABLE_SYSTEM or field["custom"],
        "navigable": True,
        "searchable": bool(field["clauses"]),
        "clauseNames": field["clauses"],
    }
    if field["kind"] != "issuekey":
        shaped["schema"] = field_schema(field)
    if field["custom"]:
        shaped["untranslatedName"] = field["name"]
    return shaped


def option_json(option: dict) -> dict:
    return {"id": option["id"], "value": option["value"], "disabled": option["disabled"]}
