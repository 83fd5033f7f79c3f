"""The control plane: health, credentials, reset, snapshots, forks, clock, and bad input."""

from __future__ import annotations

import httpx
import pytest
from slack_sdk import WebClient


def slack(running) -> WebClient:
    creds = running.credentials["slack"]
    return WebClient(token=creds["bot_token"], base_url=creds["api_url"])


def general(client: WebClient) -> str:
    return next(c["id"] for c in client.conversations_list()["channels"] if c["is_general"])


def test_health_lists_twins_with_base_urls(universe):
    health = universe.control("GET", "/")
    assert health["ok"] is True
    assert health["twins"]["slack"]["base_url"] == f"{universe.url}/slack"
    assert health["twins"]["slack"]["ui"] == f"{universe.url}/ui/slack/"


def test_credentials_give_working_admin_tokens(universe):
    creds = universe.credentials["slack"]
    assert creds["bot_token"].startswith("xoxb-")
    assert creds["user_token"].startswith("xoxp-")
    assert creds["api_url"] == f"{universe.url}/slack/api/"
    me = WebClient(token=creds["user_token"], base_url=creds["api_url"]).auth_test()
    assert me["user_id"] == creds["admin_user_id"]
    assert me["team_id"] == creds["team_id"]


def test_snapshot_restore_round_trip(universe):
    client = slack(universe)
    channel = general(client)
    snap = universe.control("POST", "/snapshots")["id"]
    client.chat_postMessage(channel=channel, text="after the snapshot")
    assert client.conversations_history(channel=channel, limit=1)["messages"][0]["text"] == (
        "after the snapshot"
    )
    universe.control("POST", f"/snapshots/{snap}/restore")
    texts = [m["text"] for m in client.conversations_history(channel=channel)["messages"]]
    assert "after the snapshot" not in texts
    assert snap in universe.control("GET", "/snapshots")["snapshots"]


def test_restore_of_unknown_snapshot_is_404(universe):
    response = httpx.post(
        f"{universe.url}/_universe/snapshots/nope/restore", headers=universe.admin_headers
    )
    assert response.status_code == 404
    assert "nope" in response.json()["error"]


def test_reset_returns_to_seeded_state(universe):
    client = slack(universe)
    client.conversations_create(name="made-after-seed")
    universe.control("POST", "/reset")
    names = [c["name"] for c in slack(universe).conversations_list()["channels"]]
    assert "made-after-seed" not in names
    assert "general" in names


def test_fork_is_independent(universe, universe_fork):
    assert universe_fork.url != universe.url
    ours, theirs = slack(universe), slack(universe_fork)
    ours.conversations_create(name="only-in-the-original")
    assert "only-in-the-original" not in [
        c["name"] for c in theirs.conversations_list()["channels"]
    ]
    assert ours.team_info()["team"]["id"] == theirs.team_info()["team"]["id"]


def test_clock_freeze_and_advance(universe):
    frozen = universe.control("POST", "/clock", json={"freeze": True, "at": 1_800_000_000})
    assert frozen == {"now": 1_800_000_000, "frozen": True}
    advanced = universe.control("POST", "/clock", json={"advance": 90})
    assert advanced["now"] == 1_800_000_090
    client = slack(universe)
    posted = client.chat_postMessage(channel=general(client), text="tick")
    assert posted["ts"].startswith("1800000090.")
    running = universe.control("POST", "/clock", json={"freeze": False})
    assert running["frozen"] is False and running["now"] >= 1_800_000_090


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b'{"advance": "soon"}'])
def test_bad_clock_requests_are_400(universe, body):
    response = httpx.post(
        f"{universe.url}/_universe/clock", headers=universe.admin_headers, content=body
    )
    assert response.status_code == 400
    assert response.json()["error"].startswith("bad clock request")


def test_seed_makes_ids_deterministic():
    from darkfactory.twins.kit.universe import Universe

    first, second, other = Universe(seed=7), Universe(seed=7), Universe(seed=8)
    assert first.credentials() == second.credentials()
    assert first.credentials()["slack"]["team_id"] != other.credentials()["slack"]["team_id"]


def test_fork_over_http_serves_an_independent_universe(universe):
    snap = universe.control("POST", "/snapshots")["id"]
    slack(universe).conversations_create(name="after-snapshot")
    fork = universe.control("POST", "/forks", json={"snapshot": snap})
    assert fork["url"] != universe.url
    creds = httpx.get(f"{fork['url']}/_universe/credentials", headers=universe.admin_headers)
    creds = creds.json()["slack"]
    child = WebClient(token=creds["bot_token"], base_url=creds["api_url"])
    names = [c["name"] for c in child.conversations_list()["channels"]]
    assert "after-snapshot" not in names and "general" in names
    assert fork["id"] in [f["id"] for f in universe.control("GET", "/forks")["forks"]]
    universe.control("DELETE", f"/forks/{fork['id']}")
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{fork['url']}/_universe/", timeout=2)
    missing = httpx.post(
        f"{universe.url}/_universe/forks", headers=universe.admin_headers, json={"snapshot": "nope"}
    )
    assert missing.status_code == 404


def test_frozen_universes_with_the_same_seed_agree_on_time_too():
    from darkfactory.twins.kit.server import UniverseServer
    from darkfactory.twins.kit.universe import Universe, seeded_instant

    stamps = []
    for _ in range(2):
        with UniverseServer(Universe(seed=9, frozen=True)) as server:
            creds = server.universe.credentials()["slack"]
            client = WebClient(token=creds["bot_token"], base_url=creds["api_url"])
            channel = general(client)
            stamps.append(
                [client.chat_postMessage(channel=channel, text=str(n))["ts"] for n in range(3)]
            )
            assert server.universe.clock.state() == {"now": seeded_instant(9), "frozen": True}
    assert stamps[0] == stamps[1]
    assert stamps[0][0].startswith(str(int(seeded_instant(9))))
