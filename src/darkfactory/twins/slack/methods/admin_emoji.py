"""``admin.emoji.*``: the org's custom emoji and aliases, as ``emoji.list`` shows them."""

from __future__ import annotations

import re
import sqlite3

from darkfactory.twins.slack.api import SlackCall, SlackError, web_method
from darkfactory.twins.slack.pagination import page

NAME = re.compile(r"^[a-z0-9_+'-]{1,100}$")


def _new_name(call: SlackCall, argument: str) -> str:
    name = str(call.require(argument, "error_missing_name")).strip(":").lower()
    if not NAME.match(name):
        raise SlackError("error_bad_name_i18n")
    if call.state.db.one("SELECT 1 FROM slack_emoji WHERE name = ?", (name,)):
        raise SlackError("error_name_taken")
    return name


def _emoji(call: SlackCall, argument: str, missing: str) -> sqlite3.Row:
    """The emoji named by ``argument``; ``missing`` is the method's own code for none such."""
    row = call.state.db.one(
        "SELECT * FROM slack_emoji WHERE name = ?",
        (str(call.require(argument, missing)).strip(":"),),
    )
    if row is None:
        raise SlackError(missing)
    return row


def _store(call: SlackCall, name: str, value: str) -> None:
    call.state.db.insert(
        "slack_emoji",
        {"name": name, "value": value, "uploaded_by": call.user, "date_created": call.state.now()},
    )


@web_method("admin.emoji.add", scopes="admin.teams:write")
def add(call: SlackCall) -> dict:
    name = _new_name(call, "name")
    url = str(call.require("url", "no_image_uploaded"))
    if not url.startswith(("http://", "https://")):
        raise SlackError("error_bad_upload")
    _store(call, name, url)
    return {}


@web_method("admin.emoji.addAlias", scopes="admin.teams:write")
def add_alias(call: SlackCall) -> dict:
    name = _new_name(call, "name")
    target = _emoji(call, "alias_for", "error_invalid_alias")
    _store(call, name, f"alias:{target['name']}")
    return {}


@web_method("admin.emoji.list", scopes="admin.teams:read")
def list_(call: SlackCall) -> dict:
    rows = call.state.db.all("SELECT * FROM slack_emoji ORDER BY name")
    chunk, meta = page(call, rows, default_limit=100)
    emoji = {
        r["name"]: {
            "url": r["value"],
            "date_created": int(r["date_created"]),
            "uploaded_by": r["uploaded_by"],
        }
        for r in chunk
    }
    return {"emoji": emoji, "response_metadata": meta}


@web_method("admin.emoji.remove", scopes="admin.teams:write")
def remove(call: SlackCall) -> dict:
    row = _emoji(call, "name", "emoji_not_found")
    call.state.db.execute(
        "DELETE FROM slack_emoji WHERE name = ? OR value = ?", (row["name"], f"alias:{row['name']}")
    )
    return {}


@web_method("admin.emoji.rename", scopes="admin.teams:write")
def rename(call: SlackCall) -> dict:
    row = _emoji(call, "name", "error_invalid_emoji_to_rename")
    new = _new_name(call, "new_name")
    call.state.db.execute("UPDATE slack_emoji SET name = ? WHERE name = ?", (new, row["name"]))
    call.state.db.execute(
        "UPDATE slack_emoji SET value = ? WHERE value = ?", (f"alias:{new}", f"alias:{row['name']}")
    )
    return {}
