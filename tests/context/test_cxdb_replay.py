"""cxdb's documented HTTP exchanges, replayed against the context store's API.

Each exchange is a request that cxdb's HTTP API reference (``docs/http-api.md``, ``docs/http.md``)
or its server's routes (those its UI calls) document, with the status and the shape of the answer
they give. An answer agrees when its status is the documented one and every field of the
documented answer is there, of the same JSON kind, down to nested objects and list items (the
store may add fields, as cxdb's server does). Requests run against a store holding the documented
example bundle and a short conversation.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from darkfactory.context import ContextStore
from darkfactory.context.api import build_app
from darkfactory.twins.kit.server import serve_app

MESSAGE = "com.example.Message"
BUNDLE_ID = "2026-01-30T10:00:00Z#d4e5f6"
FIELDS_V1 = {"1": {"name": "role", "type": "string"}, "2": {"name": "text", "type": "string"}}
FIELDS_V2 = {**FIELDS_V1, "3": {"name": "timestamp", "type": "u64", "semantic": "unix_ms"}}
RENDERER = {"esm_url": "https://renderers.example/message.js", "component": "MessageView"}
BUNDLE = {
    "registry_version": 1,
    "bundle_id": BUNDLE_ID,
    "types": {
        MESSAGE: {
            "versions": {
                "1": {"fields": FIELDS_V1},
                "2": {"fields": FIELDS_V2, "renderer": RENDERER},
            }
        }
    },
}
ERROR = {"error": {"code": 0, "message": ""}}
CONTEXT = {"context_id": "", "head_turn_id": "", "head_depth": 0, "created_at": ""}
LISTED = {**CONTEXT, "created_at_unix_ms": 0, "is_live": False}
HEAD = {"context_id": "", "head_turn_id": "", "head_depth": 0}
APPENDED = {"context_id": "", "turn_id": "", "depth": 0, "content_hash": ""}
META = {"context_id": "", "head_turn_id": "", "head_depth": 0, "registry_bundle_id": ""}
DECLARED = {"type_id": "", "type_version": 0}
TYPED_TURN = {
    "turn_id": "",
    "parent_turn_id": "",
    "depth": 0,
    "declared_type": DECLARED,
    "decoded_as": DECLARED,
    "data": {"role": "", "text": ""},
}
RAW = {"content_hash_b3": "", "encoding": 0, "compression": 0, "uncompressed_len": 0}
RAW_TURN = {k: v for k, v in TYPED_TURN.items() if k not in ("decoded_as", "data")}
RAW_TURN = {**RAW_TURN, **RAW, "bytes_b64": ""}


def conforms(answer: Any, documented: Any, where: str = "$") -> list[str]:
    """Where ``answer`` lacks a documented field or has it of another JSON kind."""
    kinds = (dict, list, str, bool, int | float, type(None))
    kind = next(k for k in kinds if isinstance(documented, k))
    if not isinstance(answer, kind) or (kind is int | float and isinstance(answer, bool)):
        return [f"{where}: {type(answer).__name__}, documented {type(documented).__name__}"]
    if isinstance(documented, dict):
        return [
            problem
            for key, value in documented.items()
            for problem in (
                conforms(answer[key], value, f"{where}.{key}")
                if key in answer
                else [f"{where}.{key}: missing"]
            )
        ]
    if isinstance(documented, list) and documented:
        if not answer:
            return [f"{where}: empty, documented with items"]
        return [p for i, item in enumerate(answer) for p in conforms(item, documented[0], f"{i}")]
    return []


@dataclass
class World:
    """The store the exchanges run against, and the ids its fixtures got."""

    client: TestClient
    context: str  # a conversation of three turns
    turns: list[str]
    tagged: str  # a context whose first turn carries cxdb's context metadata
    hash: str

    def append(self, cid: str, data: dict, **extra) -> httpx.Response:
        body = {"type_id": MESSAGE, "type_version": 1, "data": data, **extra}
        return self.client.post(f"/v1/contexts/{cid}/append", json=body)


@pytest.fixture
def world():
    with TestClient(build_app(ContextStore())) as client:
        client.put(f"/v1/registry/bundles/{BUNDLE_ID.replace('#', '%23')}", json=BUNDLE)
        cid = client.post("/v1/contexts/create", json={"base_turn_id": "0"}).json()["context_id"]
        empty = World(client, cid, [], "", "")
        said = [
            empty.append(cid, {"role": role, "text": text}).json()
            for role, text in (("user", "What is 6x7?"), ("assistant", "42."), ("user", "Why?"))
        ]
        tagged = client.post("/v1/contexts/create", json={}).json()["context_id"]
        meta = {
            "client_tag": "agent-7",
            "title": "Arithmetic",
            "labels": ["math"],
            "provenance": {"service_name": "tutor", "host_name": "box"},
        }
        empty.append(tagged, {"role": "system", "text": "hi", "context_metadata": meta})
        yield World(client, cid, [t["turn_id"] for t in said], tagged, said[0]["content_hash"])


Check = Callable[[World], tuple[httpx.Response, int, Any]]
EXCHANGES: dict[str, Check] = {}


def exchange(name: str):
    def register(check: Check) -> Check:
        EXCHANGES[name] = check
        return check

    return register


@exchange("GET /health")
def _(w):
    return w.client.get("/health"), 200, {"status": "ok", "version": "", "uptime_seconds": 0}


@exchange("GET /healthz (server)")
def _(w):
    answer = w.client.get("/healthz")
    assert answer.text == "ok" and answer.headers["content-type"].startswith("text/plain")
    return answer, 200, None


@exchange("GET /v1/contexts")
def _(w):
    answer = w.client.get("/v1/contexts")
    assert answer.json()["total"] == 2
    return answer, 200, {"contexts": [CONTEXT], "total": 0}


@exchange("GET /v1/contexts?limit&offset")
def _(w):
    answer = w.client.get("/v1/contexts", params={"limit": 1, "offset": 1})
    assert [c["context_id"] for c in answer.json()["contexts"]] == [w.context]
    return answer, 200, {"contexts": [CONTEXT], "total": 0}


@exchange("GET /v1/contexts (server fields)")
def _(w):
    answer = w.client.get("/v1/contexts", params={"limit": 20})
    documented = {"contexts": [LISTED], "count": 0, "active_sessions": [], "active_tags": [""]}
    return answer, 200, documented


@exchange("GET /v1/contexts?tag (server)")
def _(w):
    answer = w.client.get("/v1/contexts", params={"tag": "agent-7"})
    assert [c["context_id"] for c in answer.json()["contexts"]] == [w.tagged]
    assert w.client.get("/v1/contexts", params={"tag": "other"}).json()["contexts"] == []
    return answer, 200, {"contexts": [{**LISTED, "client_tag": ""}], "count": 0}


@exchange("GET /v1/contexts?include_provenance=1 (server)")
def _(w):
    answer = w.client.get("/v1/contexts", params={"include_provenance": "1", "tag": "agent-7"})
    return answer, 200, {"contexts": [{**LISTED, "provenance": {"service_name": ""}}]}


@exchange("GET /v1/contexts/:id/provenance (server)")
def _(w):
    answer = w.client.get(f"/v1/contexts/{w.tagged}/provenance")
    return answer, 200, {"context_id": "", "provenance": {"service_name": "", "host_name": ""}}


@exchange("GET /v1/contexts/:id")
def _(w):
    answer = w.client.get(f"/v1/contexts/{w.context}")
    assert answer.json()["head_turn_id"] == w.turns[-1]
    return answer, 200, CONTEXT


@exchange("GET /v1/contexts/:id (missing)")
def _(w):
    return w.client.get("/v1/contexts/999"), 404, ERROR


@exchange("POST /v1/contexts/create")
def _(w):
    answer = w.client.post("/v1/contexts/create", json={"base_turn_id": "0"})
    assert answer.json()["head_turn_id"] == "0" and answer.json()["head_depth"] == 0
    return answer, 201, HEAD


@exchange("POST /v1/contexts/fork")
def _(w):
    answer = w.client.post("/v1/contexts/fork", json={"base_turn_id": w.turns[1]})
    assert (answer.json()["head_turn_id"], answer.json()["head_depth"]) == (w.turns[1], 2)
    return answer, 201, HEAD


@exchange("POST /v1/contexts/:id/append")
def _(w):
    answer = w.append(w.context, {"role": "user", "text": "Hello!"}, idempotency_key="c-1-001")
    assert answer.json()["depth"] == 4
    return answer, 201, APPENDED


@exchange("POST /v1/contexts/:id/append (idempotent retry)")
def _(w):
    first = w.append(w.context, {"role": "user", "text": "once"}, idempotency_key="c-1-002")
    again = w.append(w.context, {"role": "user", "text": "once"}, idempotency_key="c-1-002")
    assert again.json()["turn_id"] == first.json()["turn_id"]
    return again, 201, APPENDED


@exchange("POST /v1/contexts/:id/append (parent_turn_id)")
def _(w):
    answer = w.append(w.context, {"role": "assistant", "text": "Six sevens."}, parent_turn_id="1")
    assert answer.json()["depth"] == 2
    return answer, 201, APPENDED


@exchange("POST /v1/contexts/:id/append (missing context)")
def _(w):
    return w.append("999", {"role": "user", "text": "?"}), 404, ERROR


@exchange("POST /v1/contexts/:id/append (invalid parent)")
def _(w):
    return w.append(w.context, {"role": "user", "text": "?"}, parent_turn_id="4242"), 409, ERROR


@exchange("POST /v1/contexts/:id/append (missing type)")
def _(w):
    body = {"type_version": 1, "data": {"role": "user"}}
    return w.client.post(f"/v1/contexts/{w.context}/append", json=body), 422, ERROR


@exchange("GET /v1/contexts/:id/turns (typed)")
def _(w):
    answer = w.client.get(f"/v1/contexts/{w.context}/turns", params={"limit": 10})
    assert [t["turn_id"] for t in answer.json()["turns"]] == w.turns, "oldest first"
    documented = {"meta": META, "turns": [TYPED_TURN], "next_before_turn_id": ""}
    return answer, 200, documented


@exchange("GET /v1/contexts/:id/turns?view=raw")
def _(w):
    answer = w.client.get(f"/v1/contexts/{w.context}/turns", params={"view": "raw"})
    turn = answer.json()["turns"][0]
    assert "data" not in turn
    assert json.loads(w.client.get(f"/v1/blobs/{turn['content_hash_b3']}").content)["role"]
    return answer, 200, {"meta": META, "turns": [RAW_TURN]}


@exchange("GET /v1/contexts/:id/turns?view=both")
def _(w):
    answer = w.client.get(f"/v1/contexts/{w.context}/turns", params={"view": "both"})
    return answer, 200, {"meta": META, "turns": [{**TYPED_TURN, **RAW_TURN}]}


@exchange("GET /v1/contexts/:id/turns?before_turn_id (paging)")
def _(w):
    newest = w.client.get(f"/v1/contexts/{w.context}/turns", params={"limit": 2}).json()
    assert [t["turn_id"] for t in newest["turns"]] == w.turns[1:]
    assert newest["next_before_turn_id"] == w.turns[1]
    params = {"limit": 2, "before_turn_id": newest["next_before_turn_id"]}
    answer = w.client.get(f"/v1/contexts/{w.context}/turns", params=params)
    assert [t["turn_id"] for t in answer.json()["turns"]] == w.turns[:1]
    return answer, 200, {"meta": META, "turns": [TYPED_TURN], "next_before_turn_id": ""}


@exchange("GET /v1/contexts/:id/turns?bytes_render=hex")
def _(w):
    params = {"view": "raw", "bytes_render": "hex"}
    answer = w.client.get(f"/v1/contexts/{w.context}/turns", params=params)
    return answer, 200, {"turns": [{**RAW, "bytes_hex": ""}]}


@exchange("GET /v1/contexts/:id/turns?bytes_render=len_only")
def _(w):
    params = {"view": "raw", "bytes_render": "len_only"}
    answer = w.client.get(f"/v1/contexts/{w.context}/turns", params=params)
    return answer, 200, {"turns": [{**RAW, "bytes_len": 0}]}


@exchange("GET /v1/contexts/:id/turns?type_hint_mode=latest")
def _(w):
    params = {"type_hint_mode": "latest"}
    answer = w.client.get(f"/v1/contexts/{w.context}/turns", params=params)
    assert answer.json()["turns"][0]["decoded_as"] == {"type_id": MESSAGE, "type_version": 2}
    return answer, 200, {"turns": [TYPED_TURN]}


@exchange("GET /v1/contexts/:id/turns?type_hint_mode=explicit")
def _(w):
    params = {"type_hint_mode": "explicit", "as_type_id": MESSAGE, "as_type_version": "2"}
    answer = w.client.get(f"/v1/contexts/{w.context}/turns", params=params)
    assert answer.json()["turns"][0]["decoded_as"]["type_version"] == 2
    return answer, 200, {"turns": [TYPED_TURN]}


@exchange("GET /v1/contexts/:id/turns?type_hint_mode=explicit (no as_type_id)")
def _(w):
    params = {"type_hint_mode": "explicit"}
    return w.client.get(f"/v1/contexts/{w.context}/turns", params=params), 422, ERROR


@exchange("PUT /v1/registry/bundles/:id (new)")
def _(w):
    bundle = {**BUNDLE, "bundle_id": "2026-02-01T00:00:00Z#abc"}
    return w.client.put("/v1/registry/bundles/2026-02-01T00:00:00Z%23abc", json=bundle), 201, None


@exchange("PUT /v1/registry/bundles/:id (identical)")
def _(w):
    answer = w.client.put(f"/v1/registry/bundles/{BUNDLE_ID.replace('#', '%23')}", json=BUNDLE)
    assert answer.content == b""
    return answer, 204, None


@exchange("PUT /v1/registry/bundles/:id (conflicting)")
def _(w):
    changed = {**BUNDLE, "types": {"com.example.Other": {"versions": {"1": {"fields": {}}}}}}
    path = f"/v1/registry/bundles/{BUNDLE_ID.replace('#', '%23')}"
    return w.client.put(path, json=changed), 409, ERROR


@exchange("PUT /v1/registry/bundles/:id (malformed)")
def _(w):
    return w.client.put("/v1/registry/bundles/b", content=b"{not json"), 422, ERROR


@exchange("GET /v1/registry/bundles/:id")
def _(w):
    answer = w.client.get(f"/v1/registry/bundles/{BUNDLE_ID.replace('#', '%23')}")
    assert answer.headers["etag"].startswith('"') and answer.json() == BUNDLE
    return answer, 200, {"registry_version": 1, "bundle_id": "", "types": {}}


@exchange("GET /v1/registry/bundles/:id (If-None-Match)")
def _(w):
    path = f"/v1/registry/bundles/{BUNDLE_ID.replace('#', '%23')}"
    etag = w.client.get(path).headers["etag"]
    return w.client.get(path, headers={"If-None-Match": etag}), 304, None


@exchange("GET /v1/registry/types/:type_id/versions/:version")
def _(w):
    answer = w.client.get(f"/v1/registry/types/{MESSAGE}/versions/1")
    assert answer.json()["fields"] == FIELDS_V1
    return answer, 200, {"type_id": "", "type_version": 0, "fields": {}}


@exchange("GET /v1/registry/types/:type_id/versions/:version (missing)")
def _(w):
    return w.client.get(f"/v1/registry/types/{MESSAGE}/versions/7"), 404, ERROR


@exchange("GET /v1/registry/types")
def _(w):
    answer = w.client.get("/v1/registry/types")
    return answer, 200, {"types": [{"type_id": "", "latest_version": 0, "bundle_id": ""}]}


@exchange("GET /v1/registry/renderers (server)")
def _(w):
    answer = w.client.get("/v1/registry/renderers")
    assert answer.json()["renderers"] == {MESSAGE: RENDERER}
    return answer, 200, {"renderers": {}}


@exchange("GET /v1/blobs/:hash")
def _(w):
    answer = w.client.get(f"/v1/blobs/{w.hash}")
    assert answer.headers["content-type"] == "application/octet-stream"
    assert json.loads(answer.content) == {"role": "user", "text": "What is 6x7?"}
    return answer, 200, None


@exchange("GET /v1/blobs/:hash (missing)")
def _(w):
    return w.client.get(f"/v1/blobs/{'0' * 64}"), 404, ERROR


@exchange("GET /v1/stats")
def _(w):
    answer = w.client.get("/v1/stats")
    assert (answer.json()["contexts"], answer.json()["turns"]) == (2, 4)
    documented = {"contexts": 0, "turns": 0, "blobs": 0, "storage_bytes": 0, "dedup_hit_rate": 0.0}
    return answer, 200, documented


@pytest.mark.parametrize("name", list(EXCHANGES))
def test_a_documented_exchange_agrees(world, name):
    answer, status, documented = EXCHANGES[name](world)
    assert answer.status_code == status, answer.text
    if documented is not None:
        assert conforms(answer.json(), documented) == []


def test_the_event_stream_sends_new_contexts_and_turns_as_cxdb_names_them(tmp_path):
    """``GET /v1/events`` (the server's SSE stream, which cxdb's UI follows)."""
    store = ContextStore(tmp_path / "ctx.sqlite")
    base, server = serve_app(build_app(store))
    try:
        with httpx.stream("GET", f"{base}/v1/events", timeout=10) as events:
            assert events.headers["content-type"].startswith("text/event-stream")
            lines = events.iter_lines()
            assert [next(lines), next(lines)] == ["event: connected", "data: {}"]
            writer = ContextStore(tmp_path / "ctx.sqlite")  # another writer of the same file
            cid = writer.create_context().context_id
            meta = {"client_tag": "agent-7", "title": "Arithmetic"}
            turn = writer.append(cid, MESSAGE, 1, {"text": "hi", "context_metadata": meta})
            seen = {}
            for line in lines:
                if line.startswith("event: "):
                    name = line.removeprefix("event: ")
                elif line.startswith("data: "):
                    seen[name] = json.loads(line.removeprefix("data: "))
                    if len(seen) == 3:
                        break
    finally:
        server.should_exit = True
    assert seen["context_created"]["context_id"] == str(cid)
    assert conforms(
        seen["context_created"], {"context_id": "", "session_id": "", "client_tag": ""}
    ) == [] and isinstance(seen["context_created"]["created_at"], int)
    assert seen["turn_appended"] == {
        "context_id": str(cid),
        "turn_id": str(turn.turn_id),
        "parent_turn_id": "0",
        "depth": 1,
        "declared_type_id": MESSAGE,
        "declared_type_version": 1,
    }
    assert seen["context_metadata_updated"] == {
        "context_id": str(cid),
        "client_tag": "agent-7",
        "title": "Arithmetic",
        "has_provenance": False,
    }
