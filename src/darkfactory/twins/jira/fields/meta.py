"""Create and edit meta: the fields the screen for creating or editing an issue shows, with
whether each is required, its schema, the operations it takes and its allowed values."""

from __future__ import annotations

from darkfactory.twins.jira.fields.shapes import field_schema, option_json
from darkfactory.twins.jira.shapes import Shapes

REQUIRED = {"summary", "issuetype", "project"}


def allowed_values(shape: Shapes, project: dict, field: dict) -> list | None:
    state = shape.state
    kind = field["kind"]
    if kind in ("option", "options"):
        return [
            {"self": f"{shape.api}/customFieldOption/{o['id']}", **option_json(o)}
            for o in state.find("option", field["id"])
        ]
    if kind in ("priority", "resolution"):
        return [shape.named(kind, r["id"]) for r in state.find(kind)]
    if kind == "issuetype":
        return [shape.named("issuetype", t) for t in project["issueTypes"]]
    if kind == "project":
        return [shape.project(project)]
    if kind in ("components", "versions"):
        return [shape.part(kind[:-1], p) for p in state.find(kind[:-1], project["id"])]
    return None


OPERATIONS_OF = {
    "labels": ["add", "set", "remove"],
    "components": ["add", "set", "remove"],
    "versions": ["add", "set", "remove"],
    "options": ["add", "set", "remove"],
    "users": ["add", "set", "remove"],
    "sprint": ["add", "set", "remove"],
    "links": ["add"],
    "attachments": ["set", "add"],
    "comments": ["add", "edit", "remove"],
}


def meta_fields(shape: Shapes, project: dict, issue_type_id: str, editing: bool) -> dict:
    """The fields the screen for creating (or editing) an issue of a type shows, in its order;
    creating always takes the project and issue type, editing always takes a comment."""
    state = shape.state
    shown = state.screen_fields(project, issue_type_id, "edit" if editing else "create")
    if editing:
        chosen = [f for f in shown if f not in ("project", "issuetype")] + ["comment"]
    else:
        chosen = ["project", "issuetype"] + [f for f in shown if f not in ("project", "issuetype")]
    answer = {}
    for field in filter(None, map(state.field, dict.fromkeys(chosen))):
        entry = {
            "required": field["id"] in REQUIRED and not editing,
            "schema": field_schema(field),
            "name": field["name"],
            "key": field["id"],
            "fieldId": field["id"],
            "hasDefaultValue": field["id"] == "priority",
            "operations": OPERATIONS_OF.get(field["kind"], ["set"]),
        }
        allowed = allowed_values(shape, project, field)
        if allowed is not None:
            entry["allowedValues"] = allowed
        answer[field["id"]] = entry
    return answer
