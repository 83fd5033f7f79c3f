"""``admin.barriers.*``: information barriers between user groups (no DMs, MPIMs or calls)."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from darkfactory.twins.slack.api import SlackCall, SlackError, web_method
from darkfactory.twins.slack.pagination import page

SUBJECTS = {"im", "mpim", "call"}


def _usergroup(call: SlackCall, group_id: str) -> dict[str, str]:
    row = call.state.db.one("SELECT id, name FROM slack_usergroups WHERE id = ?", (group_id,))
    if row is None:
        raise SlackError("invalid_usergroup_id")
    return {"id": row["id"], "name": row["name"]}


def _definition(call: SlackCall) -> dict[str, Any]:
    primary = _usergroup(call, call.require("primary_usergroup_id", "invalid_usergroup_id"))
    others = call.listing("barriered_from_usergroup_ids")
    if not others:
        raise SlackError("invalid_arguments")
    if primary["id"] in others:
        raise SlackError("invalid_barrier")
    for group_id in others:
        _usergroup(call, group_id)
    subjects = call.listing("restricted_subjects")
    if set(subjects) != SUBJECTS:
        raise SlackError("invalid_restricted_subjects")
    return {
        "primary_usergroup": primary["id"],
        "barriered_from": json.dumps(others),
        "restricted_subjects": json.dumps(sorted(subjects)),
        "date_update": call.state.now(),
    }


def _barrier(call: SlackCall) -> sqlite3.Row:
    row = call.state.db.one(
        "SELECT * FROM slack_barriers WHERE id = ?",
        (call.require("barrier_id", "barrier_not_found"),),
    )
    if row is None:
        raise SlackError("barrier_not_found")
    return row


def barrier_object(call: SlackCall, row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "enterprise_id": call.state.team()["enterprise_id"],
        "primary_usergroup": _usergroup(call, row["primary_usergroup"]),
        "barriered_from_usergroups": [
            _usergroup(call, g) for g in json.loads(row["barriered_from"])
        ],
        "restricted_subjects": json.loads(row["restricted_subjects"]),
        "date_update": int(row["date_update"]),
    }


def _answer(call: SlackCall, barrier_id: str) -> dict:
    row = call.state.db.one("SELECT * FROM slack_barriers WHERE id = ?", (barrier_id,))
    return {"barrier": barrier_object(call, row)}


@web_method("admin.barriers.create", scopes="admin.barriers:write")
def create(call: SlackCall) -> dict:
    definition = _definition(call)
    if call.state.db.one(
        "SELECT 1 FROM slack_barriers WHERE primary_usergroup = ?",
        (definition["primary_usergroup"],),
    ):
        raise SlackError("barrier_already_exists")
    barrier_id = call.state.new_id("Ba")
    call.state.db.insert("slack_barriers", {"id": barrier_id, **definition})
    return _answer(call, barrier_id)


@web_method("admin.barriers.update", scopes="admin.barriers:write")
def update(call: SlackCall) -> dict:
    row = _barrier(call)
    definition = _definition(call)
    for column, value in definition.items():
        call.state.db.execute(
            f"UPDATE slack_barriers SET {column} = ? WHERE id = ?", (value, row["id"])
        )
    return _answer(call, row["id"])


@web_method("admin.barriers.delete", scopes="admin.barriers:write")
def delete(call: SlackCall) -> dict:
    row = _barrier(call)
    call.state.db.execute("DELETE FROM slack_barriers WHERE id = ?", (row["id"],))
    return {}


@web_method("admin.barriers.list", scopes="admin.barriers:read")
def list_(call: SlackCall) -> dict:
    rows = call.state.db.all("SELECT * FROM slack_barriers ORDER BY date_update, id")
    chunk, meta = page(call, rows, default_limit=100)
    return {"barriers": [barrier_object(call, r) for r in chunk], "response_metadata": meta}


def barrier_between(state, people: list[str]) -> bool:
    """Whether an information barrier forbids these people a DM or MPIM together."""
    for row in state.db.all("SELECT * FROM slack_barriers"):
        sides = [row["primary_usergroup"], *json.loads(row["barriered_from"])]
        members = {
            group: {
                r["user_id"]
                for r in state.db.all(
                    "SELECT user_id FROM slack_usergroup_members WHERE usergroup_id = ?", (group,)
                )
            }
            for group in sides
        }
        inside = members[sides[0]] & set(people)
        outside = set().union(*(members[g] for g in sides[1:])) & set(people)
        if inside and outside - inside:
            return True
    return False
