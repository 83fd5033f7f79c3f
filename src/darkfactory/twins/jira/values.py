"""Field values: from a request to what is stored, from stored to the wire, and to the
changelog's display strings. One function per direction, dispatched on the field's ``kind``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from darkfactory.twins.jira import adf
from darkfactory.twins.jira.errors import bad_request, cannot_set
from darkfactory.twins.jira.times import jira_time, parse_date, parse_instant

ARRAY_KINDS = {"labels", "components", "versions", "options", "users", "sprint"}
SINGULAR = {
    "labels": "string",
    "components": "component",
    "versions": "version",
    "options": "option",
    "users": "user",
    "sprint": "sprint-item",
}
NAMED_KINDS = {"issuetype": "issue type", "priority": "priority", "resolution": "resolution"}


def same(old: Any, new: Any) -> bool:
    return old == new or (old in (None, [], "") and new in (None, [], ""))


def has_text(doc: Any) -> bool:
    return bool(adf.to_text(doc).strip())


def _ref_key(raw: Any) -> Any:
    if isinstance(raw, dict):
        return (
            raw.get("accountId")
            or raw.get("id")
            or raw.get("key")
            or raw.get("name")
            or raw.get("value")
        )
    return raw


# -- request -> stored ------------------------------------------------------------------------
def read(state, project: dict, field: dict, raw: Any, version: str) -> Any:
    """The stored value for a request's ``raw`` value of ``field`` in ``project``."""
    kind, fid = field["kind"], field["id"]
    if kind in ARRAY_KINDS:
        if raw is None:
            return []
        if not isinstance(raw, list):
            raise bad_request(errors={fid: "data was not an array"})
        return [_read_one(state, project, field, item, version) for item in raw]
    if raw is None or raw == "":
        if kind in NAMED_KINDS and fid == "issuetype":
            raise bad_request(issuetype="Specify a valid issue type")
        return None
    return _read_one(state, project, field, raw, version)


def _read_one(state, project: dict, field: dict, raw: Any, version: str) -> Any:
    kind, fid = field["kind"], field["id"]
    if kind == "string":
        if not isinstance(raw, str):
            raise bad_request(errors={fid: "Operation value must be a string"})
        if fid == "summary" and len(raw) > 255:
            raise bad_request(summary="Summary must be less than 255 characters.")
        return raw
    if kind == "adf":
        return adf.read(raw, version, fid)
    if kind == "number":
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise bad_request(errors={fid: "Operation value must be a number"})
        return raw
    if kind == "date":
        parsed = parse_date(raw) if isinstance(raw, str) else None
        if parsed is None:
            raise bad_request(errors={fid: f"Error parsing date string: {raw}"})
        return parsed
    if kind == "datetime":
        parsed = parse_instant(raw) if isinstance(raw, str) else None
        if parsed is None:
            raise bad_request(errors={fid: f"Error parsing date string: {raw}"})
        return parsed
    if kind in ("user", "users"):
        found = state.find_user(str(_ref_key(raw)))
        if found is None:
            raise bad_request(
                errors={
                    fid: f"Specified user does not exist or you do not have access: {_ref_key(raw)}"
                }
            )
        return found["accountId"]
    if kind in ("option", "options"):
        return state.option(fid, raw if isinstance(raw, dict) else str(raw))["id"]
    if kind == "labels":
        if not isinstance(raw, str) or not raw:
            raise bad_request(errors={fid: "Operation value must be a string"})
        if " " in raw:
            raise bad_request(errors={fid: f"The label '{raw}' contains spaces which is invalid."})
        return raw
    if kind in ("components", "versions"):
        return state.part_by_ref(kind[:-1], project, raw)["id"]
    if kind in NAMED_KINDS:
        try:
            found = state.named(kind, raw, NAMED_KINDS[kind])
        except Exception:
            raise bad_request(errors={fid: f"Specify a valid '{fid}' id or name"}) from None
        return found["id"]
    if kind == "parent":
        parent = state.find_issue(str(_ref_key(raw)))
        if parent is None:
            raise bad_request(parent="Could not find issue by id or key.")
        return parent["id"]
    if kind == "sprint":
        sprint = state.get("sprint", _ref_key(raw))
        if sprint is None:
            raise bad_request(errors={fid: f"Sprint with id {_ref_key(raw)} does not exist"})
        return sprint["id"]
    raise cannot_set(fid)


# -- stored -> wire ----------------------------------------------------------------------------
Renderer = Callable[[Any, Any], Any]  # (the request's shapes, a stored value) -> the wire's


def renderer(field: dict) -> Renderer:
    """The function that turns a stored value of ``field`` into the wire's; none stored is
    null (an empty list for a list field)."""
    one = _one(field)
    if field["kind"] in ARRAY_KINDS:
        if one is None:
            return lambda shapes, stored: list(stored or [])
        return lambda shapes, stored: [one(shapes, item) for item in stored or []]
    if one is None:
        return lambda shapes, stored: stored
    return lambda shapes, stored: None if stored is None else one(shapes, stored)


def _one(field: dict) -> Renderer | None:
    """The wire form of one stored item of ``field``; None when it is shown as it is stored."""
    kind = field["kind"]
    if kind == "adf":
        return lambda shapes, stored: adf.write(stored, shapes.version)
    if kind == "datetime":
        return lambda shapes, stored: jira_time(stored)
    if kind in ("user", "users"):
        return lambda shapes, stored: shapes.user(stored)
    if kind in ("option", "options"):
        return _option
    if kind in ("components", "versions"):
        part_kind = kind[:-1]
        return lambda shapes, stored: _part(shapes, part_kind, stored)
    if kind in NAMED_KINDS:
        return lambda shapes, stored: shapes.named(kind, stored)
    if kind == "status":
        return lambda shapes, stored: shapes.status(stored)
    if kind == "parent":
        return _parent
    if kind == "sprint":
        return _sprint
    return None


def _option(shapes, stored: str) -> dict:
    return {
        "self": f"{shapes.api}/customFieldOption/{stored}",
        "value": shapes.state.get("option", stored)["value"],
        "id": stored,
    }


def _part(shapes, kind: str, stored: str) -> dict | None:
    part = shapes.state.get(kind, stored)
    return shapes.part(kind, part) if part else None


def _parent(shapes, stored: str) -> dict | None:
    parent = shapes.state.get("issue", stored)
    if parent is None:
        return None
    return {
        "id": parent["id"],
        "key": parent["key"],
        "self": f"{shapes.api}/issue/{parent['id']}",
        "fields": {
            "summary": parent["fields"]["summary"],
            "status": shapes.status(parent["fields"]["status"]),
        },
    }


def _sprint(shapes, stored: str) -> dict | None:
    sprint = shapes.state.get("sprint", stored)
    return (
        None
        if sprint is None
        else {k: sprint[k] for k in ("id", "name", "state", "boardId", "goal")}
    )


# -- stored -> changelog ------------------------------------------------------------------------
def display(state, field: dict, stored: Any) -> str | None:
    """The changelog's ``fromString``/``toString`` for a stored value."""
    kind = field["kind"]
    if stored is None or stored == []:
        return None
    if kind in ARRAY_KINDS:
        sep = " " if kind == "labels" else ", "
        one = {**field, "kind": SINGULAR[kind]}
        return sep.join(str(display(state, one, v)) for v in stored)
    if kind == "adf":
        return adf.to_text(stored)
    if kind == "datetime":
        return jira_time(stored)
    if kind == "user":
        user = state.get("user", stored)
        return user["displayName"] if user else stored
    if kind == "option":
        return (state.get("option", stored) or {}).get("value")
    if kind in ("component", "version"):
        return (state.get(kind, stored) or {}).get("name")
    if kind in NAMED_KINDS or kind == "status":
        return (state.get(kind, stored) or {}).get("name")
    if kind == "parent":
        return (state.get("issue", stored) or {}).get("key")
    if kind == "sprint-item":
        return (state.get("sprint", stored) or {}).get("name")
    return str(stored)


def raw_id(field: dict, stored: Any) -> str | None:
    if stored is None or stored == [] or field["kind"] in ("string", "adf", "labels"):
        return None
    if isinstance(stored, list):
        return ", ".join(str(v) for v in stored)
    return str(stored)


def history_item(state, field: dict, old: Any, new: Any) -> dict:
    name = field["name"] if field.get("custom") else field["id"]
    return {
        "field": name,
        "fieldtype": "custom" if field.get("custom") else "jira",
        "fieldId": field["id"],
        "from": raw_id(field, old),
        "fromString": display(state, field, old),
        "to": raw_id(field, new),
        "toString": display(state, field, new),
    }


def plain_item(
    field_id: str,
    name: str,
    before: str | None,
    after: str | None,
    to: str | None = None,
    frm: str | None = None,
) -> dict:
    return {
        "field": name,
        "fieldtype": "jira",
        "fieldId": field_id,
        "from": frm,
        "fromString": before,
        "to": to,
        "toString": after,
    }
