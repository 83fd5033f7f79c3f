"""No request a client can make gets a 5xx or an answer outside the vendor's error envelope.

Every twin is sent, as its admin, JSON nested 50,000 deep, a body of wrong types, non-ASCII text
in the body, in a header and in the path; each answer must be below 500, JSON, and in that
vendor's own shape.
"""

from __future__ import annotations

import json
import time

import google.auth.transport.requests
import httpx
import pytest

from darkfactory.twins.google import client as google_client
from darkfactory.twins.google.fixtures import ADMIN

DEEP = b"[" * 50_000 + b"]" * 50_000
WRONG_TYPES = {
    "profile": "x",
    "name": [None],
    "channel": {"id": 1},
    "text": [1],
    "model": ["x"],
    "messages": "hello",
    "contents": 12,
    "fields": "summary",
    "jql": {"q": 1},
    "max_tokens": "many",
}
NON_ASCII = {"name": "Ünïcødé ☃ 𝄞 名前", "text": "héllo ✓", "profile": {"name": "Zoë ☃"}}


def slack_envelope(body) -> bool:
    return body.get("ok") is False and isinstance(body.get("error"), str)


def okta_envelope(body) -> bool:
    return body.get("errorCode", "").startswith("E") and isinstance(body.get("errorCauses"), list)


def jira_envelope(body) -> bool:
    return isinstance(body.get("errorMessages"), list) and isinstance(body.get("errors"), dict)


def google_envelope(body) -> bool:
    error = body.get("error", {})
    return isinstance(error.get("code"), int) and isinstance(error.get("status"), str)


def openai_envelope(body) -> bool:
    error = body.get("error", {})
    return isinstance(error.get("message"), str) and isinstance(error.get("type"), str)


def anthropic_envelope(body) -> bool:
    return body.get("type") == "error" and isinstance(body.get("error", {}).get("type"), str)


# twin: (method and path of an operation taking a body, a path with a non-ASCII id, envelope)
TARGETS = {
    "slack": ("POST", "/slack/api/chat.postMessage", "/slack/api/chat.ü☃", slack_envelope),
    "okta": ("POST", "/okta/api/v1/groups", "/okta/api/v1/users/ü☃", okta_envelope),
    "jira": ("POST", "/jira/rest/api/3/role", "/jira/rest/api/3/issue/ü☃", jira_envelope),
    "google": ("POST", "/google/drive/v3/files", "/google/drive/v3/files/ü☃", google_envelope),
    "openai": ("POST", "/openai/v1/chat/completions", "/openai/v1/files/ü☃", openai_envelope),
    "anthropic": ("POST", "/anthropic/v1/messages", "/anthropic/v1/models/ü☃", anthropic_envelope),
    "gemini": (
        "POST",
        "/gemini/v1beta/models/gemini-2.0-flash:generateContent",
        "/gemini/v1beta/models/ü☃",
        google_envelope,
    ),
}


def admin_headers(credentials: dict, twin: str) -> dict[str, str]:
    mine = credentials[twin]
    if twin == "slack":
        return {"Authorization": f"Bearer {mine['user_token']}"}
    if twin == "okta":
        return {"Authorization": f"SSWS {mine['api_token']}"}
    if twin == "jira":
        pair = httpx.BasicAuth(mine["email"], mine["api_token"])
        return {"Authorization": pair._auth_header}
    if twin == "google":
        creds = google_client.user(mine, ADMIN)
        creds.refresh(google.auth.transport.requests.Request())
        return {"Authorization": f"Bearer {creds.token}"}
    if twin == "anthropic":
        return {"x-api-key": mine["api_key"], "anthropic-version": "2023-06-01"}
    if twin == "gemini":
        return {"x-goog-api-key": mine["api_key"]}
    return {"Authorization": f"Bearer {mine['api_key']}"}


def cases(method: str, path: str, odd_path: str) -> dict[str, dict]:
    json_type = {"content-type": "application/json"}
    return {
        "deep JSON": {"method": method, "url": path, "content": DEEP, "headers": json_type},
        "wrong types": {"method": method, "url": path, "json": WRONG_TYPES},
        "a body that is a list": {"method": method, "url": path, "json": [1, "two", None]},
        "non-ASCII body": {"method": method, "url": path, "json": NON_ASCII},
        "non-ASCII header": {
            "method": method,
            "url": path,
            "json": NON_ASCII,
            "headers": {"X-Title": "Zoë ☃".encode(), "Accept-Language": "ü".encode("latin-1")},
        },
        "non-ASCII path": {"method": "GET", "url": odd_path},
    }


@pytest.mark.parametrize("twin", sorted(TARGETS))
def test_hostile_requests_get_the_vendors_error_envelope(universe, twin):
    method, path, odd_path, envelope = TARGETS[twin]
    headers = admin_headers(universe.credentials, twin)
    with httpx.Client(base_url=universe.url, headers=headers, timeout=60) as http:
        for case, request in cases(method, path, odd_path).items():
            extra = request.pop("headers", {})
            response = http.request(**request, headers={**headers, **extra})
            assert response.status_code < 500, (case, response.status_code, response.text[:300])
            body = response.json()
            assert isinstance(body, dict), (case, body)
            if response.status_code >= 400 or twin == "slack":
                assert envelope(body), (case, response.status_code, json.dumps(body)[:300])


def test_bad_bodies_are_refused_before_anything_is_stored(universe):
    """A wrongly typed body gets the vendor's 400 and leaves no trace: Jira's role named
    ``[null]`` and Okta's group whose profile is a string are not created."""
    credentials = universe.credentials
    with httpx.Client(base_url=universe.url, timeout=60) as http:
        jira = admin_headers(credentials, "jira")
        roles = http.get("/jira/rest/api/3/role", headers=jira).json()
        refused = http.post("/jira/rest/api/3/role", headers=jira, json={"name": [None]})
        assert refused.status_code == 400 and jira_envelope(refused.json())
        assert http.get("/jira/rest/api/3/role", headers=jira).json() == roles
        created = http.post("/jira/rest/api/3/role", headers=jira, json={"name": "Auditors"})
        assert created.status_code == 200 and created.json()["name"] == "Auditors"

        okta = admin_headers(credentials, "okta")
        groups = http.get("/okta/api/v1/groups", headers=okta).json()
        refused = http.post("/okta/api/v1/groups", headers=okta, json={"profile": "x"})
        assert refused.status_code == 400 and refused.json()["errorCode"] == "E0000003"
        assert http.get("/okta/api/v1/groups", headers=okta).json() == groups


# twin: an operation that takes no body
PLAIN_READS = {
    "slack": "/slack/api/auth.test",
    "okta": "/okta/api/v1/groups",
    "jira": "/jira/rest/api/3/myself",
    "google": "/google/drive/v3/files",
    "openai": "/openai/v1/models",
    "anthropic": "/anthropic/v1/models",
    "gemini": "/gemini/v1beta/models",
}


def test_an_unexpected_exception_is_a_500_in_the_vendors_envelope_and_journaled(
    universe, monkeypatch, caplog
):
    credentials = universe.credentials
    headers = {twin: admin_headers(credentials, twin) for twin in PLAIN_READS}

    def broken_faults(*args, **kwargs):
        raise RuntimeError("the fault table is broken")

    monkeypatch.setattr(universe.universe.faults, "matching", broken_faults)
    with httpx.Client(base_url=universe.url, timeout=60) as http:
        for twin, path in PLAIN_READS.items():
            response = http.get(path, headers=headers[twin])
            assert response.status_code == 500, (twin, response.text[:300])
            assert TARGETS[twin][3](response.json()), (twin, response.text[:300])
            entry = last_entry(universe, twin)
            assert entry.status == 500 and "RuntimeError: the fault table is broken" in entry.error
    assert json.loads(last_entry(universe, "okta").response_body)["errorCode"] == "E0000009"
    assert "the fault table is broken" in caplog.text


def last_entry(universe, twin: str):
    """The twin's latest journal entry that records an error (written just after the answer)."""
    deadline = time.monotonic() + 10
    while not (entries := universe.universe.journal.query(twin=twin)) or not entries[-1].error:
        assert time.monotonic() < deadline, f"no error journaled for {twin}"
        time.sleep(0.05)
    return entries[-1]


def test_an_exception_outside_any_operation_is_answered_in_the_vendors_envelope(
    universe, monkeypatch
):
    """Okta's middleware (CORS origins) failing still answers Okta's E0000009."""
    from darkfactory.twins.okta import api

    def broken(store):
        raise RuntimeError("no origins")

    monkeypatch.setattr(api, "cors_origins", broken)
    headers = {**admin_headers(universe.credentials, "okta"), "Origin": "https://a.example"}
    response = httpx.get(f"{universe.url}/okta/api/v1/groups", headers=headers, timeout=60)
    assert response.status_code == 500
    assert response.json()["errorCode"] == "E0000009"
    assert response.json()["errorSummary"] == "Internal Server Error"
