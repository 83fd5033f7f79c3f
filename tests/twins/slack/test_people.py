"""Acting as a named person in Slack's client through the journaled ``/_people/{user}`` routes."""

from __future__ import annotations

import httpx
from tests.twins.slack.people import person


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
