"""Push notifications of the Directory: ``users.watch``, ``users.aliases.watch`` and
``admin.channels.stop``.

A channel names a web-hook ``address`` and, optionally, the one ``event`` it wants (users:
``add``, ``delete``, ``makeAdmin``, ``undelete``, ``update``; aliases: ``add``, ``delete``). Its
first message is ``sync``; then, once a call that changed a user (or an alias of the watched
user) commits, a POST whose ``X-Goog-Resource-State`` is the event and whose body names the
user (``kind``, ``id``, ``etag``, ``primaryEmail``) or the alias. A channel lapses at its
``expiration`` (default and most: six hours).
"""

from __future__ import annotations

import contextlib
import json
from email.utils import formatdate
from urllib.parse import urlencode

import httpx
from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.google.auth import require
from darkfactory.twins.google.directory.access import allows, member
from darkfactory.twins.google.directory.users import target, unit_of
from darkfactory.twins.google.directory.wire import (
    body,
    check_customer,
    invalid,
    not_authorized,
    not_found,
    required,
    tagged,
)
from darkfactory.twins.google.errors import GoogleError
from darkfactory.twins.google.principal import Principal
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.ids import MIXED_ALNUM
from darkfactory.twins.kit.operation import Call

SCHEMA = """
CREATE TABLE IF NOT EXISTS google_directory_channels (
    resource_id TEXT PRIMARY KEY, id TEXT NOT NULL, email TEXT NOT NULL, kind TEXT NOT NULL,
    target TEXT, event TEXT, address TEXT NOT NULL, token TEXT, expiration REAL NOT NULL,
    resource_uri TEXT NOT NULL, message INTEGER NOT NULL DEFAULT 0
);
"""
LIFETIME_S = 6 * 3600
TIMEOUT_S = 3.0
EVENTS = {
    "users": ("add", "delete", "makeAdmin", "undelete", "update"),
    "aliases": ("add", "delete"),
}
API_ROOT = "https://admin.googleapis.com/admin/directory/v1/"


def _open(call: Call, principal: Principal, kind: str, user: dict | None, path: str) -> dict:
    event = call.query.get("event")
    if event is not None and event not in EVENTS[kind]:
        raise invalid("event")
    channel = body(call, "Channel")
    if not channel.get("id"):
        raise required("id")
    if channel.get("type") not in ("web_hook", "webhook"):
        raise GoogleError(
            400, "push.webhookTypeInvalid", f"Unknown channel type: {channel.get('type')}"
        )
    if not str(channel.get("address", "")).startswith(("https://", "http://")):
        raise GoogleError(400, "push.webhookUrlNotHttps", "WebHook callback must be HTTPS")
    now = call.universe.clock.now()
    asked = int(channel["expiration"]) / 1000 if channel.get("expiration") else now + LIFETIME_S
    expiration = min(asked, now + LIFETIME_S)
    query = {k: v for k, v in call.query.items() if k not in ("alt", "access_token")}
    row = {
        "resource_id": call.universe.ids.token("google.directory.channel", 27, MIXED_ALNUM),
        "id": channel["id"],
        "email": principal.email,
        "kind": kind,
        "target": user["email"] if user else None,
        "event": event,
        "address": channel["address"],
        "token": channel.get("token"),
        "expiration": expiration,
        "resource_uri": f"{API_ROOT}{path}?{urlencode(query | {'alt': 'json'})}",
    }
    call.universe.store.insert("google_directory_channels", row)
    call.after.append(_sender(call, [(row | {"message": 1}, "sync", None)]))
    call.universe.store.execute(
        "UPDATE google_directory_channels SET message = 1 WHERE resource_id = ?",
        (row["resource_id"],),
    )
    answer = {
        "kind": "api#channel",
        "id": row["id"],
        "resourceId": row["resource_id"],
        "resourceUri": row["resource_uri"],
        "expiration": str(int(expiration * 1000)),
    }
    return answer | ({"token": row["token"]} if row["token"] else {})


@operation("directory.users.watch")
def watch_users(call: Call) -> dict:
    principal = member(call)
    customer = call.query.get("customer")
    if not customer and not call.query.get("domain"):
        raise GoogleError(400, "badRequest", "Bad Request")
    if customer:
        check_customer(call, customer)
    if not allows(call, principal, "USERS_RETRIEVE"):
        raise not_authorized()
    return _open(call, principal, "users", None, "users")


@operation("directory.users.aliases.watch")
def watch_aliases(call: Call) -> dict:
    principal = member(call)
    user = target(call, principal)
    if not allows(call, principal, "USERS_RETRIEVE", unit_of(call, user)):
        raise not_authorized()
    path = f"users/{call.path_params['userKey']}/aliases"
    return _open(call, principal, "aliases", user, path)


@operation("admin.channels.stop")
def stop(call: Call) -> Response:
    principal = require(call)
    channel = body(call, "Channel")
    removed = call.universe.store.execute(
        "DELETE FROM google_directory_channels WHERE id = ? AND resource_id = ? AND email = ?",
        (channel.get("id", ""), channel.get("resourceId", ""), principal.email),
    )
    if not removed.rowcount:
        raise not_found("channel")
    return Response(status_code=204)


def emit(call: Call, event: str, user: dict, alias: str | None = None) -> None:
    """Tell the live channels watching ``user`` (or its aliases, with ``alias``) of ``event``,
    once the call commits."""
    store = call.universe.store
    now = call.universe.clock.now()
    store.execute("DELETE FROM google_directory_channels WHERE expiration <= ?", (now,))
    kind = "aliases" if alias else "users"
    rows = store.all(
        "SELECT * FROM google_directory_channels WHERE kind = ? AND (event IS NULL OR event = ?) "
        "AND (target IS NULL OR target = ?) ORDER BY rowid",
        (kind, event, user["email"]),
    )
    if alias:
        payload = {
            "kind": "admin#directory#alias",
            "id": user["id"],
            "primaryEmail": user["email"],
            "alias": alias,
        }
    else:
        payload = {"kind": "admin#directory#user", "id": user["id"], "primaryEmail": user["email"]}
    messages = []
    for row in rows:
        store.execute(
            "UPDATE google_directory_channels SET message = message + 1 WHERE resource_id = ?",
            (row["resource_id"],),
        )
        messages.append((dict(row) | {"message": row["message"] + 1}, event, tagged(payload)))
    if messages:
        call.after.append(_sender(call, messages))


def _sender(call: Call, messages: list[tuple[dict, str, dict | None]]):
    async def send() -> None:
        async with httpx.AsyncClient(timeout=TIMEOUT_S) as client:
            for channel, state, payload in messages:
                headers = {
                    "X-Goog-Channel-ID": channel["id"],
                    "X-Goog-Channel-Expiration": formatdate(channel["expiration"], usegmt=True),
                    "X-Goog-Resource-ID": channel["resource_id"],
                    "X-Goog-Resource-URI": channel["resource_uri"],
                    "X-Goog-Resource-State": state,
                    "X-Goog-Message-Number": str(channel["message"]),
                    "Content-Type": "application/json; charset=UTF-8",
                }
                if channel["token"]:
                    headers["X-Goog-Channel-Token"] = channel["token"]
                content = json.dumps(payload) if payload else b""
                with contextlib.suppress(httpx.HTTPError):  # a notification not taken is dropped
                    await client.post(channel["address"], headers=headers, content=content)

    return send


def routes() -> list[Route]:
    return [
        Route("/admin/directory/v1/users/watch", watch_users, methods=["POST"]),
        Route("/admin/directory/v1/users/{userKey}/aliases/watch", watch_aliases, methods=["POST"]),
        Route("/admin/directory_v1/channels/stop", stop, methods=["POST"]),
    ]
