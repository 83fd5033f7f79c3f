"""``apps.*``: an installed app removing itself; apps defined by manifest with a configuration
token (``apps.manifest.*``, which take no other token), created uninstalled until someone
installs them through OAuth; Socket Mode connection URLs for an app-level token
(``apps.connections.open``, which takes no other token); the installations an event is visible
to (``apps.event.authorizations.list``, for an app-level token with ``authorizations:read``)."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from typing import Any
from urllib.parse import urlencode

from darkfactory.twins.slack import event_context
from darkfactory.twins.slack.api import SlackCall, SlackError, web_method
from darkfactory.twins.slack.apps import (
    AppSpecError,
    checked_spec,
    define_app,
    set_commands,
    set_request_url,
    set_socket_mode,
)
from darkfactory.twins.slack.methods.oauth import client_app
from darkfactory.twins.slack.pagination import page
from darkfactory.twins.slack.socket_mode import new_ticket

MAX_NAME = 35


def remove_from_workspace(call: SlackCall, app: sqlite3.Row) -> None:
    """Every token the app holds is revoked and its bot user is gone."""
    call.state.db.execute(
        "UPDATE kit_tokens SET revoked = 1 WHERE twin = 'slack' "
        "AND json_extract(meta, '$.app_id') = ?",
        (app["id"],),
    )
    call.state.db.execute("UPDATE slack_bots SET deleted = 1 WHERE id = ?", (app["bot_id"],))


@web_method("apps.uninstall")
def uninstall(call: SlackCall) -> dict:
    app = client_app(call)
    if call.grant.meta.get("app_id") != app["id"]:
        raise SlackError("client_id_token_mismatch")
    remove_from_workspace(call, app)
    call.state.log_integration(app["id"], call.user, "removed", reason="user")
    return {}


@web_method("apps.connections.open", scopes="connections:write", token="app")
def connections_open(call: SlackCall) -> dict:
    return {"url": new_ticket(call.state, call.grant.meta["app_id"])}


@web_method("apps.event.authorizations.list", scopes="authorizations:read", token="app")
def event_authorizations_list(call: SlackCall) -> dict:
    """Every installation of the app that an event it received is visible to: its bot, and
    each person who installed it with a user token."""
    context = event_context.decode(str(call.require("event_context")))
    if context is None:
        raise SlackError("invalid_event_context")
    app_id = call.grant.meta["app_id"]
    if context["aid"] != app_id:
        raise SlackError("auth_mismatch")
    app = call.state.db.one("SELECT * FROM slack_apps WHERE id = ?", (app_id,))
    installed = call.state.db.all(
        "SELECT DISTINCT principal, kind FROM kit_tokens WHERE twin = 'slack' AND revoked = 0 "
        "AND kind IN ('bot', 'user') AND json_extract(meta, '$.app_id') = ? "
        "AND json_extract(meta, '$.function_execution_id') IS NULL ORDER BY kind, principal",
        (app_id,),
    )
    channel = context.get("cid")
    visible = [
        row
        for row in installed
        if channel is None
        or call.state.db.one(
            "SELECT 1 FROM slack_channels WHERE id = ? AND kind = 'public'", (channel,)
        )
        or call.state.is_member(channel, row["principal"])
    ]
    chunk, metadata = page(call, visible)
    authorizations = [
        {
            "enterprise_id": None,
            "team_id": context["tid"],
            "user_id": row["principal"],
            "is_bot": row["kind"] == "bot" and row["principal"] == app["bot_user_id"],
            "is_enterprise_install": False,
        }
        for row in chunk
    ]
    return {"authorizations": authorizations, "response_metadata": metadata}


def _invalid(message: str, pointer: str) -> SlackError:
    return SlackError("invalid_manifest", errors=[{"message": message, "pointer": pointer}])


def _at(manifest: dict, *path: str) -> Any:
    value: Any = manifest
    for part in path:
        value = value.get(part) if isinstance(value, dict) else None
    return value


def manifest_spec(call: SlackCall) -> dict[str, Any]:
    """The registry's app definition for a manifest, or ``invalid_manifest`` with pointers."""
    manifest = call.structured("manifest")
    if not isinstance(manifest, dict):
        raise _invalid("manifest must be a JSON object", "/")
    name = _at(manifest, "display_information", "name")
    if not isinstance(name, str) or not name.strip():
        raise _invalid("must have a name", "/display_information/name")
    if len(name) > MAX_NAME:
        raise _invalid(f"must be at most {MAX_NAME} characters", "/display_information/name")
    interactivity = _at(manifest, "settings", "interactivity") or {}
    commands = _at(manifest, "features", "slash_commands") or []
    spec = {
        "name": name,
        "scopes": _at(manifest, "oauth_config", "scopes", "bot") or [],
        "user_scopes": _at(manifest, "oauth_config", "scopes", "user") or [],
        "redirect_urls": _at(manifest, "oauth_config", "redirect_urls") or [],
        "events": _at(manifest, "settings", "event_subscriptions", "bot_events") or [],
        "request_url": _at(manifest, "settings", "event_subscriptions", "request_url"),
        "interactivity_url": interactivity.get("request_url")
        if isinstance(interactivity, dict) and interactivity.get("is_enabled")
        else None,
        "commands": commands,
        "shortcuts": _at(manifest, "features", "shortcuts") or [],
        "socket_mode": _at(manifest, "settings", "socket_mode_enabled") is True,
    }
    if spec["events"] and not spec["request_url"] and not spec["socket_mode"]:
        raise _invalid("bot events need a request_url", "/settings/event_subscriptions")
    try:
        return checked_spec(spec)
    except AppSpecError as problem:
        raise _invalid(str(problem), "/") from None


def _manifest_row(call: SlackCall) -> sqlite3.Row:
    row = call.state.db.one(
        "SELECT m.*, a.client_id FROM slack_app_manifests m JOIN slack_apps a ON a.id = m.app_id "
        "WHERE m.app_id = ? AND m.owner = ?",
        (call.require("app_id", "invalid_app_id"), call.user),
    )
    if row is None:
        raise SlackError("invalid_app_id")
    return row


def _verify_later(call: SlackCall, app_id: str, url: str | None) -> None:
    """Keep ``url`` for events once it answers the challenge, after this call commits."""
    if not url:
        return
    state = call.state

    async def verify() -> None:
        # A URL that fails the challenge is not kept, as Slack keeps none.
        with contextlib.suppress(AppSpecError):
            await set_request_url(state, app_id, url)

    call.call.after.append(verify)


@web_method("apps.manifest.validate", token="config")
def manifest_validate(call: SlackCall) -> dict:
    if call.get("app_id"):
        _manifest_row(call)
    manifest_spec(call)
    return {}


@web_method("apps.manifest.create", token="config")
def manifest_create(call: SlackCall) -> dict:
    spec = manifest_spec(call)
    app = define_app(call.state, {**spec, "request_url": None}, install=False)
    call.state.db.insert(
        "slack_app_manifests",
        {
            "app_id": app["app_id"],
            "owner": call.user,
            "manifest": json.dumps(call.structured("manifest")),
        },
    )
    _verify_later(call, app["app_id"], spec["request_url"])
    query = {"client_id": app["client_id"], "scope": ",".join(spec["scopes"])}
    if spec["user_scopes"]:
        query["user_scope"] = ",".join(spec["user_scopes"])
    return {
        "app_id": app["app_id"],
        "credentials": {
            "client_id": app["client_id"],
            "client_secret": app["client_secret"],
            "verification_token": app["verification_token"],
            "signing_secret": app["signing_secret"],
        },
        "oauth_authorize_url": f"{call.universe.url}/slack/oauth/v2/authorize?{urlencode(query)}",
    }


@web_method("apps.manifest.update", token="config")
def manifest_update(call: SlackCall) -> dict:
    row = _manifest_row(call)
    spec = manifest_spec(call)
    current = call.state.db.one("SELECT * FROM slack_apps WHERE id = ?", (row["app_id"],))
    changed = sorted(spec["scopes"]) != sorted(json.loads(current["scopes"])) or sorted(
        spec["user_scopes"]
    ) != sorted(json.loads(current["user_scopes"]))
    call.state.db.execute(
        "UPDATE slack_apps SET name = ?, scopes = ?, user_scopes = ?, redirect_urls = ?, "
        "events = ?, interactivity_url = ? WHERE id = ?",
        (
            spec["name"],
            json.dumps(spec["scopes"]),
            json.dumps(spec["user_scopes"]),
            json.dumps(spec["redirect_urls"]),
            json.dumps(sorted(spec["events"])),
            spec["interactivity_url"],
            row["app_id"],
        ),
    )
    set_commands(call.state, row["app_id"], spec["commands"])
    set_socket_mode(call.state, row["app_id"], spec["socket_mode"])
    call.state.db.execute(
        "UPDATE slack_app_manifests SET manifest = ? WHERE app_id = ?",
        (json.dumps(call.structured("manifest")), row["app_id"]),
    )
    if spec["request_url"] != current["request_url"]:
        _verify_later(call, row["app_id"], spec["request_url"])
    return {"app_id": row["app_id"], "permissions_updated": changed}


@web_method("apps.manifest.export", token="config")
def manifest_export(call: SlackCall) -> dict:
    return {"manifest": json.loads(_manifest_row(call)["manifest"])}


@web_method("apps.manifest.delete", token="config")
def manifest_delete(call: SlackCall) -> dict:
    row = _manifest_row(call)
    app = call.state.db.one("SELECT * FROM slack_apps WHERE id = ?", (row["app_id"],))
    remove_from_workspace(call, app)
    for table, column in (
        ("slack_commands", "app_id"),
        ("slack_app_manifests", "app_id"),
        ("slack_apps", "id"),
    ):
        call.state.db.execute(f"DELETE FROM {table} WHERE {column} = ?", (app["id"],))
    return {}
