"""Push notifications of the Directory through googleapiclient: a channel on users or on a
user's aliases hears ``sync`` and then each event it asked for, until it is stopped."""

from __future__ import annotations

import json
import time
import uuid

import pytest
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route
from tests.twins.google.directory_clients import (
    ALICE,
    BOB,
    assert_not_authorized,
    directory_as,
    failure,
)

from darkfactory.twins.kit.server import serve_app

NEW = {
    "primaryEmail": "erin@example.com",
    "name": {"givenName": "Erin", "familyName": "Noether"},
    "password": "correct horse battery",
}


@pytest.fixture
def admin(google_service_for):
    return directory_as(google_service_for)


@pytest.fixture
def hook():
    """A web-hook receiver on a free port: its URL and each POST's headers and body."""
    received: list[dict] = []

    async def take(request):
        headers = {k.lower(): v for k, v in request.headers.items()}
        received.append({"headers": headers, "body": await request.body()})
        return Response(status_code=200)

    url, server = serve_app(Starlette(routes=[Route("/hook", take, methods=["POST"])]))
    yield f"{url}/hook", received
    server.should_exit = True


def heard(received: list[dict], count: int) -> list[str]:
    deadline = time.monotonic() + 5
    while len(received) < count and time.monotonic() < deadline:
        time.sleep(0.02)
    return [r["headers"]["x-goog-resource-state"] for r in received]


def _channel(address: str) -> dict:
    return {"id": str(uuid.uuid4()), "type": "web_hook", "address": address, "token": "t0k"}


def test_a_users_channel_hears_what_happens_to_users(admin, hook):
    address, received = hook
    channel = admin.users().watch(customer="my_customer", body=_channel(address)).execute()
    assert channel["kind"] == "api#channel" and channel["resourceId"]
    made = admin.users().insert(body=NEW).execute()
    admin.users().patch(userKey=made["id"], body={"name": {"givenName": "E"}}).execute()
    admin.users().makeAdmin(userKey=made["id"], body={"status": True}).execute()
    assert heard(received, 4) == ["sync", "add", "update", "makeAdmin"]
    last = received[-1]
    assert last["headers"]["x-goog-channel-token"] == "t0k"
    assert last["headers"]["x-goog-message-number"] == "4"
    assert last["headers"]["x-goog-resource-id"] == channel["resourceId"]
    told = json.loads(last["body"])
    assert (told["kind"], told["id"], told["primaryEmail"]) == (
        "admin#directory#user",
        made["id"],
        "erin@example.com",
    )
    admin.channels().stop(body={"id": channel["id"], "resourceId": channel["resourceId"]}).execute()
    admin.users().patch(userKey=made["id"], body={"name": {"givenName": "Erin"}}).execute()
    time.sleep(0.3)
    assert len(received) == 4
    status, _ = failure(admin.channels().stop(body={"id": channel["id"], "resourceId": "x"}))
    assert status == 404


def test_a_channel_for_one_event_hears_only_that_event(admin, hook):
    address, received = hook
    admin.users().watch(customer="my_customer", event="delete", body=_channel(address)).execute()
    admin.users().patch(userKey=BOB, body={"name": {"givenName": "Robert"}}).execute()
    admin.users().delete(userKey=BOB).execute()
    assert heard(received, 2) == ["sync", "delete"]
    assert json.loads(received[-1]["body"])["primaryEmail"] == BOB
    pigeon = _channel(address) | {"type": "pigeon"}
    status, error = failure(admin.users().watch(customer="my_customer", body=pigeon))
    assert (status, error["reason"]) == (400, "push.webhookTypeInvalid")


def test_an_aliases_channel_hears_the_users_aliases(admin, hook):
    address, received = hook
    admin.users().aliases().watch(userKey=ALICE, body=_channel(address)).execute()
    admin.users().aliases().insert(userKey=BOB, body={"alias": "robert@example.com"}).execute()
    admin.users().aliases().insert(userKey=ALICE, body={"alias": "al@example.com"}).execute()
    admin.users().aliases().delete(userKey=ALICE, alias="al@example.com").execute()
    assert heard(received, 3) == ["sync", "add", "delete"]
    told = json.loads(received[1]["body"])
    assert (told["kind"], told["alias"], told["primaryEmail"]) == (
        "admin#directory#alias",
        "al@example.com",
        ALICE,
    )


def test_plain_users_may_not_watch_the_directory(google_service_for, hook):
    address, received = hook
    alice = directory_as(google_service_for, ALICE)
    assert_not_authorized(alice.users().watch(customer="my_customer", body=_channel(address)))
    assert_not_authorized(alice.users().aliases().watch(userKey=BOB, body=_channel(address)))
    time.sleep(0.2)
    assert received == []


def test_a_suspended_users_drive_channel_hears_nothing_and_silences_no_one(
    admin, hook, google_service_for
):
    address, received = hook
    bob_drive = google_service_for("drive", "v3", user=BOB)
    alice_drive = google_service_for("drive", "v3", user=ALICE)
    channels = {}
    for who, drive in (("bob", bob_drive), ("alice", alice_drive)):
        token = drive.changes().getStartPageToken().execute()["startPageToken"]
        channels[who] = drive.changes().watch(pageToken=token, body=_channel(address)).execute()
        heard(received, len(channels))
    admin.users().patch(userKey=BOB, body={"suspended": True}).execute()
    made = alice_drive.files().create(body={"name": "for bob"}).execute()
    alice_drive.permissions().create(
        fileId=made["id"], body={"role": "reader", "type": "user", "emailAddress": BOB}
    ).execute()
    heard(received, 4)
    time.sleep(0.3)
    told = [
        (r["headers"]["x-goog-channel-id"], r["headers"]["x-goog-resource-state"]) for r in received
    ]
    bob, alice = channels["bob"]["id"], channels["alice"]["id"]
    assert [state for channel, state in told if channel == bob] == ["sync"]
    assert [state for channel, state in told if channel == alice][:2] == ["sync", "change"]
