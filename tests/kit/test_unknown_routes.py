"""A path no route serves, or a method its route does not take, is answered in the vendor's own
envelope (404 / 405, JSON), never Starlette's plain-text "Not Found"."""

from __future__ import annotations

import httpx
import pytest


def test_okta_answers_unknown_routes_and_methods_with_its_errors_and_headers(universe, okta_client):
    missing = httpx.get(f"{universe.url}/okta/api/v1/nope")
    assert missing.status_code == 404
    assert missing.json()["errorCode"] == "E0000007"
    assert (
        missing.json()["errorSummary"] == "Not found: Resource not found: /api/v1/nope (Resource)"
    )
    assert missing.headers["x-rate-limit-limit"] and missing.headers["date"]
    wrong = httpx.delete(f"{universe.url}/okta/api/v1/users")
    assert wrong.status_code == 405
    body = wrong.json()
    assert body["errorCode"] == "E0000022"
    assert body["errorSummary"] == "The endpoint does not support the provided HTTP method"
    assert wrong.headers["allow"] and wrong.headers["x-rate-limit-remaining"]


async def test_the_okta_sdk_raises_its_api_error_for_an_unknown_route(okta_client):
    executor = okta_client.get_request_executor()
    org = okta_client.get_config()["client"]["orgUrl"]
    request, error = await executor.create_request("GET", f"{org}/api/v1/nope", {}, {})
    assert error is None
    _, _, error = await executor.execute(request)
    assert error is not None and error.error_code == "E0000007"


@pytest.mark.parametrize(
    ("method", "path", "status", "envelope"),
    [
        ("GET", "/jira/rest/api/3/nope", 404, lambda b: b["errorMessages"] and "errors" in b),
        ("PATCH", "/jira/rest/api/3/myself", 405, lambda b: b["errorMessages"] and "errors" in b),
        ("GET", "/google/drive/v3/nope", 404, lambda b: b["error"]["code"] == 404),
        ("GET", "/gemini/v1beta/nope", 404, lambda b: b["error"]["status"] == "NOT_FOUND"),
        (
            "GET",
            "/openai/v1/nope",
            404,
            lambda b: (
                b["error"]["message"] == "Invalid URL (GET /v1/nope)"
                and b["error"]["type"] == "invalid_request_error"
            ),
        ),
        (
            "DELETE",
            "/openai/v1/chat/completions",
            404,
            lambda b: b["error"]["message"] == "Invalid URL (DELETE /v1/chat/completions)",
        ),
        ("GET", "/anthropic/v1/nope", 404, lambda b: b["error"]["type"] == "not_found_error"),
        ("GET", "/slack/nope", 404, lambda b: b["ok"] is False),
        ("POST", "/slack/api/nope.nope", 404, lambda b: b["error"] == "unknown_method"),
    ],
)
def test_every_twin_answers_unknown_routes_in_its_envelope(
    universe, method, path, status, envelope
):
    answer = httpx.request(method, universe.url + path)
    assert answer.status_code == status
    assert answer.headers["content-type"].startswith("application/json")
    assert envelope(answer.json()), answer.text
