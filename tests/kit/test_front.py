"""A twin's front: its API calls skip Starlette's stack, yet see the scope its mount would give,
are journaled, and get every failure answered in the vendor's envelope; its setup routes still
take the admin gate."""

from __future__ import annotations

import dataclasses

import httpx
import pytest
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse

from darkfactory.twins.kit.app import build_app
from darkfactory.twins.kit.universe import Universe
from darkfactory.twins.slack.api import METHODS


@pytest.fixture
def served():
    universe = Universe(seed=1, twins=["slack"])
    app = build_app(universe)
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://127.0.0.1")
    yield universe, client
    universe.close()


def swap_handler(monkeypatch, handler) -> None:
    monkeypatch.setitem(
        METHODS, "api.test", dataclasses.replace(METHODS["api.test"], handler=handler)
    )


async def test_an_api_call_sees_the_scope_its_mount_gives(served, monkeypatch):
    universe, client = served
    seen = {}

    def look(call):
        scope = call.call.request.scope
        seen.update(root=scope["root_path"], universe=call.call.request.app.state.universe)
        return JSONResponse({"ok": True})

    swap_handler(monkeypatch, look)
    answer = await client.post("/slack/api/api.test")
    assert answer.json() == {"ok": True}
    assert seen == {"root": "/slack", "universe": universe}
    entry = universe.journal.query(twin="slack")[-1]
    assert (entry.operation, entry.status, entry.response_body) == ("api.test", 200, '{"ok":true}')


async def test_an_exception_is_slacks_internal_error_and_journaled_with_its_traceback(
    served, monkeypatch
):
    universe, client = served

    def boom(call):
        raise RuntimeError("the handler broke")

    swap_handler(monkeypatch, boom)
    answer = await client.post("/slack/api/api.test")
    assert answer.status_code == 500
    assert answer.json()["ok"] is False
    entry = universe.journal.query(twin="slack")[-1]
    assert entry.status == 500
    assert "RuntimeError: the handler broke" in entry.error
    assert "the handler broke" not in answer.text


async def test_an_http_exception_no_twin_renders_is_starlettes_plain_answer(served, monkeypatch):
    universe, client = served

    def teapot(call):
        raise HTTPException(418, "short and stout")

    swap_handler(monkeypatch, teapot)
    answer = await client.post("/slack/api/api.test")
    assert (answer.status_code, answer.text) == (418, "short and stout")
    assert universe.journal.query(twin="slack")[-1].status == 418


async def test_setup_routes_still_take_the_admin_gate(served):
    universe, client = served
    refused = await client.get("/slack/_apps")
    assert refused.status_code == 401
    allowed = await client.get(
        "/slack/_apps", headers={"Authorization": f"Bearer {universe.admin_token}"}
    )
    assert allowed.status_code == 200


async def test_a_twin_path_without_its_slash_is_starlettes_redirect(served):
    _, client = served
    answer = await client.get("/slack")
    assert answer.status_code == 307
    assert answer.headers["location"] == "http://127.0.0.1/slack/"
