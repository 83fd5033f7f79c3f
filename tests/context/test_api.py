"""The context store's HTTP API, driven through Starlette's httpx-based test client."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from darkfactory.context import ContextStore
from darkfactory.context.api import build_app


@pytest.fixture
def client():
    with TestClient(build_app(ContextStore())) as client:
        yield client


def append(client, cid, text, **extra):
    return client.post(
        f"/v1/contexts/{cid}/append",
        json={"type_id": "darkfactory.Message", "type_version": 1, "data": {"text": text}, **extra},
    )


def test_create_append_read_fork(client):
    created = client.post("/v1/contexts/create", json={"base_turn_id": "0"})
    assert created.status_code == 201
    cid = created.json()["context_id"]
    first = append(client, cid, "hello").json()
    assert first["depth"] == 1 and len(first["content_hash"]) == 64
    append(client, cid, "world")
    page = client.get(f"/v1/contexts/{cid}/turns").json()
    assert [t["data"]["text"] for t in page["turns"]] == ["hello", "world"]
    assert page["meta"]["head_depth"] == 2
    assert page["turns"][0]["declared_type"] == {
        "type_id": "darkfactory.Message",
        "type_version": 1,
    }
    fork = client.post("/v1/contexts/fork", json={"base_turn_id": first["turn_id"]}).json()
    append(client, fork["context_id"], "branch")
    texts = [
        t["data"]["text"]
        for t in client.get(f"/v1/contexts/{fork['context_id']}/turns").json()["turns"]
    ]
    assert texts == ["hello", "branch"]
    turn = client.get(f"/v1/turns/{first['turn_id']}").json()
    assert len(turn["children"]) == 2
    blob = client.get(f"/v1/blobs/{first['content_hash']}")
    assert blob.json() == {"text": "hello"}
    listing = client.get("/v1/contexts").json()
    assert listing["total"] == 2


def test_paging_with_next_before_turn_id(client):
    cid = client.post("/v1/contexts/create", json={}).json()["context_id"]
    for n in range(5):
        append(client, cid, str(n))
    page = client.get(f"/v1/contexts/{cid}/turns", params={"limit": 2}).json()
    assert [t["data"]["text"] for t in page["turns"]] == ["3", "4"]
    older = client.get(
        f"/v1/contexts/{cid}/turns",
        params={"limit": 2, "before_turn_id": page["next_before_turn_id"]},
    ).json()
    assert [t["data"]["text"] for t in older["turns"]] == ["1", "2"]


@pytest.mark.parametrize(
    "method, path, body, status, message",
    [
        ("GET", "/v1/contexts/42", None, 404, "context 42 not found"),
        ("GET", "/v1/contexts/abc", None, 400, "decimal id"),
        ("GET", "/v1/turns/9", None, 404, "turn 9 not found"),
        ("POST", "/v1/contexts/create", "not json", 400, "not JSON"),
        ("POST", "/v1/contexts/create", {"base_turn_id": "99"}, 409, "no turn 99"),
        (
            "POST",
            "/v1/contexts/1/append",
            {"type_id": "t", "type_version": 1},
            422,
            "'data' is required",
        ),
        (
            "POST",
            "/v1/contexts/1/append",
            {"type_id": "t", "type_version": 1, "data": {}, "parent_turn_id": "77"},
            409,
            "no turn 77",
        ),
        ("GET", "/v1/blobs/00ff", None, 404, "no such blob"),
    ],
)
def test_client_mistakes_get_clear_errors(client, method, path, body, status, message):
    client.post("/v1/contexts/create", json={})
    kwargs = {"content": body} if isinstance(body, str) else {"json": body}
    response = client.request(method, path, **(kwargs if body is not None else {}))
    assert response.status_code == status, response.text
    assert message in response.json()["error"]["message"]
