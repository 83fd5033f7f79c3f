"""Fault injection through the control plane, rendered in Slack's dialect."""

from __future__ import annotations

import time

import httpx
import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError


@pytest.fixture
def client(universe) -> WebClient:
    creds = universe.credentials["slack"]
    return WebClient(token=creds["bot_token"], base_url=creds["api_url"])


def test_rate_limit_answers_429_with_retry_after(universe, client):
    universe.control(
        "POST",
        "/faults",
        json={
            "twin": "slack",
            "operation": "users.*",
            "kind": "rate_limit",
            "limit": 2,
            "window_s": 30,
        },
    )
    client.users_list()
    client.users_info(user=universe.credentials["slack"]["admin_user_id"])
    with pytest.raises(SlackApiError) as caught:
        client.users_list()
    response = caught.value.response
    assert response.status_code == 429
    assert response["error"] == "ratelimited"
    assert 1 <= int(response.headers["Retry-After"]) <= 30
    assert client.team_info()["ok"], "other operations are not limited"


def test_outage_and_removal(universe, client):
    fault = universe.control("POST", "/faults", json={"twin": "slack", "kind": "outage"})
    with pytest.raises(SlackApiError) as caught:
        client.auth_test()
    assert caught.value.response.status_code == 503
    assert caught.value.response["error"] == "service_unavailable"
    fault_id = fault["faults"][0]["id"]
    universe.control("DELETE", f"/faults/{fault_id}")
    assert client.auth_test()["ok"]


def test_error_fault_applies_given_times(universe, client):
    universe.control(
        "POST",
        "/faults",
        json={
            "twin": "slack",
            "operation": "auth.test",
            "kind": "error",
            "status": 500,
            "code": "fatal_error",
            "times": 1,
        },
    )
    with pytest.raises(SlackApiError) as caught:
        client.auth_test()
    assert caught.value.response.status_code == 500
    assert caught.value.response["error"] == "fatal_error"
    assert client.auth_test()["ok"], "the fault retired after one trip"
    assert universe.control("GET", "/faults")["faults"] == []


def test_latency_is_added(universe, client):
    client.auth_test()
    started = time.perf_counter()
    client.auth_test()
    baseline = time.perf_counter() - started
    universe.control(
        "POST", "/faults", json={"twin": "slack", "kind": "latency", "latency_ms": 300}
    )
    started = time.perf_counter()
    client.auth_test()
    assert time.perf_counter() - started >= 0.3 > baseline


@pytest.mark.parametrize(
    "fault, message",
    [
        ({"twin": "slack", "kind": "meteor"}, "kind"),
        ({"twin": "slack", "kind": "rate_limit"}, "limit"),
        ({"twin": "nowhere", "kind": "outage"}, "unknown twin"),
        ({"kind": "outage"}, "twin"),
    ],
)
def test_invalid_faults_are_400_and_change_nothing(universe, fault, message):
    response = httpx.post(
        f"{universe.url}/_universe/faults", headers=universe.admin_headers, json=fault
    )
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert universe.control("GET", "/faults")["faults"] == []
