"""The type registry and health over HTTP, replaying the requests cxdb's HTTP API reference
documents and checking the answers it documents."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from starlette.testclient import TestClient

from darkfactory.context import ContextStore
from darkfactory.context.api import build_app

BUNDLE_ID = "2025-01-30T10:00:00Z#abc123"
IN_PATH = quote(BUNDLE_ID, safe="")  # '#' starts a fragment unless escaped
MESSAGE_V1 = {
    "fields": {
        "1": {"name": "role", "type": "string"},
        "2": {"name": "text", "type": "string", "optional": True},
        "3": {"name": "timestamp", "type": "u64", "semantic": "unix_ms"},
    }
}
BUNDLE = {
    "registry_version": 1,
    "bundle_id": BUNDLE_ID,
    "types": {
        "com.example.Message": {
            "versions": {
                "1": MESSAGE_V1,
                "2": {
                    "fields": {
                        **MESSAGE_V1["fields"],
                        "4": {"name": "attachments", "type": "array", "items": "bytes"},
                    }
                },
            }
        }
    },
    "enums": {"com.example.Role": {"1": "system", "2": "user", "3": "assistant", "4": "tool"}},
}


@pytest.fixture
def client():
    with TestClient(build_app(ContextStore())) as client:
        yield client


def test_health_answers_status_version_and_uptime(client):
    answer = client.get("/health")
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "ok" and isinstance(body["version"], str)
    assert isinstance(body["uptime_seconds"], int) and body["uptime_seconds"] >= 0


def test_publish_a_bundle_then_read_it_its_types_and_a_type_version(client):
    published = client.put(f"/v1/registry/bundles/{IN_PATH}", json=BUNDLE)
    assert published.status_code == 201
    again = client.put(f"/v1/registry/bundles/{IN_PATH}", json=BUNDLE)
    assert again.status_code == 204, "an identical bundle already exists"

    read = client.get(f"/v1/registry/bundles/{IN_PATH}")
    assert read.status_code == 200 and read.json() == BUNDLE
    assert read.headers["cache-control"] == "public, max-age=31536000"
    etag = read.headers["etag"]
    cached = client.get(f"/v1/registry/bundles/{IN_PATH}", headers={"If-None-Match": etag})
    assert cached.status_code == 304

    descriptor = client.get("/v1/registry/types/com.example.Message/versions/1")
    assert descriptor.json() == {
        "type_id": "com.example.Message",
        "type_version": 1,
        **MESSAGE_V1,
    }
    listing = client.get("/v1/registry/types").json()
    assert listing == {
        "types": [{"type_id": "com.example.Message", "latest_version": 2, "bundle_id": BUNDLE_ID}]
    }

    created = client.post("/v1/contexts/create", json={"base_turn_id": "0"}).json()
    turns = client.get(f"/v1/contexts/{created['context_id']}/turns").json()
    assert turns["meta"]["registry_bundle_id"] == BUNDLE_ID


def test_registry_refusals(client):
    client.put(f"/v1/registry/bundles/{IN_PATH}", json=BUNDLE)
    changed = {**BUNDLE, "types": {"com.example.Other": {"versions": {"1": MESSAGE_V1}}}}
    assert client.put(f"/v1/registry/bundles/{IN_PATH}", json=changed).status_code == 409
    assert client.put("/v1/registry/bundles/b2", json={"bundle_id": "b2"}).status_code == 422
    other_id = {**BUNDLE, "bundle_id": "elsewhere"}
    assert client.put("/v1/registry/bundles/b3", json=other_id).status_code == 422
    missing = client.get("/v1/registry/types/com.example.Message/versions/9")
    assert missing.status_code == 404 and "not found" in missing.json()["error"]["message"]
    assert client.get("/v1/registry/bundles/none").status_code == 404
    assert client.get("/v1/registry/types/x/versions/one").status_code == 400
