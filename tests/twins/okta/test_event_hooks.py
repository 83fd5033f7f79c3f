"""Event hooks through the okta SDK: verification and delivery to a receiver on loopback."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest
from okta.models import CreateUserRequest, EventHook
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.kit.server import serve_app

SECRET = "hook-secret-123"


class Receiver:
    """A Starlette app answering Okta's challenge and recording deliveries; fails the first N."""

    def __init__(self, fail_first: int = 0) -> None:
        self.deliveries: list[dict] = []
        self.attempts = 0
        self.challenges = 0
        self.fail_first = fail_first
        self.url = ""

    async def endpoint(self, request: Request) -> Response:
        if request.headers.get("authorization") != SECRET:
            return Response(status_code=401)
        if request.method == "GET":
            self.challenges += 1
            challenge = request.headers["x-okta-verification-challenge"]
            return JSONResponse({"verification": challenge})
        self.attempts += 1
        if self.attempts <= self.fail_first:
            return Response(status_code=503)
        self.deliveries.append(await request.json())
        return Response(status_code=200)


@pytest.fixture
def receiver():
    hooks = Receiver(fail_first=1)
    app = Starlette(routes=[Route("/hook", hooks.endpoint, methods=["GET", "POST"])])
    base, server = serve_app(app)
    hooks.url = f"{base}/hook"
    yield hooks
    server.should_exit = True


def hook_body(uri: str) -> EventHook:
    return EventHook.from_dict(
        {
            "name": "Lifecycle feed",
            "events": {
                "type": "EVENT_TYPE",
                "items": ["user.lifecycle.create", "user.lifecycle.deactivate"],
            },
            "channel": {
                "type": "HTTP",
                "version": "1.0.0",
                "config": {
                    "uri": uri,
                    "headers": [{"key": "X-Other", "value": "x"}],
                    "authScheme": {"type": "HEADER", "key": "Authorization", "value": SECRET},
                },
            },
        }
    )


async def wait_for(predicate, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate() and time.monotonic() < deadline:
        await asyncio.sleep(0.05)


async def test_verified_hook_receives_subscribed_events_with_retry(okta_client, receiver):
    hook, _, err = await okta_client.create_event_hook(hook_body(receiver.url))
    assert err is None and hook.verification_status.value == "UNVERIFIED"
    assert hook.channel.config.auth_scheme.value is None
    verified, _, err = await okta_client.verify_event_hook(hook.id)
    assert err is None and verified.verification_status.value == "VERIFIED"

    user, _, _ = await okta_client.create_user(
        CreateUserRequest.from_dict(
            {
                "profile": {
                    "login": "hooked@example.com",
                    "email": "hooked@example.com",
                    "firstName": "H",
                    "lastName": "K",
                }
            }
        )
    )
    await wait_for(lambda: receiver.deliveries)
    assert receiver.attempts == 2  # the first delivery got a 503 and was retried
    events = receiver.deliveries[0]["data"]["events"]
    assert [e["eventType"] for e in events] == ["user.lifecycle.create"]
    assert events[0]["target"][0]["id"] == user.id
    assert receiver.deliveries[0]["eventType"] == "com.okta.event_hook"

    await okta_client.deactivate_user(user.id)
    await wait_for(lambda: len(receiver.deliveries) == 2)
    assert receiver.deliveries[1]["data"]["events"][0]["eventType"] == "user.lifecycle.deactivate"


async def test_verification_fails_against_a_wrong_endpoint(okta_client, receiver):
    hook, _, _ = await okta_client.create_event_hook(hook_body(receiver.url + "/missing"))
    _, _, err = await okta_client.verify_event_hook(hook.id)
    assert err.status == 400 and err.error_code == "E0000001"
    await okta_client.create_user(
        CreateUserRequest.from_dict(
            {
                "profile": {
                    "login": "unheard@example.com",
                    "email": "unheard@example.com",
                    "firstName": "U",
                    "lastName": "H",
                }
            }
        )
    )
    await asyncio.sleep(0.3)
    assert receiver.deliveries == [] and receiver.attempts == 0


async def test_verification_without_valid_credentials_never_calls_the_hook(
    okta_client, okta_client_for, okta_credentials, receiver
):
    hook, _, _ = await okta_client.create_event_hook(hook_body(receiver.url))
    _, _, err = await okta_client_for("00not-a-real-token").verify_event_hook(hook.id)
    assert err.status == 401 and err.error_code == "E0000011"
    verify = f"{okta_credentials['org_url']}/api/v1/eventHooks/{hook.id}/lifecycle/verify"
    anonymous = httpx.post(verify)
    assert anonymous.status_code == 401 and anonymous.json()["errorCode"] == "E0000011"
    assert receiver.challenges == 0

    verified, _, err = await okta_client.verify_event_hook(hook.id)
    assert err is None and verified.verification_status.value == "VERIFIED"
    assert receiver.challenges == 1


async def test_active_hook_cannot_be_deleted(okta_client, receiver):
    hook, _, _ = await okta_client.create_event_hook(hook_body(receiver.url))
    err = (await okta_client.delete_event_hook(hook.id))[-1]
    assert err.status == 400 and err.error_code == "E0000001"
    await okta_client.deactivate_event_hook(hook.id)
    assert (await okta_client.delete_event_hook(hook.id))[-1] is None
    _, _, err = await okta_client.get_event_hook(hook.id)
    assert err.status == 404
