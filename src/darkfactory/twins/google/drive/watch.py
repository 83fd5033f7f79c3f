"""Push notifications: ``changes.watch``, ``files.watch`` and ``channels.stop``, in Drive v3 and
v2 (whose changes feed starts at ``startChangeId`` as well as a ``pageToken``).

A channel names a web-hook ``address``. After any request that changed Drive commits, each live
channel whose watcher can see a new change gets a POST with an empty body and Drive's headers:
``X-Goog-Channel-ID``, ``X-Goog-Channel-Token``, ``X-Goog-Channel-Expiration``,
``X-Goog-Resource-ID``, ``X-Goog-Resource-URI``, ``X-Goog-Resource-State`` and
``X-Goog-Message-Number``. The first message of a channel is ``sync``; then ``change`` for the
changes feed, and ``update``, ``trash``, ``untrash`` or ``remove`` for a watched file. A
channel lapses at its ``expiration`` (default and most: a week).
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from email.utils import formatdate
from urllib.parse import urlencode

import httpx
from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.google.api import body
from darkfactory.twins.google.auth import require
from darkfactory.twins.google.drive.changes import seen_as
from darkfactory.twins.google.drive.items import visible
from darkfactory.twins.google.drive.state import DriveState
from darkfactory.twins.google.errors import GoogleError, bad_request, not_found, required
from darkfactory.twins.google.principal import Principal
from darkfactory.twins.kit.ids import MIXED_ALNUM
from darkfactory.twins.kit.operation import Call, operation

WEEK_S = 7 * 86400
TIMEOUT_S = 3.0


def _open(
    call: Call, principal: Principal, kind: str, file_id: str | None, mark: int, resource_uri: str
) -> dict:
    drive: DriveState = call.twin.drive
    channel = body(call, "Channel")
    if not channel.get("id"):
        raise required("id", "Channel id is required.")
    if channel.get("type") not in ("web_hook", "webhook"):
        raise bad_request(f"Unknown channel type: {channel.get('type')}", "push.webhookTypeInvalid")
    if not str(channel.get("address", "")).startswith(("https://", "http://")):
        raise bad_request(
            "WebHook callback must be HTTPS: " + str(channel.get("address")),
            "push.webhookUrlNotHttps",
        )
    now = drive.now()
    asked = int(channel["expiration"]) / 1000 if channel.get("expiration") else now + WEEK_S
    expiration = min(asked, now + WEEK_S)
    resource_id = call.universe.ids.token("google.channel", 27, MIXED_ALNUM + "-_")
    drive.db.insert(
        "google_drive_channels",
        {
            "resource_id": resource_id,
            "id": channel["id"],
            "kind": kind,
            "file_id": file_id,
            "email": principal.email,
            "client_id": principal.client_id,
            "app_only": int(principal.app_only),
            "address": channel["address"],
            "token": channel.get("token"),
            "expiration": expiration,
            "resource_uri": resource_uri,
            "mark": mark,
        },
    )
    answer = {
        "kind": "api#channel",
        "id": channel["id"],
        "resourceId": resource_id,
        "resourceUri": resource_uri,
        "expiration": str(int(expiration * 1000)),
    }
    if channel.get("token"):
        answer["token"] = channel["token"]
    return answer


def _last_change(drive: DriveState) -> int:
    return int(drive.db.scalar("SELECT COALESCE(MAX(id), 0) FROM google_drive_changes"))


def _watch_changes(call: Call, version: str, name: str) -> dict:
    """A channel on the changes feed from the change number in parameter ``name``."""
    principal = require(call)
    token = call.query.get(name)
    if not token:
        raise required(name)
    if not token.isdigit() or int(token) < 1:
        raise GoogleError(400, "invalid", "Invalid Value", location=name)
    query = urlencode({"alt": "json", name: token})
    uri = f"{call.twin.client_url}drive/{version}/changes?{query}"
    return _open(call, principal, "changes", None, int(token) - 1, uri)


@operation("drive.changes.watch")
def watch_changes(call: Call) -> dict:
    return _watch_changes(call, "v3", "pageToken")


@operation("drive.v2.changes.watch")
def watch_changes_v2(call: Call) -> dict:
    name = "pageToken" if call.query.get("pageToken") else "startChangeId"
    return _watch_changes(call, "v2", name)


def _watch_file(call: Call, version: str) -> dict:
    principal = require(call)
    file = visible(call, principal, call.path_params["fileId"])
    uri = f"{call.twin.client_url}drive/{version}/files/{file['id']}?alt=json"
    return _open(call, principal, "file", file["id"], _last_change(call.twin.drive), uri)


@operation("drive.files.watch")
def watch_file(call: Call) -> dict:
    return _watch_file(call, "v3")


@operation("drive.v2.files.watch")
def watch_file_v2(call: Call) -> dict:
    return _watch_file(call, "v2")


def _stop(call: Call) -> Response:
    principal = require(call, scopes=())
    channel = body(call, "Channel")
    removed = call.universe.store.execute(
        "DELETE FROM google_drive_channels WHERE id = ? AND resource_id = ? AND email = ?",
        (channel.get("id", ""), channel.get("resourceId", ""), principal.email),
    )
    if not removed.rowcount:
        raise not_found(f"Channel '{channel.get('id', '')}' not found for project")
    return Response(status_code=204)


stop = operation("drive.channels.stop")(_stop)
stop_v2 = operation("drive.v2.channels.stop")(_stop)


def _file_state(drive: DriveState, channel, rows) -> str | None:
    mine = [r for r in rows if r["file_id"] == channel["file_id"]]
    if not mine:
        return None
    file = drive.file(channel["file_id"])
    if file is None:
        return "remove"
    return "trash" if file["trashed"] else "update"


def _state(drive: DriveState, channel, rows) -> str | None:
    """The resource state to announce on ``channel`` for the new change ``rows``, if any."""
    if channel["kind"] == "file":
        return _file_state(drive, channel, rows)
    try:
        principal = drive.universe.twins["google"].state.principal(channel["email"])
    except KeyError:  # a suspended or deleted watcher hears of nothing
        return None
    principal = Principal(
        **{
            **principal.__dict__,
            "client_id": channel["client_id"],
            "app_only": bool(channel["app_only"]),
        }
    )
    access = drive.access(principal)
    return "change" if any(seen_as(drive, row, access) for row in rows) else None


async def _post(channel, state: str, number: int) -> None:
    headers = {
        "X-Goog-Channel-ID": channel["id"],
        "X-Goog-Channel-Expiration": formatdate(channel["expiration"], usegmt=True),
        "X-Goog-Resource-ID": channel["resource_id"],
        "X-Goog-Resource-URI": channel["resource_uri"],
        "X-Goog-Resource-State": state,
        "X-Goog-Message-Number": str(number),
    }
    if channel["token"]:
        headers["X-Goog-Channel-Token"] = channel["token"]
    async with httpx.AsyncClient(timeout=TIMEOUT_S) as client:
        with contextlib.suppress(httpx.HTTPError):  # a notification not taken is dropped
            await client.post(channel["address"], headers=headers)


def notifier(drive: DriveState) -> Callable[[], Awaitable[None]]:
    """The after-commit task telling every live channel about the changes it has not seen."""

    async def notify() -> None:
        store = drive.db
        channels = store.all("SELECT * FROM google_drive_channels ORDER BY rowid")
        if not channels:
            return
        now = drive.now()
        store.execute("DELETE FROM google_drive_channels WHERE expiration <= ?", (now,))
        last = _last_change(drive)
        for channel in channels:
            if channel["expiration"] <= now:
                continue
            messages = [] if channel["message"] else ["sync"]
            rows = store.all(
                "SELECT * FROM google_drive_changes WHERE id > ? ORDER BY id", (channel["mark"],)
            )
            state = _state(drive, channel, rows) if rows else None
            if state:
                messages.append(state)
            store.execute(
                "UPDATE google_drive_channels SET mark = ?, message = ? WHERE resource_id = ?",
                (last, channel["message"] + len(messages), channel["resource_id"]),
            )
            for offset, message in enumerate(messages, start=1):
                await _post(channel, message, channel["message"] + offset)

    return notify


def routes() -> list[Route]:
    return [
        Route("/drive/v3/changes/watch", watch_changes, methods=["POST"]),
        Route("/drive/v3/files/{fileId}/watch", watch_file, methods=["POST"]),
        Route("/drive/v3/channels/stop", stop, methods=["POST"]),
        Route("/drive/v2/changes/watch", watch_changes_v2, methods=["POST"]),
        Route("/drive/v2/files/{fileId}/watch", watch_file_v2, methods=["POST"]),
        Route("/drive/v2/channels/stop", stop_v2, methods=["POST"]),
    ]
