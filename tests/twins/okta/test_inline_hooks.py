"""Inline hooks through the okta SDK: registration rules, lifecycle, and execute on loopback."""

from __future__ import annotations

import pytest
from okta.models import InlineHookCreate
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.kit.server import serve_app
from darkfactory.twins.okta.testing import send

SECRET = "inline-secret"


class HookService:
    """An inline hook endpoint: checks the auth header, answers a registration command."""

    def __init__(self) -> None:
        self.base = ""
        self.received: list[dict] = []

    async def endpoint(self, request: Request) -> Response:
        if request.headers.get("authorization") != SECRET:
            return Response(status_code=401)
        self.received.append(await request.json())
        return JSONResponse(
            {"commands": [{"type": "com.okta.action.update", "value": {"registration": "DENY"}}]}
        )

    def url(self, path: str = "/hook") -> str:
        return f"{self.base}{path}"


@pytest.fixture
def service():
    hooks = HookService()
    app = Starlette(routes=[Route("/hook", hooks.endpoint, methods=["POST"])])
    hooks.base, server = serve_app(app)
    yield hooks
    server.should_exit = True


def hook(uri: str, name: str = "Pre-registration", secret: str | None = SECRET) -> dict:
    config = {"uri": uri, "method": "POST", "headers": [{"key": "X-Env", "value": "test"}]}
    if secret:
        config["authScheme"] = {"type": "HEADER", "key": "Authorization", "value": secret}
    return {
        "name": name,
        "type": "com.okta.user.pre-registration",
        "version": "1.0.0",
        "channel": {"type": "HTTP", "version": "1.0.0", "config": config},
    }


async def test_inline_hook_registration_rules_and_lifecycle(okta_client):
    created, _, err = await okta_client.create_inline_hook(
        InlineHookCreate.from_dict(hook("https://hooks.example.com/pre-reg", secret=None))
    )
    assert err is None and created.id.startswith("cal") and created.status.value == "ACTIVE"
    assert created.channel.config.uri == "https://hooks.example.com/pre-reg"
    _, _, err = await okta_client.create_inline_hook(
        InlineHookCreate.from_dict(hook("http://hooks.example.com/pre-reg"))
    )
    assert err.status == 400 and "https://" in err.error_causes[0]["errorSummary"]

    err = (await okta_client.delete_inline_hook(created.id))[-1]
    assert err.status == 400 and err.error_code == "E0000001"
    await okta_client.deactivate_inline_hook(created.id)
    listed, _, _ = await okta_client.list_inline_hooks(type="com.okta.user.pre-registration")
    assert [h.id for h in listed] == [created.id]
    listed, _, _ = await okta_client.list_inline_hooks(type="com.okta.import.transform")
    assert listed == []
    assert (await okta_client.delete_inline_hook(created.id))[-1] is None
    _, _, err = await okta_client.get_inline_hook(created.id)
    assert err.status == 404 and err.error_code == "E0000007"
    events, _, _ = await okta_client.list_log_events(filter='eventType sw "inline_hook."')
    assert [e.event_type for e in events] == [
        "inline_hook.created",
        "inline_hook.deactivated",
        "inline_hook.deleted",
    ]


async def test_execute_posts_to_the_endpoint_with_its_secret(okta_client, service):
    created, err = await send(okta_client, "POST", "/api/v1/inlineHooks", hook(service.url()))
    assert err is None and "value" not in created["channel"]["config"]["authScheme"]
    path = f"/api/v1/inlineHooks/{created['id']}"
    payload = {"eventType": "com.okta.user.pre-registration", "data": {"userProfile": {"x": 1}}}
    answer, err = await send(okta_client, "POST", f"{path}/execute", payload)
    assert err is None and answer["commands"][0]["value"] == {"registration": "DENY"}
    assert service.received == [payload]

    # A partial update moves the endpoint but keeps the stored secret.
    moved, err = await send(
        okta_client, "POST", path, {"channel": {"config": {"uri": service.url("/missing")}}}
    )
    assert err is None and moved["channel"]["config"]["uri"].endswith("/missing")
    _, err = await send(okta_client, "POST", f"{path}/execute", payload)
    assert err.status == 400 and "404" in err.error_causes[0]["errorSummary"]
    await send(okta_client, "POST", path, {"channel": {"config": {"uri": service.url()}}})
    answer, err = await send(okta_client, "POST", f"{path}/execute", payload)
    assert err is None and len(service.received) == 2
