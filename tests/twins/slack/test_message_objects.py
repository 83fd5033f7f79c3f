"""A message reads alike wherever it is shown: a page of history is written straight as JSON text,
a single message (``reactions.get``) and a thread (``conversations.replies``) from the same
objects, and what an answer carries is standard JSON whatever a client sent."""

from __future__ import annotations

import json

import httpx
import orjson
import pytest

from darkfactory.twins.slack import message_objects

BLOCKS = [{"type": "section", "text": {"type": "mrkdwn", "text": "*blocks*"}}]
ATTACHMENTS = [{"text": "attached", "color": "#36a64f"}]


@pytest.fixture
def every_kind(slack_client, slack_user_client, general) -> dict[str, str]:
    """#general with one message of each kind a history page shows, by name."""

    def bot(**content) -> str:
        return slack_client.chat_postMessage(channel=general, **content)["ts"]

    def person(**content) -> str:
        return slack_user_client.chat_postMessage(channel=general, **content)["ts"]

    kinds = {
        "plain": person(text="plain words"),
        "blocks": bot(text="with blocks", blocks=json.dumps(BLOCKS)),
        "attachments": bot(text="with attachments", attachments=json.dumps(ATTACHMENTS)),
        "customized": bot(text="as a reporter", username="Reporter", icon_emoji=":robot_face:"),
        "edited": person(text="first words"),
        "reacted": person(text="react to me"),
        "pinned": bot(text="pin me"),
        "parent": person(text="a thread"),
    }
    slack_user_client.chat_update(channel=general, ts=kinds["edited"], text="second words")
    slack_user_client.reactions_add(channel=general, timestamp=kinds["reacted"], name="eyes")
    slack_client.reactions_add(channel=general, timestamp=kinds["reacted"], name="tada")
    slack_client.reactions_add(channel=general, timestamp=kinds["reacted"], name="eyes")
    slack_client.pins_add(channel=general, timestamp=kinds["pinned"])
    person(text="a reply", thread_ts=kinds["parent"])
    kinds["broadcast"] = bot(text="told to all", thread_ts=kinds["parent"], reply_broadcast=True)
    slack_user_client.reactions_add(channel=general, timestamp=kinds["parent"], name="wave")
    slack_client.pins_add(channel=general, timestamp=kinds["parent"])
    slack_client.chat_meMessage(channel=general, text="waves")
    return kinds


def test_each_kind_of_message_reads_the_same_in_history_as_alone(slack_client, general, every_kind):
    page = slack_client.conversations_history(channel=general, limit=50)["messages"]
    shown = {m["ts"]: m for m in page}
    assert set(every_kind.values()) <= set(shown)
    for ts in shown:
        alone = slack_client.reactions_get(channel=general, timestamp=ts, full=True)["message"]
        assert alone == shown[ts], ts


def test_history_shows_what_each_kind_of_message_carries(slack_client, general, every_kind):
    page = slack_client.conversations_history(channel=general, limit=50)["messages"]
    shown = {m["ts"]: m for m in page}
    kinds = {name: shown[ts] for name, ts in every_kind.items()}
    team = slack_client.auth_test()["team_id"]
    assert all(m["type"] == "message" and m["team"] == team for m in page)
    assert kinds["plain"]["text"] == "plain words" and "bot_id" not in kinds["plain"]
    assert kinds["blocks"]["blocks"][0]["text"] == BLOCKS[0]["text"]
    assert kinds["blocks"]["bot_profile"]["id"] == kinds["blocks"]["bot_id"]
    assert kinds["attachments"]["attachments"] == [{"id": 1, **ATTACHMENTS[0]}]
    assert kinds["customized"]["username"] == "Reporter"
    assert kinds["customized"]["icons"] == {"emoji": ":robot_face:"}
    assert kinds["edited"]["text"] == "second words"
    assert kinds["edited"]["edited"]["user"] == kinds["plain"]["user"]
    assert [(r["name"], r["count"]) for r in kinds["reacted"]["reactions"]] == [
        ("eyes", 2),
        ("tada", 1),
    ]
    assert kinds["pinned"]["pinned_to"] == [general]
    assert "pinned_to" not in kinds["reacted"] and "reactions" not in kinds["pinned"]
    parent = kinds["parent"]
    assert (parent["reply_count"], parent["reply_users_count"]) == (2, 2)
    assert parent["latest_reply"] == every_kind["broadcast"]
    assert parent["reactions"][0]["name"] == "wave" and parent["pinned_to"] == [general]
    broadcast = kinds["broadcast"]
    assert broadcast["subtype"] == "thread_broadcast"
    assert broadcast["thread_ts"] == parent["ts"]
    assert broadcast["parent_user_id"] == parent["user"]
    assert broadcast["root"] == parent  # the root as history shows it, summary and all
    assert any(m.get("subtype") == "me_message" and m["text"] == "waves" for m in page)
    # the pins of the whole conversation are counted, on a page that shows none of them too
    assert slack_client.conversations_history(channel=general, limit=1)["pin_count"] == 2


def test_a_thread_reads_the_same_in_replies_as_in_history(slack_client, general, every_kind):
    page = slack_client.conversations_history(channel=general, limit=50)["messages"]
    shown = {m["ts"]: m for m in page}
    thread = slack_client.conversations_replies(channel=general, ts=every_kind["parent"])
    parent, reply, broadcast = thread["messages"]
    assert parent == shown[every_kind["parent"]]
    assert broadcast == shown[every_kind["broadcast"]]
    assert reply["parent_user_id"] == parent["user"] and "root" not in reply
    assert reply["ts"] not in shown  # a plain reply stays in its thread


def test_a_value_json_cannot_carry_is_answered_as_null(slack_client, general):
    # the SDK writes a float NaN as ``NaN``, which JSON has no word for: the message is
    # answered, stored and shown with ``null`` in its place, never with ``NaN``
    metadata = {"event_type": "measured", "event_payload": {"ratio": float("nan"), "n": 2}}
    posted = slack_client.chat_postMessage(channel=general, text="odd", metadata=metadata)
    assert posted["message"]["metadata"]["event_payload"] == {"ratio": None, "n": 2}
    shown = slack_client.conversations_history(
        channel=general, latest=posted["ts"], inclusive=True, limit=1
    )["messages"][0]
    assert shown == posted["message"]


def test_messages_of_several_conversations_read_together_as_each_reads_alone(
    universe, slack_client, slack_user_client, general
):
    other = slack_user_client.conversations_create(name="elsewhere")["channel"]["id"]
    slack_client.conversations_join(channel=other)
    stamps = []
    for channel in (general, other):
        ts = slack_user_client.chat_postMessage(channel=channel, text="here")["ts"]
        slack_client.reactions_add(channel=channel, timestamp=ts, name="eyes")
        slack_client.pins_add(channel=channel, timestamp=ts)
        slack_user_client.chat_postMessage(channel=channel, text="reply", thread_ts=ts)
        stamps.append((channel, ts))

    def read_together() -> list[dict]:
        state = universe.universe.twins["slack"].state
        return message_objects.render(state, [state.message(c, ts) for c, ts in stamps])

    together = universe.call(read_together)
    alone = [
        slack_client.conversations_history(channel=channel, latest=ts, inclusive=True, limit=1)[
            "messages"
        ][0]
        for channel, ts in stamps
    ]
    assert together == alone
    assert all(m["reactions"] and m["pinned_to"] and m["reply_count"] == 1 for m in together)


# What a message object starts with, in this order, before the members its kind adds.
HEAD = ["type", "ts", "text", "user", "bot_id", "subtype", "team", "edited", "thread_ts"]


def test_each_kind_of_message_is_written_in_one_order_of_members(
    universe, slack_credentials, general, every_kind
):
    raw = httpx.post(
        f"{slack_credentials['api_url']}conversations.history",
        data={"channel": general, "limit": 50},
        headers={"authorization": f"Bearer {slack_credentials['bot_token']}"},
    ).content
    page = json.loads(raw, object_pairs_hook=list)
    assert orjson.dumps(json.loads(raw)) == raw  # compact, as orjson writes it
    messages = dict(page)["messages"]
    assert len(messages) > len(every_kind)
    for message in messages:
        names = [name for name, _ in message]
        head = [name for name in names if name in HEAD]
        assert names[: len(head)] == head == sorted(head, key=HEAD.index), names
        extra = json.loads(
            universe.call(
                universe.universe.store.scalar,
                "SELECT extra FROM slack_messages WHERE channel_id = ? AND ts = ?",
                (general, dict(message)["ts"]),
            )
        )
        assert names[len(names) - len(extra) :] == list(extra), names  # stored members last
