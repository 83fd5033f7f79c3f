"""Rate limits and injected faults in Jira's dialect: a 429 with ``Retry-After`` and the
``X-RateLimit-*`` headers, retried by both clients; outages as 503 with Jira's error envelope."""

from __future__ import annotations

import time

import pytest
import requests
from jira import JIRAError


def limit_once(universe, operation: str) -> None:
    universe.control(
        "POST",
        "/faults",
        json={
            "twin": "jira",
            "operation": operation,
            "kind": "rate_limit",
            "limit": 0,
            "window_s": 1,
            "times": 1,
        },
    )


def test_429_carries_jira_headers_and_envelope(universe, jira_client_for):
    jira = jira_client_for(max_retries=0)
    limit_once(universe, "getIssue")
    with pytest.raises(JIRAError) as caught:
        jira.issue("DEMO-1")
    response = caught.value.response
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "1"
    assert (
        response.headers["X-RateLimit-Limit"] == "100"
        and response.headers["X-RateLimit-Remaining"] == "0"
    )
    assert (
        response.headers["X-RateLimit-Reset"].endswith("Z") and response.headers["RateLimit-Reason"]
    )
    assert response.json() == {"errorMessages": ["Rate limit exceeded."], "errors": {}}


def test_jira_client_retries_a_429_after_retry_after(universe, jira_client):
    limit_once(universe, "getIssue")
    started = time.monotonic()
    assert jira_client.issue("DEMO-1").key == "DEMO-1"
    assert time.monotonic() - started >= 0.9
    assert universe.control("GET", "/faults")["faults"] == []


def test_atlassian_client_retries_a_429_after_retry_after(universe, atlassian_jira):
    limit_once(universe, "getIssue")
    started = time.monotonic()
    assert atlassian_jira.issue("DEMO-1")["key"] == "DEMO-1"
    assert time.monotonic() - started >= 0.9


def test_an_outage_is_a_503_in_jira_dialect(universe, atlassian_jira):
    universe.control(
        "POST", "/faults", json={"twin": "jira", "operation": "getCurrentUser", "kind": "outage"}
    )
    with pytest.raises(requests.HTTPError) as caught:
        atlassian_jira.myself()
    assert caught.value.response.status_code == 503
    assert caught.value.response.json() == {"errorMessages": ["Service Unavailable"], "errors": {}}
