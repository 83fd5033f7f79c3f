"""admin.analytics.getFile via slack_sdk: a day's activity as gzipped JSON lines; refusals."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError


def error_of(call, **kwargs) -> str:
    with pytest.raises(SlackApiError) as refused:
        call(**kwargs)
    return refused.value.response["error"]


def lines_of(response) -> list[dict]:
    assert response.headers["content-type"].startswith("application/gzip")
    return [json.loads(line) for line in gzip.decompress(response.data).decode().splitlines()]


def day_of(universe) -> str:
    now = universe.control("GET", "/clock")["now"]
    return datetime.fromtimestamp(now, UTC).date().isoformat()


def test_member_and_channel_analytics_count_the_day(
    universe, slack_admin_client, slack_user_client, slack_credentials, general
):
    today = day_of(universe)
    assert (
        error_of(slack_admin_client.admin_analytics_getFile, type="member", date=today)
        == "file_not_yet_available"
    )
    posted = slack_user_client.chat_postMessage(channel=general, text="counted")
    slack_user_client.reactions_add(channel=general, timestamp=posted["ts"], name="tada")
    universe.control("POST", "/clock", json={"advance": 86400})

    members = lines_of(slack_admin_client.admin_analytics_getFile(type="member", date=today))
    mine = next(m for m in members if m["user_id"] == slack_credentials["admin_user_id"])
    assert mine["date"] == today and mine["is_active"] is True
    assert mine["reactions_added_count"] == 1
    assert mine["messages_posted_count"] >= 1 and mine["channel_messages_posted_count"] >= 1
    assert mine["email_address"] == "admin@example.com"

    channels = lines_of(
        slack_admin_client.admin_analytics_getFile(type="public_channel", date=today)
    )
    row = next(c for c in channels if c["channel_id"] == general)
    assert row["messages_posted_count"] >= 1 and row["reactions_added_count"] == 1
    assert row["originating_team"]["team_id"] == slack_credentials["team_id"]

    metadata = lines_of(
        slack_admin_client.admin_analytics_getFile(type="public_channel", metadata_only=True)
    )
    assert general in {m["channel_id"] for m in metadata}


def test_analytics_refusals(slack_admin_client, slack_credentials, slack_token_for):
    get = slack_admin_client.admin_analytics_getFile
    assert error_of(get, type="member", date="2026-13-45") == "invalid_date"
    assert error_of(get, type="messages", date="2020-01-01") == "invalid_type"
    assert error_of(get, type="member", date="2001-01-01") == "data_not_available"
    assert error_of(get, type="member", metadata_only=True) == "metadata_not_available"
    assert (
        error_of(get, type="public_channel", metadata_only=True, date="2020-01-01")
        == "metadata_only_does_not_support_date"
    )
    user = WebClient(token=slack_credentials["user_token"], base_url=slack_credentials["api_url"])
    assert error_of(user.admin_analytics_getFile, type="member", date="2020-01-01") == (
        "missing_scope"
    )


def test_admin_methods_refuse_people_who_are_not_admins(
    slack_client, slack_credentials, slack_token_for
):
    person = next(
        m for m in slack_client.users_list()["members"] if not m["is_bot"] and not m["is_admin"]
    )
    token = slack_token_for(person["id"], ["admin.analytics:read", "admin.users:read"])
    client = WebClient(token=token, base_url=slack_credentials["api_url"])
    assert error_of(client.admin_analytics_getFile, type="member", date="2020-01-01") == (
        "not_an_admin"
    )
    assert error_of(client.admin_users_list) == "not_an_admin"
