"""Bad input gets Google's error answers: never a 500, never a traceback, always the envelope."""

from __future__ import annotations

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.twins.google.conftest import ALICE

QUERY_WORDS = [
    "name",
    "mimeType",
    "trashed",
    "starred",
    "parents",
    "owners",
    "fullText",
    "modifiedTime",
    "sharedWithMe",
    "properties",
    "contains",
    "and",
    "or",
    "not",
    "in",
    "has",
    "=",
    "!=",
    "<",
    ">=",
    "(",
    ")",
    "{",
    "}",
    "'x'",
    "'root'",
    "true",
    "'2026-01-01T00:00:00Z'",
    "key='a'",
    "'",
    '"x"',
    '"',
    "\\",
]
FIELD_WORDS = [
    "files",
    "id",
    "name",
    "(",
    ")",
    ",",
    "/",
    "*",
    "owners",
    "kind",
    "nope",
    "nextPageToken",
    "capabilities",
    "canEdit",
]
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=5,
)
FILE_KEYS = [
    "name",
    "mimeType",
    "parents",
    "id",
    "trashed",
    "starred",
    "properties",
    "description",
    "writersCanShare",
    "modifiedTime",
    "size",
    "kind",
]
PERMISSION_KEYS = ["type", "role", "emailAddress", "domain", "allowFileDiscovery", "expirationTime"]
FAST = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def api(google_credentials) -> httpx.Client:
    oauth = google_credentials["oauth_client"]
    token = httpx.post(
        oauth["token_uri"],
        data={
            "grant_type": "refresh_token",
            "refresh_token": google_credentials["users"][ALICE]["refresh_token"],
            "client_id": oauth["client_id"],
            "client_secret": oauth["client_secret"],
        },
    ).json()["access_token"]
    with httpx.Client(
        base_url=google_credentials["root_url"],
        timeout=10,
        headers={"Authorization": f"Bearer {token}"},
    ) as client:
        yield client


def assert_answered(response: httpx.Response) -> None:
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        error = response.json()["error"]
        assert error["code"] == response.status_code and error["message"]
        assert error["errors"][0]["reason"]


@FAST
@given(q=st.lists(st.sampled_from(QUERY_WORDS), max_size=8).map(" ".join) | st.text(max_size=30))
def test_any_query_is_answered(api, q):
    response = api.get("drive/v3/files", params={"q": q})
    assert_answered(response)
    assert response.status_code in (200, 400)


@FAST
@given(fields=st.lists(st.sampled_from(FIELD_WORDS), max_size=8).map("".join))
def test_any_fields_mask_is_answered(api, fields):
    response = api.get("drive/v3/files", params={"fields": fields})
    assert_answered(response)
    assert response.status_code in (200, 400)


@FAST
@given(body=st.dictionaries(st.sampled_from(FILE_KEYS), VALUES, max_size=5))
def test_any_file_metadata_is_answered(api, body):
    assert_answered(api.post("drive/v3/files", json=body))


@FAST
@given(body=st.dictionaries(st.sampled_from(PERMISSION_KEYS), VALUES, max_size=5))
def test_any_permission_body_is_answered(api, body):
    file_id = api.post("drive/v3/files", json={"name": "target"}).json()["id"]
    assert_answered(api.post(f"drive/v3/files/{file_id}/permissions", json=body))


@FAST
@given(
    raw=st.binary(max_size=200),
    path=st.sampled_from(
        [
            "drive/v3/files",
            "upload/drive/v3/files?uploadType=multipart",
            "upload/drive/v3/files?uploadType=resumable",
            "batch/drive/v3",
        ]
    ),
    ctype=st.sampled_from(
        [
            "application/json",
            "multipart/related; boundary=x",
            "multipart/mixed; boundary=x",
            "text/plain",
        ]
    ),
)
def test_malformed_bodies_are_answered(api, raw, path, ctype):
    assert_answered(api.post(path, content=raw, headers={"Content-Type": ctype}))


@FAST
@given(
    content_range=st.one_of(
        st.text(st.characters(min_codepoint=32, max_codepoint=126), min_size=1, max_size=30).map(
            lambda value: value.strip() or "x"
        ),
        st.builds(
            lambda a, b, t: f"bytes {a}-{b}/{t}",
            st.integers(0, 99),
            st.integers(0, 99),
            st.sampled_from(["*", "10", "50", "100"]),
        ),
        st.sampled_from(["bytes */100", "bytes */*", "bytes 0-9/*"]),
    ),
    chunk=st.binary(max_size=60),
)
def test_any_resumable_chunk_is_answered(api, content_range, chunk):
    started = api.post(
        "upload/drive/v3/files?uploadType=resumable",
        json={"name": "r"},
        headers={"X-Upload-Content-Length": "100"},
    )
    location = started.headers["location"]
    answer = api.put(location, content=chunk, headers={"Content-Range": content_range})
    assert_answered(answer)
    assert answer.status_code in (200, 308, 400)
