"""Push notifications: changes.watch, files.watch and channels.stop deliver to a web hook."""

from __future__ import annotations

import time
import uuid

import pytest
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route
from tests.twins.google.conftest import BOB, error_of

from darkfactory.twins.kit.server import serve_app


@pytest.fixture
def hook():
    """A web-hook receiver on a free port: its URL and the headers of each POST it got."""
    received: list[dict] = []

    async def take(request):
        received.append(
            {k.lower(): v for k, v in request.headers.items() if k.lower().startswith("x-goog-")}
        )
        return Response(status_code=200)

    url, server = serve_app(Starlette(routes=[Route("/hook", take, methods=["POST"])]))
    yield f"{url}/hook", received
    server.should_exit = True


def states(received: list[dict], count: int) -> list[str]:
    deadline = time.monotonic() + 5
    while len(received) < count and time.monotonic() < deadline:
        time.sleep(0.02)
    return [r["x-goog-resource-state"] for r in received]


def test_changes_watch_syncs_then_announces_changes(alice, hook):
    address, received = hook
    token = alice.changes().getStartPageToken().execute()["startPageToken"]
    channel = (
        alice.changes()
        .watch(
            pageToken=token,
            body={"id": str(uuid.uuid4()), "type": "web_hook", "address": address, "token": "t0k"},
        )
        .execute()
    )
    assert channel["kind"] == "api#channel" and channel["resourceId"]
    alice.files().create(body={"name": "news"}).execute()
    assert states(received, 2) == ["sync", "change"]
    last = received[-1]
    assert last["x-goog-channel-id"] == channel["id"] and last["x-goog-channel-token"] == "t0k"
    assert last["x-goog-message-number"] == "2"
    assert last["x-goog-resource-id"] == channel["resourceId"]
    alice.channels().stop(body={"id": channel["id"], "resourceId": channel["resourceId"]}).execute()
    alice.files().create(body={"name": "unheard"}).execute()
    time.sleep(0.3)
    assert len(received) == 2


def test_changes_channel_hears_only_what_its_watcher_sees(alice, bob, hook):
    address, received = hook
    token = bob.changes().getStartPageToken().execute()["startPageToken"]
    bob.changes().watch(
        pageToken=token, body={"id": "bob-channel", "type": "web_hook", "address": address}
    ).execute()
    made = alice.files().create(body={"name": "private"}).execute()["id"]
    assert states(received, 1) == ["sync"]
    time.sleep(0.3)
    assert states(received, 1) == ["sync"]
    alice.permissions().create(
        fileId=made, body={"type": "user", "role": "reader", "emailAddress": BOB}
    ).execute()
    assert states(received, 2) == ["sync", "change"]


def test_files_watch_reports_update_and_trash(alice, hook):
    address, received = hook
    made = alice.files().create(body={"name": "watched"}).execute()["id"]
    alice.files().watch(
        fileId=made, body={"id": "file-channel", "type": "web_hook", "address": address}
    ).execute()
    alice.files().update(fileId=made, body={"name": "renamed"}).execute()
    assert states(received, 2) == ["sync", "update"]
    alice.files().update(fileId=made, body={"trashed": True}).execute()
    assert states(received, 3) == ["sync", "update", "trash"]


def test_watch_needs_a_web_hook_and_stop_a_known_channel(alice):
    token = alice.changes().getStartPageToken().execute()["startPageToken"]
    assert (
        error_of(
            alice.changes().watch(
                pageToken=token, body={"id": "x", "type": "carrier-pigeon", "address": "https://x"}
            )
        )[0]
        == 400
    )
    assert error_of(alice.channels().stop(body={"id": "nope", "resourceId": "nope"}))[0] == 404


def test_drive_v2_watches_files_and_changes_and_stops_channels(alice2, bob2, hook):
    address, received = hook
    made = alice2.files().insert(body={"title": "watched"}).execute()["id"]
    channel = (
        alice2.files()
        .watch(fileId=made, body={"id": "v2-file", "type": "web_hook", "address": address})
        .execute()
    )
    assert "/drive/v2/files/" in channel["resourceUri"]
    alice2.files().patch(fileId=made, body={"title": "renamed"}).execute()
    assert states(received, 2) == ["sync", "update"]
    start = alice2.changes().getStartPageToken().execute()["startPageToken"]
    feed = (
        alice2.changes()
        .watch(startChangeId=start, body={"id": "v2-feed", "type": "web_hook", "address": address})
        .execute()
    )
    assert "startChangeId" in feed["resourceUri"]
    assert (
        error_of(
            bob2.files().watch(
                fileId=made, body={"id": "b", "type": "web_hook", "address": address}
            )
        )[0]
        == 404
    )
    stop = {"id": channel["id"], "resourceId": channel["resourceId"]}
    alice2.channels().stop(body=stop).execute()
    assert error_of(alice2.channels().stop(body=stop))[0] == 404
