"""Ephemeral messages and ``response_url`` answers: each has a ``ts`` an app can act on, is seen
by its one person (web client, control plane) and never in history; bolt's ``respond()``
replaces, deletes, posts in channel or whispers."""

from __future__ import annotations

import httpx
import pytest
from slack_bolt import App
from slack_sdk.errors import SlackApiError
from tests.helpers import eventually

BUTTONS = [
    {
        "type": "actions",
        "block_id": "choices",
        "elements": [
            {"type": "button", "action_id": name, "text": {"type": "plain_text", "text": name}}
            for name in ("confirm", "dismiss", "announce", "whisper")
        ],
    }
]


@pytest.fixture
def responder(serve_bolt, general):
    """A bolt app answering each button through ``respond()``; in #general."""
    clicks: list[dict] = []

    def listen(bolt: App) -> None:
        answers = {
            "confirm": {"text": "Confirmed", "replace_original": True},
            "dismiss": {"delete_original": True},
            "announce": {"text": "Announced", "response_type": "in_channel"},
            "whisper": {"text": "Just for you"},
        }
        for action_id in answers:

            @bolt.action(action_id)
            def on_click(ack, body, respond):
                ack()
                clicks.append(body)
                respond(**answers[body["actions"][0]["action_id"]])

    app, bot = serve_bolt("Responder", listen)
    bot.conversations_join(channel=general)
    return app, bot, clicks


def _people(bot) -> list[str]:
    return [m["id"] for m in bot.users_list()["members"] if not m["is_bot"] and not m["is_admin"]]


def _seen(universe, channel: str, user: str) -> list[dict]:
    answer = httpx.get(
        f"{universe.url}/slack/_ephemeral",
        params={"channel": channel, "user": user},
        headers=universe.admin_headers,
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["messages"]


def _click(universe, viewer: str, channel: str, ts: str, action_id: str) -> dict:
    return httpx.post(
        f"{universe.url}/ui/slack/actions",
        cookies={"slack_viewer": viewer, **universe.admin_cookies},
        json={"channel": channel, "ts": ts, "action_id": action_id},
    ).json()


def test_an_ephemeral_message_is_seen_by_its_person_only(
    universe, responder, slack_credentials, general
):
    _app, bot, _clicks = responder
    admin = slack_credentials["admin_user_id"]
    other = _people(bot)[0]
    ts = bot.chat_postEphemeral(channel=general, user=admin, text="psst", blocks=BUTTONS)[
        "message_ts"
    ]
    assert [m["ts"] for m in _seen(universe, general, admin)] == [ts]
    assert _seen(universe, general, admin)[0]["is_ephemeral"] is True
    assert _seen(universe, general, other) == []
    assert ts not in {m["ts"] for m in bot.conversations_history(channel=general)["messages"]}

    mine = httpx.get(
        f"{universe.url}/ui/slack/c/{general}", headers=universe.admin_headers, params={"as": admin}
    ).text
    assert "psst" in mine and "Only visible to you" in mine
    theirs = httpx.get(
        f"{universe.url}/ui/slack/c/{general}", headers=universe.admin_headers, params={"as": other}
    ).text
    assert "psst" not in theirs

    private = bot.conversations_create(name="bots-only", is_private=True)["channel"]["id"]
    with pytest.raises(SlackApiError) as refused:
        bot.chat_postEphemeral(channel=private, user=admin, text="psst")
    assert refused.value.response["error"] == "user_not_in_channel"


def test_respond_replaces_and_deletes_an_ephemeral_message(
    universe, responder, slack_credentials, general
):
    _app, bot, clicks = responder
    admin = slack_credentials["admin_user_id"]
    ts = bot.chat_postEphemeral(channel=general, user=admin, text="psst", blocks=BUTTONS)[
        "message_ts"
    ]
    other = _people(bot)[0]
    assert _click(universe, other, general, ts, "confirm")["error"] == "message_not_found"

    assert _click(universe, admin, general, ts, "confirm")["ok"] is True
    body = eventually(lambda: clicks)[0]
    assert body["container"] == {
        "type": "message",
        "message_ts": ts,
        "channel_id": general,
        "is_ephemeral": True,
    }
    assert "message" not in body
    replaced = eventually(
        lambda: [m for m in _seen(universe, general, admin) if m["text"] == "Confirmed"]
    )
    assert replaced[0]["ts"] == ts and "blocks" not in replaced[0]

    second = bot.chat_postEphemeral(channel=general, user=admin, text="again", blocks=BUTTONS)
    assert _click(universe, admin, general, second["message_ts"], "dismiss")["ok"] is True
    eventually(
        lambda: second["message_ts"] not in {m["ts"] for m in _seen(universe, general, admin)}
    )


def test_respond_on_a_stored_message(universe, responder, slack_credentials, general):
    app, bot, _clicks = responder
    admin = slack_credentials["admin_user_id"]

    def history() -> dict[str, dict]:
        return {m["ts"]: m for m in bot.conversations_history(channel=general)["messages"]}

    ts = bot.chat_postMessage(channel=general, text="Pick one", blocks=BUTTONS)["ts"]
    assert _click(universe, admin, general, ts, "confirm")["ok"] is True
    eventually(lambda: history()[ts]["text"] == "Confirmed")

    ts = bot.chat_postMessage(channel=general, text="Pick one", blocks=BUTTONS)["ts"]
    assert _click(universe, admin, general, ts, "announce")["ok"] is True
    announced = eventually(lambda: [m for m in history().values() if m["text"] == "Announced"])
    assert announced[0]["bot_id"] == app["bot_id"] and announced[0]["ts"] > ts

    assert _click(universe, admin, general, ts, "whisper")["ok"] is True
    whispered = eventually(
        lambda: [m for m in _seen(universe, general, admin) if m["text"] == "Just for you"]
    )
    assert whispered[0]["bot_id"] == app["bot_id"]
    assert "Just for you" not in {m["text"] for m in history().values()}

    assert _click(universe, admin, general, ts, "dismiss")["ok"] is True
    eventually(lambda: ts not in history())
