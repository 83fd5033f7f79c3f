"""Featured workflows of a channel through slack_sdk: link triggers only, members only."""

from __future__ import annotations

import httpx
import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError


def trigger(universe, title: str, kind: str = "shortcut") -> str:
    made = httpx.post(
        f"{universe.url}/slack/_workflows/triggers",
        json={"title": title, "type": kind},
        headers=universe.admin_headers,
    )
    assert made.status_code == 201, made.text
    return made.json()["trigger"]["id"]


def error_of(call) -> str:
    with pytest.raises(SlackApiError) as caught:
        call()
    return caught.value.response["error"]


def titles(client: WebClient, channel: str) -> list[str]:
    listed = client.workflows_featured_list(channel_ids=[channel])["featured_workflows"]
    assert [entry["channel_id"] for entry in listed] == [channel]
    return [t["title"] for t in listed[0]["triggers"]]


def test_members_feature_link_triggers_in_order(universe, slack_user_client, general):
    onboard, expenses, standup = (trigger(universe, t) for t in ("Onboard", "Expenses", "Standup"))
    slack_user_client.workflows_featured_add(channel_id=general, trigger_ids=[onboard, expenses])
    slack_user_client.workflows_featured_add(channel_id=general, trigger_ids=[standup])
    assert titles(slack_user_client, general) == ["Onboard", "Expenses", "Standup"]
    slack_user_client.workflows_featured_remove(channel_id=general, trigger_ids=[expenses])
    assert titles(slack_user_client, general) == ["Onboard", "Standup"]
    slack_user_client.workflows_featured_set(channel_id=general, trigger_ids=[standup])
    assert titles(slack_user_client, general) == ["Standup"]
    slack_user_client.workflows_featured_set(channel_id=general, trigger_ids=[])
    assert titles(slack_user_client, general) == []


def test_only_link_triggers_and_at_most_fifteen(universe, slack_user_client, general):
    scheduled = trigger(universe, "Nightly", "scheduled")
    assert (
        error_of(
            lambda: slack_user_client.workflows_featured_add(
                channel_id=general, trigger_ids=[scheduled]
            )
        )
        == "error_modifying_workflows"
    )
    assert (
        error_of(
            lambda: slack_user_client.workflows_featured_add(
                channel_id=general, trigger_ids=["Ft404"]
            )
        )
        == "error_modifying_workflows"
    )
    many = [trigger(universe, f"Flow {n}") for n in range(16)]
    assert (
        error_of(
            lambda: slack_user_client.workflows_featured_set(channel_id=general, trigger_ids=many)
        )
        == "error_modifying_workflows"
    )


def test_outsiders_may_look_but_not_change(universe, slack_client, slack_user_client):
    room = slack_user_client.conversations_create(name="featured-room")["channel"]["id"]
    secret = slack_user_client.conversations_create(name="featured-secret", is_private=True)
    flow = trigger(universe, "Onboard")
    assert (
        error_of(lambda: slack_client.workflows_featured_add(channel_id=room, trigger_ids=[flow]))
        == "restricted_action"
    )
    slack_user_client.workflows_featured_add(channel_id=room, trigger_ids=[flow])
    assert titles(slack_client, room) == ["Onboard"], "the bot may see a public channel's"
    assert (
        error_of(
            lambda: slack_client.workflows_featured_list(channel_ids=[secret["channel"]["id"]])
        )
        == "channel_not_found"
    )


def test_triggers_are_made_with_the_admin_token(universe):
    anonymous = httpx.post(f"{universe.url}/slack/_workflows/triggers", json={"title": "x"})
    assert anonymous.status_code in (401, 403)
    bad = httpx.post(
        f"{universe.url}/slack/_workflows/triggers",
        json={"title": "x", "type": "telepathy"},
        headers=universe.admin_headers,
    )
    assert bad.status_code == 400
