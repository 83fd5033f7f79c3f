"""Slack apps installed in the workspace: bot user and token, signing secret, event subscriptions.

Apps are created at ``POST /slack/_apps`` (the twin's stand-in for api.slack.com's app settings)
and listed at ``GET /slack/_apps``. Giving an app a ``request_url`` sends Slack's
``url_verification`` challenge to it first, as Slack does; the URL is kept only if the app
answers with the challenge. Enabling Socket Mode gives the app an app-level token (``xapp-``,
``connections:write``) if it has none; ``POST /slack/_apps/{id}/tokens`` makes more. An app's
``shortcuts`` (as its manifest lists them) are set with the app or by ``PATCH``.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from typing import TYPE_CHECKING, Any

import httpx
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.kit.ids import HEX, LOWER_ALNUM, MIXED_ALNUM
from darkfactory.twins.slack import shortcuts
from darkfactory.twins.slack.events import sign
from darkfactory.twins.slack.state import BOT_SCOPES, USER_SCOPES, SlackState

if TYPE_CHECKING:
    from darkfactory.twins.slack import SlackTwin

EVENT_TYPES = {
    "message.channels",
    "message.groups",
    "message.im",
    "message.mpim",
    "app_mention",
    "member_joined_channel",
    "member_left_channel",
    "channel_created",
    "channel_archive",
    "reaction_added",
    "reaction_removed",
    "pin_added",
    "pin_removed",
    "assistant_thread_started",
    "assistant_thread_context_changed",
    "team_join",
    "user_change",
    "function_executed",
}
# Slack Connect's scopes, for bot tokens only, granted when an app asks for them
CONNECT_SCOPES = {
    "conversations.connect:read",
    "conversations.connect:write",
    "conversations.connect:manage",
}
KNOWN_BOT_SCOPES = {*BOT_SCOPES, *CONNECT_SCOPES, "commands", "incoming-webhook"}
APP_TOKEN_SCOPES = {"connections:write", "authorizations:read", "app_configurations:write"}
KNOWN_USER_SCOPES = {
    *USER_SCOPES,
    "commands",
    "identity.basic",
    "identity.email",
    "identity.avatar",
    "identity.team",
}


def create_app(
    state: SlackState,
    name: str,
    scopes: list[str] | tuple[str, ...] = BOT_SCOPES,
    events: list[str] | None = None,
    request_url: str | None = None,
    interactivity_url: str | None = None,
    redirect_urls: list[str] | None = None,
    user_scopes: list[str] | None = None,
    install: bool = True,
    socket_mode: bool = False,
) -> dict[str, Any]:
    """Create an app (bot user, bot id, secrets) and, unless ``install`` is false, install it
    with a bot token. Returns the app's record."""
    universe = state.universe
    handle = "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-") or "app"
    bot_user = state.create_user(handle, name, None, is_bot=1)
    bot_id, app_id = state.new_id("B"), state.new_id("A")
    state.db.insert(
        "slack_bots",
        {"id": bot_id, "name": name, "app_id": app_id, "user_id": bot_user, "updated": state.now()},
    )
    state.db.execute("UPDATE slack_users SET bot_id = ? WHERE id = ?", (bot_id, bot_user))
    number = universe.ids.derive("slack.team-number", 12, "0123456789")
    state.db.insert(
        "slack_apps",
        {
            "id": app_id,
            "name": name,
            "bot_id": bot_id,
            "bot_user_id": bot_user,
            "signing_secret": universe.ids.token("slack.signing-secret", 32, HEX),
            "verification_token": universe.ids.token("slack.verification", 24, MIXED_ALNUM),
            "client_id": f"{number}.{universe.ids.token('slack.client-id', 13, '0123456789')}",
            "client_secret": universe.ids.token("slack.client-secret", 32, LOWER_ALNUM + "abcdef"),
            "request_url": request_url,
            "interactivity_url": interactivity_url,
            "events": json.dumps(sorted(events or [])),
            "scopes": json.dumps(list(scopes)),
            "user_scopes": json.dumps(list(user_scopes or [])),
            "redirect_urls": json.dumps(list(redirect_urls or [])),
            "created": state.now(),
        },
    )
    if socket_mode:
        set_socket_mode(state, app_id, True)
    if install:
        app = state.db.one("SELECT * FROM slack_apps WHERE id = ?", (app_id,))
        issue_bot_token(state, app, scopes)
        owner = state.db.scalar("SELECT id FROM slack_users WHERE is_primary_owner = 1 LIMIT 1")
        state.log_integration(app_id, owner or bot_user, "added", scopes)
    return app_record(state, app_id)


def issue_bot_token(
    state: SlackState, app: sqlite3.Row, scopes: list[str] | tuple[str, ...]
) -> str:
    """A bot token (xoxb-) for an app's bot user, as an install gives one."""
    universe = state.universe
    number = universe.ids.derive("slack.team-number", 12, "0123456789")
    secret = universe.ids.token("slack.bot-token", 24, MIXED_ALNUM)
    meta = {"bot_id": app["bot_id"], "app_id": app["id"]}
    grant = universe.tokens.issue(
        "slack", f"xoxb-{number}-{secret}", app["bot_user_id"], scopes, kind="bot", meta=meta
    )
    return grant.token


def issue_app_token(
    state: SlackState, app_id: str, name: str, scopes: list[str] | tuple[str, ...]
) -> str:
    """An app-level token (xapp-) for the app itself, as its settings page makes one."""
    ids = state.universe.ids
    number = ids.token("slack.app-token-number", 13, "0123456789")
    secret = ids.token("slack.app-token", 64, HEX)
    meta = {"app_id": app_id, "name": name}
    token = f"xapp-1-{app_id}-{number}-{secret}"
    return state.universe.tokens.issue("slack", token, app_id, scopes, kind="app", meta=meta).token


def set_socket_mode(state: SlackState, app_id: str, enabled: bool) -> None:
    """Slack's "Enable Socket Mode": an app without an app-level token gets one."""
    state.db.execute("UPDATE slack_apps SET socket_mode = ? WHERE id = ?", (int(enabled), app_id))
    if enabled and not state.universe.tokens.of("slack", app_id, "app"):
        issue_app_token(state, app_id, "socket-mode", ["connections:write"])


def app_record(state: SlackState, app_id: str) -> dict[str, Any]:
    row = state.db.one("SELECT * FROM slack_apps WHERE id = ?", (app_id,))
    grants = state.universe.tokens.of("slack", row["bot_user_id"], "bot")
    app_tokens = state.universe.tokens.of("slack", app_id, "app")
    return {
        **_public(row),
        "bot_token": grants[0].token if grants else None,
        "app_token": app_tokens[0].token if app_tokens else None,
        "signing_secret": row["signing_secret"],
        "verification_token": row["verification_token"],
        "client_secret": row["client_secret"],
    }


def _public(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "app_id": row["id"],
        "name": row["name"],
        "bot_id": row["bot_id"],
        "bot_user_id": row["bot_user_id"],
        "client_id": row["client_id"],
        "request_url": row["request_url"],
        "interactivity_url": row["interactivity_url"],
        "events": json.loads(row["events"]),
        "scopes": json.loads(row["scopes"]),
        "user_scopes": json.loads(row["user_scopes"]),
        "redirect_urls": json.loads(row["redirect_urls"]),
        "socket_mode": bool(row["socket_mode"]),
    }


async def verify_url(url: str, app: sqlite3.Row, timestamp: int) -> str | None:
    """Send the url_verification challenge; returns why it failed, or None."""
    challenge = f"challenge-{app['id']}-{timestamp}"
    body = json.dumps(
        {"token": app["verification_token"], "challenge": challenge, "type": "url_verification"}
    )
    headers = sign(app["signing_secret"], body, timestamp)
    try:
        async with httpx.AsyncClient(timeout=3) as client:
            response = await client.post(url, content=body, headers=headers)
    except httpx.HTTPError as exc:
        return f"could not reach {url}: {exc.__class__.__name__}"
    answered = response.text.strip()
    with contextlib.suppress(ValueError, AttributeError):
        answered = response.json().get("challenge", answered)
    if response.status_code != 200 or answered != challenge:
        return f"{url} answered {response.status_code} without the challenge"
    return None


class AppSpecError(ValueError):
    """An app definition the registry refuses; the message says why."""


def checked_spec(spec: Any) -> dict[str, Any]:
    if not isinstance(spec, dict) or not isinstance(spec.get("name"), str) or not spec["name"]:
        raise AppSpecError("an app needs a 'name'")
    events = spec.get("events", [])
    unknown = sorted(set(events) - EVENT_TYPES) if isinstance(events, list) else ["?"]
    if unknown:
        raise AppSpecError(f"unknown event types {unknown}; known: {sorted(EVENT_TYPES)}")
    if not isinstance(spec.get("socket_mode", False), bool):
        raise AppSpecError("'socket_mode' is true or false")
    commands = spec.get("commands", [])
    if not isinstance(commands, list) or not all(
        isinstance(c, dict)
        and str(c.get("command", "")).startswith("/")
        and (c.get("url") or spec.get("socket_mode"))
        for c in commands
    ):
        raise AppSpecError(
            "commands are [{'command': '/name', 'url': ...}] (no url in Socket Mode)"
        )
    if not shortcuts.valid(spec.get("shortcuts", [])):
        raise AppSpecError("shortcuts are [{'name', 'type': 'global' | 'message', 'callback_id'}]")
    for key, known in (("scopes", KNOWN_BOT_SCOPES), ("user_scopes", KNOWN_USER_SCOPES)):
        wanted = spec.get(key, [])
        if not isinstance(wanted, list) or not set(wanted) <= known:
            unknown = sorted(set(wanted) - known) if isinstance(wanted, list) else wanted
            raise AppSpecError(f"'{key}' lists Slack scopes; unknown: {unknown}")
    if not isinstance(spec.get("redirect_urls", []), list):
        raise AppSpecError("'redirect_urls' is a list")
    return spec


def define_app(state: SlackState, spec: Any, install: bool = True) -> dict[str, Any]:
    """Create an app from its definition, without its ``request_url`` (that needs the challenge
    answered first: ``set_request_url``). Raises ``AppSpecError`` for a refused definition."""
    spec = checked_spec(spec)
    app = create_app(
        state,
        spec["name"],
        spec.get("scopes") or BOT_SCOPES,
        spec.get("events", []),
        interactivity_url=spec.get("interactivity_url") or None,
        redirect_urls=spec.get("redirect_urls", []),
        user_scopes=spec.get("user_scopes", []),
        install=install,
        socket_mode=spec.get("socket_mode", False),
    )
    set_commands(state, app["app_id"], spec.get("commands", []))
    shortcuts.define(state, app["app_id"], spec.get("shortcuts", []))
    return app


def set_commands(state: SlackState, app_id: str, commands: list[dict[str, Any]]) -> None:
    state.db.execute("DELETE FROM slack_commands WHERE app_id = ?", (app_id,))
    for command in commands:
        state.db.execute(
            "INSERT OR REPLACE INTO slack_commands(command, app_id, url, description) "
            "VALUES (?, ?, ?, ?)",
            (command["command"], app_id, command.get("url"), command.get("description", "")),
        )


async def register(state: SlackState, spec: Any) -> dict[str, Any]:
    """Create and install an app from its definition (control plane and UI alike).

    Raises ``AppSpecError`` for a definition Slack's app settings would refuse, including a
    ``request_url`` that does not answer the ``url_verification`` challenge.
    """
    with state.db.transaction():
        app = define_app(state, spec)
    if spec.get("request_url"):
        await set_request_url(state, app["app_id"], spec["request_url"])
    with state.db.transaction():
        return app_record(state, app["app_id"])


async def set_request_url(state: SlackState, app_id: str, url: str | None) -> None:
    """Point an app's events at ``url`` once it answers the challenge (``None`` stops events)."""
    row = state.db.one("SELECT * FROM slack_apps WHERE id = ?", (app_id,))
    if url:
        failure = await verify_url(url, row, int(state.now()))
        if failure:
            raise AppSpecError(f"url_verification_failed: {failure}")
    with state.db.transaction():
        state.db.execute("UPDATE slack_apps SET request_url = ? WHERE id = ?", (url, app_id))


def routes(twin: SlackTwin) -> list[Route]:
    state = twin.state

    def problem(status: int, message: str) -> JSONResponse:
        return JSONResponse({"ok": False, "error": message}, status)

    async def apps(request: Request) -> Response:
        if request.method == "GET":
            rows = state.db.all("SELECT * FROM slack_apps ORDER BY created")
            return JSONResponse({"ok": True, "apps": [_public(r) for r in rows]})
        try:
            app = await register(state, json.loads(await request.body() or b"{}"))
        except ValueError as exc:  # AppSpecError, or a body that is not JSON
            message = str(exc) if isinstance(exc, AppSpecError) else "body is not JSON"
            return problem(400, message)
        return JSONResponse({"ok": True, "app": app}, 201)

    async def app(request: Request) -> Response:
        app_id = request.path_params["app_id"]
        if state.db.one("SELECT 1 FROM slack_apps WHERE id = ?", (app_id,)) is None:
            return problem(404, "app_not_found")
        if request.method == "PATCH":
            try:
                changes = json.loads(await request.body() or b"{}")
            except ValueError:
                return problem(400, "body is not JSON")
            if "shortcuts" in changes and not shortcuts.valid(changes["shortcuts"]):
                return problem(400, "shortcuts are [{'name', 'type', 'callback_id'}]")
            if "request_url" in changes:
                try:
                    await set_request_url(state, app_id, changes["request_url"])
                except AppSpecError as exc:
                    return problem(400, str(exc))
            with state.db.transaction():
                if "shortcuts" in changes:
                    shortcuts.define(state, app_id, changes["shortcuts"])
                if "interactivity_url" in changes:
                    state.db.execute(
                        "UPDATE slack_apps SET interactivity_url = ? WHERE id = ?",
                        (changes["interactivity_url"], app_id),
                    )
                if "socket_mode" in changes:
                    set_socket_mode(state, app_id, bool(changes["socket_mode"]))
        with state.db.transaction():
            return JSONResponse({"ok": True, "app": app_record(state, app_id)})

    async def app_tokens(request: Request) -> Response:
        """Generate an app-level token: ``{"name", "scopes": ["connections:write", ...]}``."""
        app_id = request.path_params["app_id"]
        try:
            spec = json.loads(await request.body() or b"{}")
        except ValueError:
            return problem(400, "body is not JSON")
        scopes = spec.get("scopes", ["connections:write"]) if isinstance(spec, dict) else None
        if not isinstance(scopes, list) or not scopes or not set(scopes) <= APP_TOKEN_SCOPES:
            return problem(400, f"'scopes' lists app-level scopes: {sorted(APP_TOKEN_SCOPES)}")
        with state.db.transaction():
            if state.db.one("SELECT 1 FROM slack_apps WHERE id = ?", (app_id,)) is None:
                return problem(404, "app_not_found")
            token = issue_app_token(state, app_id, str(spec.get("name") or "token"), scopes)
        return JSONResponse({"ok": True, "token": token, "scopes": scopes}, 201)

    return [
        Route("/_apps", apps, methods=["GET", "POST"]),
        Route("/_apps/{app_id}", app, methods=["GET", "PATCH"]),
        Route("/_apps/{app_id}/tokens", app_tokens, methods=["POST"]),
    ]
