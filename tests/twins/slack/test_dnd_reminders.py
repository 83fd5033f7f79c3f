"""dnd.* and reminders.* through slack_sdk, following the universe clock."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError


def error_code(call) -> str:
    with pytest.raises(SlackApiError) as caught:
        call()
    return caught.value.response["error"]


def test_snooze_until_the_clock_passes_it(slack_user_client, universe, slack_credentials):
    admin = slack_credentials["admin_user_id"]
    universe.control("POST", "/clock", json={"freeze": True})
    assert slack_user_client.dnd_info()["snooze_enabled"] is False
    snooze = slack_user_client.dnd_setSnooze(num_minutes=30)
    assert snooze["snooze_remaining"] == 1800
    assert slack_user_client.dnd_info()["snooze_remaining"] == 1800
    assert slack_user_client.dnd_teamInfo(users=admin)["users"][admin]["dnd_enabled"] is True
    universe.control("POST", "/clock", json={"advance": 1801})
    assert slack_user_client.dnd_info()["snooze_enabled"] is False
    assert error_code(slack_user_client.dnd_endSnooze) == "snooze_not_active"
    slack_user_client.dnd_setSnooze(num_minutes=5)
    assert slack_user_client.dnd_endSnooze()["snooze_enabled"] is False
    slack_user_client.dnd_setSnooze(num_minutes=5)
    assert slack_user_client.dnd_endDnd()["ok"]
    assert slack_user_client.dnd_info()["snooze_enabled"] is False
    assert error_code(lambda: slack_user_client.dnd_setSnooze(num_minutes=0)) == (
        "invalid_arguments"
    )


def test_reminders(slack_user_client, universe):
    now = universe.control("POST", "/clock", json={"freeze": True})["now"]
    reminder = slack_user_client.reminders_add(text="file expenses", time="in 2 hours")["reminder"]
    assert reminder["time"] == int(now) + 7200 and reminder["complete_ts"] == 0
    later = slack_user_client.reminders_add(text="review", time=str(int(now) + 86400))
    assert [r["text"] for r in slack_user_client.reminders_list()["reminders"]] == [
        "file expenses",
        "review",
    ]
    slack_user_client.reminders_complete(reminder=reminder["id"])
    assert slack_user_client.reminders_info(reminder=reminder["id"])["reminder"][
        "complete_ts"
    ] == int(now)
    assert (
        error_code(lambda: slack_user_client.reminders_complete(reminder=reminder["id"]))
        == "already_complete"
    )
    slack_user_client.reminders_delete(reminder=later["reminder"]["id"])
    assert (
        error_code(lambda: slack_user_client.reminders_info(reminder=later["reminder"]["id"]))
        == "not_found"
    )
    assert (
        error_code(lambda: slack_user_client.reminders_add(text="x", time="someday"))
        == "cannot_parse"
    )
