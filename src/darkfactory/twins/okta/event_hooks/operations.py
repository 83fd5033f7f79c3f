"""Event hooks: ``/api/v1/eventHooks`` registration, one-time verification, lifecycle."""

from __future__ import annotations

import json

import httpx
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.kit import TwinError, operation
from darkfactory.twins.kit.operation import Call, read_call, run
from darkfactory.twins.okta.api import admit, authorize, body, page, timestamp
from darkfactory.twins.okta.errors import OktaError, not_found, validation
from darkfactory.twins.okta.event_hooks.delivery import TIMEOUT_S, headers_of
from darkfactory.twins.okta.state import state_of

SCOPE = "okta.eventHooks.manage"


def hook_json(call: Call, hook) -> dict:
    channel = json.loads(hook["channel"])
    config = dict(channel.get("config") or {})
    if config.get("authScheme"):  # Okta never echoes the secret
        config["authScheme"] = {k: v for k, v in config["authScheme"].items() if k != "value"}
    href = f"{call.twin.base_url}/api/v1/eventHooks/{hook['id']}"
    return {
        "id": hook["id"],
        "name": hook["name"],
        "status": hook["status"],
        "verificationStatus": hook["verification_status"],
        "events": json.loads(hook["events"]),
        "channel": {**channel, "config": config},
        "created": timestamp(hook["created"]),
        "lastUpdated": timestamp(hook["last_updated"]),
        "createdBy": None,
        "_links": {
            "self": {"href": href},
            "verify": {"href": f"{href}/lifecycle/verify", "hints": {"allow": ["POST"]}},
        },
    }


def _hook(call: Call, hook_id: str | None = None):
    hook_id = hook_id or call.path_params["eventHookId"]
    row = call.universe.store.one("SELECT * FROM okta_event_hooks WHERE id = ?", (hook_id,))
    if row is None:
        raise not_found(hook_id, "EventHook")
    return row


def _fields(call: Call) -> tuple[str, dict, dict]:
    payload = body(call)
    events, channel = payload.get("events") or {}, payload.get("channel") or {}
    if not payload.get("name"):
        raise validation("name", "name: The field cannot be left blank")
    if events.get("type") != "EVENT_TYPE" or not events.get("items"):
        raise validation("events", "events: must list event types")
    if not ((channel.get("config") or {}).get("uri") or "").startswith(("http://", "https://")):
        raise validation("channel.config.uri", "uri: must be an http(s) URL")
    return payload["name"], events, channel


@operation("createEventHook")
def create_event_hook(call: Call) -> dict:
    authorize(call, SCOPE)
    name, events, channel = _fields(call)
    state = state_of(call)
    hook_id = state.new_id("who")
    state.db.execute(
        "INSERT INTO okta_event_hooks(id, name, events, channel, created, last_updated)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (hook_id, name, json.dumps(events), json.dumps(channel), state.now(), state.now()),
    )
    state.log(
        "event_hook.created",
        "Event hook created",
        None,
        {"id": hook_id, "type": "EventHook", "alternateId": name, "displayName": name},
    )
    return hook_json(call, _hook(call, hook_id))


@operation("listEventHooks")
def list_event_hooks(call: Call) -> Response:
    authorize(call, "okta.eventHooks.read")
    rows = call.universe.store.all("SELECT * FROM okta_event_hooks ORDER BY rowid")
    return page(call, [hook_json(call, r) for r in rows])


@operation("getEventHook")
def get_event_hook(call: Call) -> dict:
    authorize(call, "okta.eventHooks.read")
    return hook_json(call, _hook(call))


@operation("replaceEventHook")
def replace_event_hook(call: Call) -> dict:
    authorize(call, SCOPE)
    hook = _hook(call)
    name, events, channel = _fields(call)
    old = json.loads(hook["channel"])
    secret = ((old.get("config") or {}).get("authScheme") or {}).get("value")
    scheme = (channel.get("config") or {}).get("authScheme")
    if scheme and "value" not in scheme and secret:
        scheme["value"] = secret
    call.universe.store.execute(
        "UPDATE okta_event_hooks SET name = ?, events = ?, channel = ?, last_updated = ?,"
        " verification_status = CASE WHEN ? THEN verification_status ELSE 'UNVERIFIED' END"
        " WHERE id = ?",
        (
            name,
            json.dumps(events),
            json.dumps(channel),
            call.universe.clock.now(),
            channel["config"]["uri"] == old["config"]["uri"],
            hook["id"],
        ),
    )
    return hook_json(call, _hook(call))


@operation("deleteEventHook")
def delete_event_hook(call: Call) -> Response:
    authorize(call, SCOPE)
    hook = _hook(call)
    if hook["status"] != "INACTIVE":
        raise OktaError(
            "E0000001",
            400,
            "Api validation failed: status",
            ["Event hook must be INACTIVE before it can be deleted."],
        )
    call.universe.store.execute("DELETE FROM okta_event_hooks WHERE id = ?", (hook["id"],))
    return Response(status_code=204)


def _status(name: str, status: str):
    @operation(name)
    def handler(call: Call) -> dict:
        authorize(call, SCOPE)
        hook = _hook(call)
        call.universe.store.execute(
            "UPDATE okta_event_hooks SET status = ?, last_updated = ? WHERE id = ?",
            (status, call.universe.clock.now(), hook["id"]),
        )
        return hook_json(call, _hook(call))

    return handler


async def verify_event_hook(request: Request) -> Response:
    """Okta's one-time verification: GET the URI with a challenge, expect it echoed back.

    The caller is admitted first, so an unauthorized request never reaches the endpoint; the
    challenge is answered before the transaction starts (no await inside a handler).
    """
    call = await read_call(request, "verifyEventHook")
    try:
        admit(call, SCOPE)  # before the hook's endpoint hears anything
    except TwinError as error:
        return call.twin.render_error(request, error)
    hook_id = request.path_params["eventHookId"]
    row = call.universe.store.one("SELECT * FROM okta_event_hooks WHERE id = ?", (hook_id,))
    verified = False
    if row is not None:
        channel = json.loads(row["channel"])
        challenge = call.universe.ids.token("okta.challenge", 40)
        try:
            async with httpx.AsyncClient(timeout=TIMEOUT_S) as client:
                answer = await client.get(
                    channel["config"]["uri"],
                    headers={**headers_of(channel), "X-Okta-Verification-Challenge": challenge},
                )
            verified = answer.is_success and answer.json().get("verification") == challenge
        except (httpx.HTTPError, ValueError, AttributeError):
            verified = False

    def handler(call: Call) -> dict:
        authorize(call, SCOPE)
        hook = _hook(call)
        if not verified:
            raise OktaError(
                "E0000001",
                400,
                "Api validation failed: Verification failed",
                ["Verification of the event hook's endpoint failed."],
            )
        call.universe.store.execute(
            "UPDATE okta_event_hooks SET verification_status = 'VERIFIED', last_updated = ?"
            " WHERE id = ?",
            (call.universe.clock.now(), hook["id"]),
        )
        return hook_json(call, _hook(call))

    return await run(call, handler)


verify_event_hook.operation = "verifyEventHook"  # type: ignore[attr-defined]


def routes() -> list[Route]:
    one = "/api/v1/eventHooks/{eventHookId}"
    return [
        Route("/api/v1/eventHooks", create_event_hook, methods=["POST"]),
        Route("/api/v1/eventHooks", list_event_hooks, methods=["GET"]),
        Route(one, get_event_hook, methods=["GET"]),
        Route(one, replace_event_hook, methods=["PUT"]),
        Route(one, delete_event_hook, methods=["DELETE"]),
        Route(
            f"{one}/lifecycle/activate", _status("activateEventHook", "ACTIVE"), methods=["POST"]
        ),
        Route(
            f"{one}/lifecycle/deactivate",
            _status("deactivateEventHook", "INACTIVE"),
            methods=["POST"],
        ),
        Route(f"{one}/lifecycle/verify", verify_event_hook, methods=["POST"]),
    ]
