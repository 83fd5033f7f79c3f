"""New hires: Okta hires people, provisions them into Slack, and they say hello in #general,
welcomed with a line each LLM twin drafts in turn, seen through the vendors' SDKs; the token
route they act with is the administrator's alone."""

from __future__ import annotations

import time

import httpx
from slack_sdk import WebClient

from darkfactory.twins.life import NewHires, hires


def _general(slack: WebClient) -> str:
    listed = slack.conversations_list(limit=1000)["channels"]
    return next(c["id"] for c in listed if c["is_general"])


async def test_new_hires_are_provisioned_and_introduce_themselves(
    universe, okta_client, slack_credentials
):
    # one hire per LLM twin arrives at once: a long interval does not hold the first three up
    life = NewHires(universe.url, universe.universe.admin_token, seed=7, interval=3600, count=3)
    started = time.monotonic()
    life.run()
    assert time.monotonic() - started < 600
    assert life.http.is_closed, "its connections are closed once it is done"
    first = [h.email for h, _ in zip(hires(7), range(10), strict=False)]
    assert len(set(life.hired)) == 3
    assert sorted(life.hired, key=first.index) == life.hired, "hired in the seed's order"

    slack = WebClient(token=slack_credentials["user_token"], base_url=slack_credentials["api_url"])
    general = _general(slack)
    history = slack.conversations_history(channel=general, limit=50)["messages"]
    for email in life.hired:
        okta_user, _, error = await okta_client.get_user(email)
        # activated without a password: Okta waits for the person to set one
        assert error is None and okta_user.status == "PROVISIONED"
        assert okta_user.profile.title and okta_user.profile.department
        person = slack.users_lookupByEmail(email=email)["user"]
        assert (
            person["real_name"] == f"{okta_user.profile.first_name} {okta_user.profile.last_name}"
        )
        (hello,) = [m for m in history if m.get("user") == person["id"]]
        assert okta_user.profile.first_name in hello["text"]
        assert okta_user.profile.department in hello["text"]
        assert [r["name"] for r in hello["reactions"]] == ["wave"]
        replies = slack.conversations_replies(channel=general, ts=hello["ts"])["messages"]
        assert replies[-1]["text"] == f"Welcome aboard, {okta_user.profile.first_name}! :tada:"

    for writer in ("openai", "anthropic", "gemini"):  # each drafted one welcome
        (drafted,) = universe.control("GET", "/journal", params={"twin": writer})["entries"]
        assert drafted["status"] == 200
        assert "Welcome aboard" in drafted["request_body"]

    apps, _, _ = await okta_client.list_applications(q="Slack")
    (app,) = [a for a in apps if a.name == "slack"]
    events, _, _ = await okta_client.list_log_events(
        filter=f'target.id eq "{app.id}" and eventType eq "application.provision.user.push"'
    )
    assert len(events) == 3


def test_the_person_token_route_is_for_the_administrator_only(universe, slack_client):
    someone = slack_client.users_list()["members"][1]["id"]
    url = f"{universe.url}/slack/_people/{someone}/token"
    refused = httpx.post(url)
    assert refused.status_code in (401, 403)
    given = httpx.post(url, headers=universe.admin_headers).json()
    assert given["ok"] and given["token"].startswith("xoxp-")
    who = WebClient(token=given["token"], base_url=slack_client.base_url).auth_test()
    assert who["user_id"] == someone
    unknown = httpx.post(
        f"{universe.url}/slack/_people/U0NOBODY/token", headers=universe.admin_headers
    )
    assert (unknown.status_code, unknown.json()["error"]) == (404, "user_not_found")


def test_life_stops_when_asked_before_the_universe_answers():
    life = NewHires("http://127.0.0.1:9", "token", seed=1, interval=0, count=1)
    life.stop()
    life.run()
    assert life.hired == [] and life.http.is_closed
