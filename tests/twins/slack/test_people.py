"""Acting as a named person in Slack's client through the journaled ``/_people/{user}`` routes."""

from __future__ import annotations

import httpx


def person(universe, user_id: str, path: str, body=None) -> httpx.Response:
    return httpx.post(
        f"{universe.url}/slack/_people/{user_id}{path}",
        json=body,
        headers=universe.admin_headers,
        timeout=10,
    )


def test_a_person_runs_a_command_nobody_registered_and_is_refused_as_in_the_client(universe):
    admin = universe.credentials["slack"]["admin_user_id"]
    listing = httpx.get(
        f"{universe.url}/slack/api/conversations.list",
        headers={"Authorization": f"Bearer {universe.credentials['slack']['user_token']}"},
    ).json()
    general = next(c["id"] for c in listing["channels"] if c["name"] == "general")
    answer = person(universe, admin, "/commands", {"channel": general, "text": "/nope now"})
    assert answer.status_code == 400 and answer.json() == {"ok": False, "error": "unknown_command"}
    journal = universe.control("GET", "/journal?twin=slack&operation=client.commands")
    assert [e["status"] for e in journal["entries"]][-1] == 400


def test_an_unknown_person_is_not_found(universe):
    answer = person(universe, "UNOBODY", "/commands", {"channel": "C1", "text": "/nope"})
    assert answer.status_code == 404 and answer.json()["error"] == "user_not_found"
