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
        ("GET", "/v1/contexts/1/turns?view=pretty", None, 400, "view must be one of"),
        ("GET", "/v1/contexts/1/turns?bytes_render=oct", None, 400, "bytes_render must be"),
        ("GET", "/v1/contexts/1/turns?type_hint_mode=latest", None, 200, None),
        ("GET", "/v1/contexts?limit=-1", None, 400, "must not be negative"),
    ],
)
def test_client_mistakes_get_clear_errors(client, method, path, body, status, message):
    client.post("/v1/contexts/create", json={})
    kwargs = {"content": body} if isinstance(body, str) else {"json": body}
    response = client.request(method, path, **(kwargs if body is not None else {}))
    assert response.status_code == status, response.text
    if message is not None:
        assert message in response.json()["error"]["message"]


def batch(*texts, **extra):
    return {
        "turns": [
            {"type_id": "darkfactory.Message", "type_version": 1, "data": {"text": t}, **extra}
            for t in texts
        ]
    }


def test_a_batched_append_writes_its_turns_in_order_under_the_head(client):
    cid = client.post("/v1/contexts/create", json={}).json()["context_id"]
    first = append(client, cid, "first").json()
    answer = client.post(f"/v1/contexts/{cid}/batch_append", json=batch("a", "b", "c"))
    assert answer.status_code == 201
    turns = answer.json()["turns"]
    assert answer.json()["context_id"] == cid
    assert [t["depth"] for t in turns] == [2, 3, 4]
    assert all(t["context_id"] == cid and len(t["content_hash"]) == 64 for t in turns)
    page = client.get(f"/v1/contexts/{cid}/turns").json()
    assert [t["data"]["text"] for t in page["turns"]] == ["first", "a", "b", "c"]
    assert [t["parent_turn_id"] for t in page["turns"][1:]] == [
        first["turn_id"],
        turns[0]["turn_id"],
        turns[1]["turn_id"],
    ]
    assert page["meta"]["head_turn_id"] == turns[-1]["turn_id"]


@pytest.mark.parametrize(
    "body, status, message",
    [
        ({"turns": []}, 422, "1 to 1000"),
        ({"turns": "a"}, 422, "1 to 1000"),
        ({"turns": [{"type_id": "t", "type_version": 1, "data": {}}] * 1001}, 422, "1 to 1000"),
        ({"turns": [{"type_id": "t", "data": {}}]}, 422, "'type_version' is required"),
        ({"turns": ["not an object"]}, 422, "JSON object"),
        (batch("ok", "orphan", parent_turn_id="77"), 409, "no turn 77"),
    ],
)
def test_a_batch_with_a_bad_turn_is_refused_whole(client, body, status, message):
    cid = client.post("/v1/contexts/create", json={}).json()["context_id"]
    answer = client.post(f"/v1/contexts/{cid}/batch_append", json=body)
    assert answer.status_code == status, answer.text
    assert message in answer.json()["error"]["message"]
    assert client.get(f"/v1/contexts/{cid}").json()["head_depth"] == 0


def test_a_batch_for_a_missing_context_is_not_found(client):
    answer = client.post("/v1/contexts/9/batch_append", json=batch("a"))
    assert answer.status_code == 404 and "context 9" in answer.json()["error"]["message"]


def test_reading_turns_as_the_latest_version_needs_their_types_registered(client):
    cid = client.post("/v1/contexts/create", json={}).json()["context_id"]
    append(client, cid, "unregistered")
    answer = client.get(f"/v1/contexts/{cid}/turns", params={"type_hint_mode": "latest"})
    assert answer.status_code == 424
    assert "darkfactory.Message" in answer.json()["error"]["message"]
    inherit = client.get(f"/v1/contexts/{cid}/turns").json()["turns"][0]
    assert inherit["decoded_as"] == inherit["declared_type"]
