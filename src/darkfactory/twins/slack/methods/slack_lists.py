"""``slackLists.*``: Lists, tables of typed columns whose items (and subtasks) people edit.

A List belongs to the one who made it (its owner); ``slackLists.access.set`` lets people or the
members of channels read or write it. Anyone else is told ``list_not_found``; a reader who tries
to write gets ``permission_denied``, and only the owner may change who has access
(``restricted_action``). Cell values are checked against their column's type, users, channels
and select choices. ``slackLists.download.start`` exports the List as CSV, which
``slackLists.download.get`` hands out at a URL that takes a ``lists:read`` token.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from collections.abc import Callable
from typing import Any

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.kit.operation import Call, operation
from darkfactory.twins.slack.api import SlackCall, SlackError, authenticate, web_method
from darkfactory.twins.slack.pagination import page
from darkfactory.twins.slack.state import SlackState

READ, WRITE = "lists:read", "lists:write"
LEVELS = {"read": 1, "write": 2, "owner": 3}
# column type -> the key its cell values are given under
VALUE_KEYS = {
    "text": "rich_text",
    "number": "number",
    "date": "date",
    "select": "select",
    "user": "user",
    "checkbox": "checkbox",
    "email": "email",
    "phone": "phone",
    "link": "link",
    "channel": "channel",
    "rating": "rating",
    "todo_completed": "checkbox",
    "todo_assignee": "user",
    "todo_due_date": "date",
}
TODO_COLUMNS = (
    ("todo_completed", "Completed", "todo_completed"),
    ("todo_assignee", "Assignee", "todo_assignee"),
    ("todo_due_date", "Due date", "todo_due_date"),
)
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# value key -> (what each of its values must be, the error otherwise)
SHAPES: dict[str, tuple[Callable[[Any], bool], str]] = {
    "date": (lambda v: isinstance(v, str) and bool(DATE.match(v)), "invalid_date"),
    "number": (
        lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "invalid_input_type",
    ),
    "rating": (
        lambda v: isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 5,
        "invalid_input_type",
    ),
    "email": (lambda v: isinstance(v, str) and "@" in v, "invalid_email"),
}


# -- lists and who may use them ---------------------------------------------------------------
def _level(state: SlackState, row: sqlite3.Row, user_id: str) -> int:
    if row["owner"] == user_id:
        return LEVELS["owner"]
    grants = state.db.all("SELECT * FROM slack_list_access WHERE list_id = ?", (row["id"],))
    return max(
        (
            LEVELS[g["level"]]
            for g in grants
            if g["entity"] == user_id
            or (g["entity"][0] in "CG" and state.is_member(g["entity"], user_id))
        ),
        default=0,
    )


def _list(call: SlackCall, need: str = "read", arg: str = "list_id") -> sqlite3.Row:
    """The List named by ``arg``, if the caller holds at least ``need`` on it."""
    list_id = call.require(arg)
    row = call.state.db.one("SELECT * FROM slack_lists WHERE id = ?", (list_id,))
    level = _level(call.state, row, call.user) if row else 0
    if not level:
        raise SlackError("list_not_found")
    if level < LEVELS[need]:
        raise SlackError("restricted_action" if need == "owner" else "permission_denied")
    return row


def _columns(row: sqlite3.Row) -> list[dict[str, Any]]:
    return json.loads(row["columns"])


def _new_column(call: SlackCall, key: str, name: str, kind: str, **extra: Any) -> dict[str, Any]:
    return {"id": call.state.new_id("Col", 9), "key": key, "name": name, "type": kind, **extra}


def _schema(call: SlackCall) -> list[dict[str, Any]]:
    """Columns from ``schema``, the first text column primary unless one says it is."""
    given = call.structured("schema")
    if given is None:
        return [_new_column(call, "name", "Name", "text", is_primary_column=True)]
    if not isinstance(given, list) or not given:
        raise SlackError("invalid_schema")
    columns = []
    for spec in given:
        if not isinstance(spec, dict) or not spec.get("key") or not spec.get("name"):
            raise SlackError("invalid_schema")
        if spec.get("type") not in VALUE_KEYS:
            raise SlackError("invalid_column_type")
        extra = {"options": spec["options"]} if isinstance(spec.get("options"), dict) else {}
        column = _new_column(call, str(spec["key"]), str(spec["name"]), spec["type"], **extra)
        column["is_primary_column"] = bool(spec.get("is_primary_column"))
        columns.append(column)
    primaries = [c for c in columns if c["is_primary_column"]]
    if len(primaries) > 1 or any(c["type"] != "text" for c in primaries):
        raise SlackError("invalid_primary_column")
    if not primaries:
        first_text = next((c for c in columns if c["type"] == "text"), None)
        if first_text is None:
            raise SlackError("invalid_primary_column")
        first_text["is_primary_column"] = True
    return columns


def _with_todo(call: SlackCall, columns: list[dict[str, Any]]) -> list[dict[str, Any]]:
    have = {c["type"] for c in columns}
    return columns + [
        _new_column(call, key, name, kind) for key, name, kind in TODO_COLUMNS if kind not in have
    ]


def _metadata(columns: list[dict[str, Any]]) -> dict[str, Any]:
    return {"schema": columns, "subtask_schema": columns}


def _list_object(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "name": row["name"],
        "title": row["name"],
        "created": int(row["created"]),
        "updated": int(row["updated"]),
        "user": row["owner"],
        "is_list": True,
        "list_metadata": {**_metadata(_columns(row)), "todo_mode": bool(row["todo_mode"])},
    }


# -- cell values ------------------------------------------------------------------------------
def _plain_text(blocks: Any) -> str:
    """The words of rich_text blocks, as Slack shows a text cell's ``text``."""
    if isinstance(blocks, dict):
        if blocks.get("type") == "text":
            return str(blocks.get("text", ""))
        return _plain_text(blocks.get("elements", []))
    if isinstance(blocks, list):
        return "".join(_plain_text(b) for b in blocks)
    return ""


def _checked(call: SlackCall, column: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    """A cell as stored: ``given`` holds the value under its column type's key."""
    kind = column["type"]
    key = VALUE_KEYS[kind]
    others = [k for k in VALUE_KEYS.values() if k != key and k in given]
    if key not in given or others:
        raise SlackError("invalid_input_type")
    value = given[key]
    if key == "checkbox":
        if not isinstance(value, bool):
            raise SlackError("invalid_input_type")
    elif not isinstance(value, list):
        raise SlackError("invalid_input_type")
    elif key in SHAPES:
        fits, error = SHAPES[key]
        if not all(fits(v) for v in value):
            raise SlackError(error)
    elif key == "user":
        for user_id in value:
            call.state.user(str(user_id))
    elif key == "channel":
        for channel_id in value:
            call.state.channel(str(channel_id))
    elif key == "select":
        choices = {c.get("value") for c in (column.get("options") or {}).get("choices", [])}
        if not set(value) <= choices:
            raise SlackError("invalid_option_id")
    cell = {"key": column["key"], "column_id": column["id"], key: value}
    if key == "rich_text":
        cell["text"] = _plain_text(value)
    return cell


def _cells(
    call: SlackCall, row: sqlite3.Row, given: Any, with_row: bool = False
) -> list[tuple[str | None, dict[str, Any]]]:
    """``(row_id, cell)`` for each of ``given``, checked against the List's columns."""
    if not isinstance(given, list):
        raise SlackError("invalid_args")
    columns = {c["id"]: c for c in _columns(row)}
    cells = []
    for entry in given:
        if not isinstance(entry, dict):
            raise SlackError("invalid_args")
        if with_row and not entry.get("row_id"):
            raise SlackError("row_id_not_provided")
        if not entry.get("column_id"):
            raise SlackError("column_id_not_provided" if with_row else "invalid_column_id")
        column = columns.get(entry["column_id"])
        if column is None:
            raise SlackError("column_not_found" if with_row else "invalid_column_id")
        cells.append((entry.get("row_id"), _checked(call, column, entry)))
    return cells


# -- items ------------------------------------------------------------------------------------
def _item(
    state: SlackState, list_id: str, item_id: str | None, error: str = "record_not_found"
) -> sqlite3.Row:
    row = state.db.one(
        "SELECT * FROM slack_list_items WHERE id = ? AND list_id = ?", (item_id, list_id)
    )
    if row is None:
        raise SlackError(error)
    return row


def _item_object(row: sqlite3.Row) -> dict[str, Any]:
    item = {
        "id": row["id"],
        "list_id": row["list_id"],
        "date_created": int(row["created"]),
        "created_by": row["created_by"],
        "updated_by": row["updated_by"],
        "updated_timestamp": f"{row['updated']:.6f}",
        "fields": list(json.loads(row["fields"]).values()),
    }
    if row["parent_id"]:
        item["parent_record_id"] = row["parent_id"]
    return item


def _live_items(state: SlackState, list_id: str) -> list[sqlite3.Row]:
    return state.db.all(
        "SELECT * FROM slack_list_items WHERE list_id = ? AND deleted = 0 ORDER BY created, rowid",
        (list_id,),
    )


def _touch(call: SlackCall, list_id: str) -> None:
    call.state.db.execute(
        "UPDATE slack_lists SET updated = ? WHERE id = ?", (call.state.now(), list_id)
    )


# -- methods ----------------------------------------------------------------------------------
@web_method("slackLists.create", scopes=WRITE)
def create(call: SlackCall) -> dict:
    name = call.require("name")
    source_id = call.get("copy_from_list_id")
    if call.flag("include_copied_list_records") and not source_id:
        raise SlackError("missing_arg_copy_from_list_id")
    if source_id and call.get("schema") is not None:
        raise SlackError("invalid_copy_and_schema_args")
    source = _list(call, arg="copy_from_list_id") if source_id else None
    columns = _columns(source) if source else _schema(call)
    todo = call.flag("todo_mode") or bool(source and source["todo_mode"])
    if todo:
        columns = _with_todo(call, columns)
    state = call.state
    list_id, now = state.new_id("F"), state.now()
    state.db.insert(
        "slack_lists",
        {
            "id": list_id,
            "name": name,
            "owner": call.user,
            "description_blocks": json.dumps(call.structured("description_blocks") or []),
            "todo_mode": int(todo),
            "columns": json.dumps(columns),
            "created": now,
            "updated": now,
        },
    )
    if source is not None and call.flag("include_copied_list_records"):
        for item in _live_items(state, source["id"]):
            _insert_item(call, list_id, json.loads(item["fields"]), None)
    return {"list_id": list_id, "list_metadata": _metadata(columns)}


def _insert_item(call: SlackCall, list_id: str, fields: dict, parent: str | None) -> str:
    state = call.state
    item_id, now = state.new_id("Rec"), state.now()
    state.db.insert(
        "slack_list_items",
        {
            "id": item_id,
            "list_id": list_id,
            "parent_id": parent,
            "fields": json.dumps(fields),
            "created": now,
            "created_by": call.user,
            "updated": now,
            "updated_by": call.user,
        },
    )
    return item_id


@web_method("slackLists.update", scopes=WRITE)
def update(call: SlackCall) -> dict:
    row = _list(call, "write", arg="id")
    changes: dict[str, Any] = {}
    if call.get("name") is not None:
        changes["name"] = call.get("name")
    if call.get("description_blocks") is not None:
        changes["description_blocks"] = json.dumps(call.structured("description_blocks"))
    if call.get("todo_mode") is not None:
        changes["todo_mode"] = int(call.flag("todo_mode"))
        if changes["todo_mode"]:
            changes["columns"] = json.dumps(_with_todo(call, _columns(row)))
    if not changes:
        raise SlackError("missing_arguments")
    assignments = ", ".join(f"{k} = ?" for k in changes)
    call.state.db.execute(
        f"UPDATE slack_lists SET {assignments} WHERE id = ?", (*changes.values(), row["id"])
    )
    _touch(call, row["id"])
    return {}


@web_method("slackLists.items.create", scopes=WRITE)
def items_create(call: SlackCall) -> dict:
    row = _list(call, "write")
    parent = call.get("parent_item_id")
    if parent is not None:
        _item(call.state, row["id"], parent)
    fields: dict[str, Any] = {}
    if call.get("duplicated_item_id") is not None:
        original = call.state.db.one(
            "SELECT fields FROM slack_list_items WHERE id = ? AND list_id = ? AND deleted = 0",
            (call.get("duplicated_item_id"), row["id"]),
        )
        if original is None:
            raise SlackError("duplicated_item_not_found")
        fields = json.loads(original["fields"])
    given = call.structured("initial_fields")
    for _row_id, cell in _cells(call, row, given if given is not None else []):
        fields[cell["column_id"]] = cell
    item_id = _insert_item(call, row["id"], fields, parent)
    _touch(call, row["id"])
    return {"item": _item_object(_item(call.state, row["id"], item_id))}


@web_method("slackLists.items.update", scopes=WRITE)
def items_update(call: SlackCall) -> dict:
    row = _list(call, "write")
    cells = _cells(call, row, call.structured("cells"), with_row=True)
    state = call.state
    for row_id, cell in cells:
        item = _item(state, row["id"], row_id, "row_not_found")
        if item["deleted"]:
            raise SlackError("row_not_found")
        fields = {**json.loads(item["fields"]), cell["column_id"]: cell}
        state.db.execute(
            "UPDATE slack_list_items SET fields = ?, updated = ?, updated_by = ? WHERE id = ?",
            (json.dumps(fields), state.now(), call.user, item["id"]),
        )
    _touch(call, row["id"])
    return {}


@web_method("slackLists.items.list", scopes=READ)
def items_list(call: SlackCall) -> dict:
    row = _list(call)
    items = [] if call.flag("archived") else _live_items(call.state, row["id"])
    chunk, metadata = page(call, items)
    return {"items": [_item_object(i) for i in chunk], "response_metadata": metadata}


@web_method("slackLists.items.info", scopes=READ)
def items_info(call: SlackCall) -> dict:
    row = _list(call)
    item = _item(call.state, row["id"], call.require("id"))
    if item["deleted"]:
        raise SlackError("record_deleted")
    subtasks = [i for i in _live_items(call.state, row["id"]) if i["parent_id"] == item["id"]]
    return {
        "list": _list_object(row),
        "record": _item_object(item),
        "subtasks": [_item_object(i) for i in subtasks],
    }


def _delete_items(call: SlackCall, list_id: str, item_ids: list[str]) -> None:
    """Delete items and their subtasks."""
    call.state.db.execute(
        "UPDATE slack_list_items SET deleted = 1 WHERE list_id = ? AND (id IN "
        "(SELECT value FROM json_each(?)) OR parent_id IN (SELECT value FROM json_each(?)))",
        (list_id, json.dumps(item_ids), json.dumps(item_ids)),
    )
    _touch(call, list_id)


@web_method("slackLists.items.delete", scopes=WRITE)
def items_delete(call: SlackCall) -> dict:
    row = _list(call, "write")
    item = _item(call.state, row["id"], call.require("id"))
    if item["deleted"]:
        raise SlackError("record_not_found")
    _delete_items(call, row["id"], [item["id"]])
    return {}


@web_method("slackLists.items.deleteMultiple", scopes=WRITE)
def items_delete_multiple(call: SlackCall) -> dict:
    row = _list(call, "write")
    call.require("ids")
    _delete_items(call, row["id"], call.listing("ids"))
    return {}


def _entities(call: SlackCall) -> list[str]:
    """Exactly one of ``user_ids`` or ``channel_ids``, each of which must exist."""
    users, channels = call.listing("user_ids"), call.listing("channel_ids")
    if bool(users) == bool(channels):
        raise SlackError("invalid_parameters")
    for user_id in users:
        call.state.user(user_id)
    for channel_id in channels:
        call.state.channel(channel_id)
    return users or channels


@web_method("slackLists.access.set", scopes=WRITE)
def access_set(call: SlackCall) -> dict:
    row = _list(call, "owner")
    level = call.require("access_level")
    entities = _entities(call)
    if level not in ("read", "write", "owner"):
        raise SlackError("invalid_parameters")
    if level == "owner":
        if len(entities) != 1 or entities[0][0] in "CG":
            raise SlackError("invalid_parameters")
        call.state.db.execute(
            "UPDATE slack_lists SET owner = ? WHERE id = ?", (entities[0], row["id"])
        )
        entities, level = [row["owner"]], "write"  # the former owner keeps write access
    for entity in entities:
        call.state.db.execute(
            "INSERT INTO slack_list_access(list_id, entity, level) VALUES (?, ?, ?) "
            "ON CONFLICT(list_id, entity) DO UPDATE SET level = excluded.level",
            (row["id"], entity, level),
        )
    return {}


@web_method("slackLists.access.delete", scopes=WRITE)
def access_delete(call: SlackCall) -> dict:
    row = _list(call, "owner")
    for entity in _entities(call):
        call.state.db.execute(
            "DELETE FROM slack_list_access WHERE list_id = ? AND entity = ?", (row["id"], entity)
        )
    return {}


def _csv(row: sqlite3.Row, items: list[sqlite3.Row]) -> str:
    columns = _columns(row)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c["name"] for c in columns])
    for item in items:
        fields = json.loads(item["fields"])
        writer.writerow([_cell_text(fields.get(c["id"]), c) for c in columns])
    return out.getvalue()


def _cell_text(cell: dict[str, Any] | None, column: dict[str, Any]) -> str:
    if cell is None:
        return ""
    value = cell[VALUE_KEYS[column["type"]]]
    if column["type"] == "text":
        return cell["text"]
    return str(value).lower() if isinstance(value, bool) else ", ".join(map(str, value))


@web_method("slackLists.download.start", scopes=READ)
def download_start(call: SlackCall) -> dict:
    row = _list(call)
    job_id = call.state.new_id("Le")
    call.state.db.insert(
        "slack_list_exports",
        {
            "id": job_id,
            "list_id": row["id"],
            "user_id": call.user,
            "csv": _csv(row, _live_items(call.state, row["id"])),
        },
    )
    return {"job_id": job_id}


@web_method("slackLists.download.get", scopes=READ)
def download_get(call: SlackCall) -> dict:
    row = _list(call)
    job = call.state.db.one(
        "SELECT * FROM slack_list_exports WHERE id = ? AND list_id = ? AND user_id = ?",
        (call.require("job_id"), row["id"], call.user),
    )
    if job is None:
        raise SlackError("job_not_found")
    url = f"{call.universe.url}/slack/lists-export/{job['id']}/{row['name']}.csv"
    return {"status": "COMPLETED", "download_url": url}


@operation("slackLists.download")
def export_file(call: Call) -> Response:
    """An export's CSV, for a ``lists:read`` token of the one who started it."""
    header = call.headers.get("authorization", "")
    token = header[7:].strip() if header.lower().startswith("bearer ") else None
    grant = authenticate(call, token, status=403)
    if not grant.has(READ):
        raise SlackError("missing_scope", 403, needed=READ)
    job = call.twin.state.db.one(
        "SELECT * FROM slack_list_exports WHERE id = ? AND user_id = ?",
        (call.path_params["job_id"], grant.principal),
    )
    if job is None:
        return Response("Not found", 404, media_type="text/plain")
    return Response(job["csv"], media_type="text/csv")


def routes() -> list[Route]:
    return [Route("/lists-export/{job_id}/{name}", export_file, methods=["GET"])]
