"""The admin gate: the control plane, the web UI and the twins' setup routes take the admin token;
the twins' APIs and the capability URLs they hand out do not."""

from __future__ import annotations

import httpx
import pytest
from slack_sdk import WebClient

from darkfactory.twins.kit.access import COOKIE
from darkfactory.twins.kit.server import UniverseServer
from darkfactory.twins.kit.universe import Universe

GUARDED = [
    ("GET", "/_universe/"),
    ("GET", "/_universe/credentials"),
    ("POST", "/_universe/reset"),
    ("POST", "/_universe/snapshots"),
    ("POST", "/_universe/faults"),
    ("GET", "/_universe/journal"),
    ("POST", "/_universe/forks"),
    ("GET", "/slack/_apps"),
    ("GET", "/okta/_outbox"),
    ("GET", "/openai/_scripts"),
    ("GET", "/anthropic/_exchanges"),
    ("GET", "/ui/"),
    ("GET", "/ui/slack/"),
]


@pytest.mark.parametrize(("method", "path"), GUARDED)
def test_guarded_paths_refuse_requests_without_the_token(universe, method, path):
    answer = httpx.request(method, universe.url + path, json={})
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"].startswith("Bearer")
    assert answer.json() == {"error": "unauthorized", "message": "the admin token is required"}
    wrong = httpx.request(method, universe.url + path, headers={"Authorization": "Bearer no"})
    assert wrong.status_code == 401
    assert wrong.json()["message"] == "the admin token is wrong"


def test_a_refused_reset_changes_nothing(universe, slack_client, general):
    slack_client.chat_postMessage(channel=general, text="kept")
    assert httpx.post(f"{universe.url}/_universe/reset").status_code == 401
    texts = [m["text"] for m in slack_client.conversations_history(channel=general)["messages"]]
    assert "kept" in texts


def test_credentials_answer_to_the_token(universe):
    answer = httpx.get(f"{universe.url}/_universe/credentials", headers=universe.admin_headers)
    assert answer.status_code == 200
    assert answer.json()["slack"]["bot_token"].startswith("xoxb-")


def test_twin_apis_answer_to_their_own_credentials_not_the_admin_token(universe):
    creds = universe.credentials["slack"]
    assert WebClient(token=creds["bot_token"], base_url=creds["api_url"]).auth_test()["ok"]
    admin_as_slack = httpx.post(
        creds["api_url"] + "auth.test",
        headers={"Authorization": universe.admin_headers["Authorization"]},
    ).json()
    assert admin_as_slack == {"ok": False, "error": "invalid_auth"}


def test_a_ui_link_with_the_token_sets_a_cookie_and_drops_the_token(universe):
    with httpx.Client(base_url=universe.url) as browser:
        opened = browser.get("/ui/slack/?token=" + universe.universe.admin_token + "&x=1")
        assert opened.status_code == 303
        assert opened.headers["location"] == "/ui/slack/?x=1"
        assert "HttpOnly" in opened.headers["set-cookie"]
        assert browser.cookies[COOKIE] == universe.universe.admin_token
        assert browser.get("/ui/").status_code == 200
        assert browser.get("/_universe/credentials").status_code == 200
    assert httpx.get(f"{universe.url}/ui/slack/?token=guess").status_code == 401


def test_an_open_universe_asks_for_no_token():
    with UniverseServer(Universe(twins=["slack"], open_access=True)) as server:
        assert httpx.get(f"{server.url}/_universe/credentials").status_code == 200
        assert httpx.get(f"{server.url}/ui/").status_code == 200


def test_forks_listen_where_the_universe_does_whatever_the_host_header(universe):
    answer = httpx.post(
        f"{universe.url}/_universe/forks",
        headers={**universe.admin_headers, "Host": "0.0.0.0:1"},
        json={},
    )
    fork = answer.json()
    try:
        assert answer.status_code == 201
        assert fork["url"].startswith("http://127.0.0.1:")
        served = universe.universe.forks[fork["id"]]
        assert served.host == "127.0.0.1"
        # The fork shares its parent's administrator.
        creds = httpx.get(f"{fork['url']}/_universe/credentials", headers=universe.admin_headers)
        assert creds.status_code == 200
    finally:
        universe.control("DELETE", f"/forks/{fork['id']}")


def test_a_durable_universe_keeps_its_token_for_its_owner_only(tmp_path):
    first = Universe(data=tmp_path, twins=["slack"])
    token = first.admin_token
    first.close()
    path = tmp_path / "admin-token"
    assert path.read_text().strip() == token
    assert path.stat().st_mode & 0o077 == 0
    again = Universe(data=tmp_path, twins=["slack"])
    assert again.admin_token == token
    again.close()
    assert Universe(twins=["slack"]).admin_token != token
