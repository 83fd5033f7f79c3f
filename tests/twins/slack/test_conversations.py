"""conversations.* through slack_sdk: channels, DMs, MPIMs, membership and history."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from darkfactory.twins.kit.company import directory


def error_code(call) -> str:
    with pytest.raises(SlackApiError) as caught:
        call()
    return caught.value.response["error"]


def people(client: WebClient, n: int) -> list[str]:
    return [
        m["id"] for m in client.users_list()["members"] if not m["is_bot"] and not m["is_admin"]
    ][:n]


@pytest.fixture
def as_user(universe):
    """A WebClient acting as a given user (its token issued on demand)."""

    def client(user_id: str) -> WebClient:
        def token() -> str:
            with universe.universe.store.transaction():
                return universe.universe.twins["slack"].user_token(user_id)

        return WebClient(
            token=universe.call(token), base_url=universe.credentials["slack"]["api_url"]
        )

    return client


def test_create_public_and_private(slack_user_client, slack_credentials):
    public = slack_user_client.conversations_create(name="launch")["channel"]
    assert public["id"].startswith("C") and public["is_channel"] and not public["is_private"]
    assert public["creator"] == slack_credentials["admin_user_id"] and public["is_member"]
    private = slack_user_client.conversations_create(name="launch-war-room", is_private=True)[
        "channel"
    ]
    assert private["is_private"] and private["is_group"]


@pytest.mark.parametrize(
    "name, error",
    [
        ("general", "name_taken"),
        ("Launch Day", "invalid_name_specials"),
        ("x" * 81, "invalid_name_maxlength"),
        ("", "invalid_name_required"),
        ("launch!", "invalid_name_specials"),
    ],
)
def test_create_rejects_bad_names(slack_user_client, name, error):
    assert error_code(lambda: slack_user_client.conversations_create(name=name)) == error


def test_list_types_archived_and_pagination(slack_user_client):
    slack_user_client.conversations_create(name="hidden-room", is_private=True)
    archived = slack_user_client.conversations_create(name="old-news")["channel"]["id"]
    slack_user_client.conversations_archive(channel=archived)
    public = [c["name"] for c in slack_user_client.conversations_list()["channels"]]
    assert "hidden-room" not in public and "old-news" in public
    both = [
        c["name"]
        for c in slack_user_client.conversations_list(
            types="public_channel,private_channel", exclude_archived=True
        )["channels"]
    ]
    assert "hidden-room" in both and "old-news" not in both
    names = []
    for page in slack_user_client.conversations_list(limit=2):
        assert len(page["channels"]) <= 2
        names.extend(c["name"] for c in page["channels"])
    assert names == public


def test_private_channels_are_invisible_to_non_members(slack_user_client, slack_client):
    secret = slack_user_client.conversations_create(name="secret", is_private=True)["channel"]
    assert error_code(lambda: slack_client.conversations_info(channel=secret["id"])) == (
        "channel_not_found"
    )
    assert "secret" not in [
        c["name"] for c in slack_client.conversations_list(types="private_channel")["channels"]
    ]


def test_info(slack_client, general, universe):
    channel = slack_client.conversations_info(channel=general, include_num_members=True)["channel"]
    everyone = 14 + len(directory(universe.universe))  # owner, bot, 12 people and the company
    assert channel["name"] == "general" and channel["is_general"]
    assert channel["num_members"] == everyone
    assert error_code(lambda: slack_client.conversations_info(channel="C0NOPE")) == (
        "channel_not_found"
    )


def test_history_order_window_and_pagination(slack_user_client):
    channel = slack_user_client.conversations_create(name="timeline")["channel"]["id"]
    stamps = [
        slack_user_client.chat_postMessage(channel=channel, text=f"m{n}")["ts"] for n in range(5)
    ]
    history = slack_user_client.conversations_history(channel=channel)["messages"]
    assert [m["text"] for m in history] == ["m4", "m3", "m2", "m1", "m0"]
    assert stamps == sorted(stamps) and len(set(stamps)) == 5
    window = slack_user_client.conversations_history(
        channel=channel, oldest=stamps[1], latest=stamps[3]
    )["messages"]
    assert [m["text"] for m in window] == ["m2"]
    inclusive = slack_user_client.conversations_history(
        channel=channel, oldest=stamps[1], latest=stamps[3], inclusive=True
    )["messages"]
    assert [m["text"] for m in inclusive] == ["m3", "m2", "m1"]
    first = slack_user_client.conversations_history(channel=channel, limit=2)
    assert first["has_more"] is True and len(first["messages"]) == 2
    texts = []
    for page in slack_user_client.conversations_history(channel=channel, limit=2):
        texts.extend(m["text"] for m in page["messages"])
    assert texts[:5] == ["m4", "m3", "m2", "m1", "m0"]


def test_bot_needs_membership_to_read_history(slack_client, slack_user_client):
    channel = slack_user_client.conversations_create(name="bots-not-here")["channel"]["id"]
    assert error_code(lambda: slack_client.conversations_history(channel=channel)) == (
        "not_in_channel"
    )
    slack_client.conversations_join(channel=channel)
    assert slack_client.conversations_history(channel=channel)["ok"]


def test_threads_replies_counts_and_latest_reply(slack_user_client, slack_client, general):
    parent = slack_user_client.chat_postMessage(channel=general, text="thread start")["ts"]
    first = slack_client.chat_postMessage(channel=general, text="r1", thread_ts=parent)["ts"]
    last = slack_user_client.chat_postMessage(channel=general, text="r2", thread_ts=parent)["ts"]
    replies = slack_client.conversations_replies(channel=general, ts=parent)["messages"]
    assert [m["text"] for m in replies] == ["thread start", "r1", "r2"]
    head = replies[0]
    assert head["reply_count"] == 2 and head["latest_reply"] == last
    assert set(head["reply_users"]) == {
        slack_client.auth_test()["user_id"],
        slack_user_client.auth_test()["user_id"],
    }
    assert replies[1]["thread_ts"] == parent
    history = slack_client.conversations_history(channel=general, limit=5)["messages"]
    assert first not in [m["ts"] for m in history], "replies stay out of channel history"
    from_reply = slack_client.conversations_replies(channel=general, ts=first)["messages"]
    assert from_reply[0]["ts"] == parent
    assert (
        error_code(lambda: slack_client.conversations_replies(channel=general, ts="1.000001"))
        == "thread_not_found"
    )


def test_join_leave(slack_client, slack_user_client, general):
    channel = slack_user_client.conversations_create(name="open-house")["channel"]["id"]
    joined = slack_client.conversations_join(channel=channel)
    assert joined["channel"]["is_member"] is True
    again = slack_client.conversations_join(channel=channel)
    assert again["warning"] == "already_in_channel"
    history = slack_client.conversations_history(channel=channel)["messages"]
    assert history[0]["subtype"] == "channel_join"
    assert slack_client.conversations_leave(channel=channel)["ok"]
    assert slack_client.conversations_leave(channel=channel)["not_in_channel"] is True
    assert error_code(lambda: slack_client.conversations_leave(channel=general)) == (
        "cant_leave_general"
    )
    private = slack_user_client.conversations_create(name="closed", is_private=True)
    assert (
        error_code(lambda: slack_client.conversations_join(channel=private["channel"]["id"]))
        == "channel_not_found"
    )


def test_invite_and_kick(slack_user_client, slack_client, slack_credentials):
    channel = slack_user_client.conversations_create(name="squad")["channel"]["id"]
    a, b = people(slack_user_client, 2)
    slack_user_client.conversations_invite(channel=channel, users=[a, b])
    members = slack_user_client.conversations_members(channel=channel)["members"]
    assert {a, b, slack_credentials["admin_user_id"]} == set(members)
    assert (
        error_code(lambda: slack_user_client.conversations_invite(channel=channel, users=a))
        == "already_in_channel"
    )
    assert (
        error_code(
            lambda: slack_user_client.conversations_invite(
                channel=channel, users=slack_credentials["admin_user_id"]
            )
        )
        == "cant_invite_self"
    )
    assert (
        error_code(
            lambda: slack_user_client.conversations_invite(channel=channel, users="U0NOBODY")
        )
        == "user_not_found"
    )
    assert (
        error_code(lambda: slack_client.conversations_invite(channel=channel, users=b))
        == "not_in_channel"
    )
    slack_user_client.conversations_kick(channel=channel, user=a)
    assert a not in slack_user_client.conversations_members(channel=channel)["members"]
    assert (
        error_code(lambda: slack_user_client.conversations_kick(channel=channel, user=a))
        == "not_in_channel"
    )
    assert (
        error_code(
            lambda: slack_user_client.conversations_kick(
                channel=channel, user=slack_credentials["admin_user_id"]
            )
        )
        == "cant_kick_self"
    )


def test_archive_unarchive(slack_user_client, general):
    channel = slack_user_client.conversations_create(name="retired")["channel"]["id"]
    slack_user_client.conversations_archive(channel=channel)
    assert slack_user_client.conversations_info(channel=channel)["channel"]["is_archived"]
    assert (
        error_code(lambda: slack_user_client.chat_postMessage(channel=channel, text="hello?"))
        == "is_archived"
    )
    assert (
        error_code(lambda: slack_user_client.conversations_archive(channel=channel))
        == "already_archived"
    )
    assert (
        error_code(lambda: slack_user_client.conversations_invite(channel=channel, users="U1"))
        == "is_archived"
    )
    slack_user_client.conversations_unarchive(channel=channel)
    assert not slack_user_client.conversations_info(channel=channel)["channel"]["is_archived"]
    assert (
        error_code(lambda: slack_user_client.conversations_unarchive(channel=channel))
        == "not_archived"
    )
    assert (
        error_code(lambda: slack_user_client.conversations_archive(channel=general))
        == "cant_archive_general"
    )


def test_rename_topic_purpose(slack_user_client):
    channel = slack_user_client.conversations_create(name="draft")["channel"]["id"]
    renamed = slack_user_client.conversations_rename(channel=channel, name="final")["channel"]
    assert renamed["name"] == "final"
    assert (
        error_code(lambda: slack_user_client.conversations_rename(channel=channel, name="general"))
        == "name_taken"
    )
    topic = slack_user_client.conversations_setTopic(channel=channel, topic="Ship it")
    assert topic["channel"]["topic"]["value"] == "Ship it"
    purpose = slack_user_client.conversations_setPurpose(channel=channel, purpose="Releases")
    assert purpose["channel"]["purpose"]["value"] == "Releases"
    subtypes = [
        m.get("subtype")
        for m in slack_user_client.conversations_history(channel=channel)["messages"]
    ]
    assert subtypes[:3] == ["channel_purpose", "channel_topic", "channel_name"]
    assert (
        error_code(
            lambda: slack_user_client.conversations_setTopic(channel=channel, topic="x" * 251)
        )
        == "too_long"
    )


def test_members_pagination(slack_client, general, universe):
    everyone = slack_client.conversations_members(channel=general)["members"]
    paged = []
    for page in slack_client.conversations_members(channel=general, limit=4):
        paged.extend(page["members"])
    assert paged == everyone and len(everyone) == 14 + len(directory(universe.universe))


def test_open_dm_and_mpim(slack_client, slack_user_client, slack_credentials):
    a, b = people(slack_user_client, 2)
    dm = slack_user_client.conversations_open(users=a)["channel"]["id"]
    assert dm.startswith("D")
    again = slack_user_client.conversations_open(users=a, return_im=True)
    assert again["channel"]["id"] == dm and again["already_open"] is True
    assert again["channel"]["is_im"] and again["channel"]["user"] == a
    slack_user_client.chat_postMessage(channel=dm, text="psst")
    assert slack_user_client.conversations_history(channel=dm)["messages"][0]["text"] == "psst"
    mpim = slack_user_client.conversations_open(users=[a, b])["channel"]
    assert mpim["is_mpim"] and set(
        slack_user_client.conversations_members(channel=mpim["id"])["members"]
    ) == {a, b, slack_credentials["admin_user_id"]}
    ims = slack_user_client.conversations_list(types="im")["channels"]
    assert [c["id"] for c in ims] == [dm]
    assert (
        error_code(
            lambda: slack_user_client.conversations_open(
                users=",".join(people(slack_user_client, 9))
            )
        )
        == "too_many_users"
    )
    assert error_code(lambda: slack_user_client.api_call("conversations.open")) == (
        "users_list_not_supplied"
    )


def test_mark_sets_last_read(slack_user_client, general):
    ts = slack_user_client.chat_postMessage(channel=general, text="read me")["ts"]
    slack_user_client.conversations_mark(channel=general, ts=ts)
    assert slack_user_client.conversations_info(channel=general)["channel"]["last_read"] == ts
    assert (
        error_code(lambda: slack_user_client.conversations_mark(channel=general, ts="yesterday"))
        == "invalid_timestamp"
    )


def test_user_acting_in_their_own_channels(as_user, slack_user_client):
    a, b = people(slack_user_client, 2)
    alice = as_user(a)
    room = alice.conversations_create(name="alices-room", is_private=True)["channel"]["id"]
    alice.conversations_invite(channel=room, users=b)
    assert set(alice.conversations_members(channel=room)["members"]) == {a, b}
    assert error_code(lambda: slack_user_client.conversations_history(channel=room)) == (
        "channel_not_found"
    )
