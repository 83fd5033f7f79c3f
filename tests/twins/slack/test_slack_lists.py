"""Slack Lists through slack_sdk: typed columns, items and subtasks, access, and CSV export."""

from __future__ import annotations

import httpx
import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

SCHEMA = [
    {"key": "task", "name": "Task", "type": "text", "is_primary_column": True},
    {"key": "due", "name": "Due", "type": "date"},
    {
        "key": "status",
        "name": "Status",
        "type": "select",
        "options": {"choices": [{"value": "open", "label": "Open", "color": "red"}]},
    },
    {"key": "owner", "name": "Owner", "type": "user"},
]


def words(text: str) -> list[dict]:
    section = {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}
    return [{"type": "rich_text", "elements": [section]}]


def error_of(call) -> str:
    with pytest.raises(SlackApiError) as caught:
        call()
    return caught.value.response["error"]


@pytest.fixture
def tracker(slack_user_client) -> tuple[str, dict[str, str]]:
    """A List made by the workspace owner, and its column ids by key."""
    created = slack_user_client.slackLists_create(name="Launch tasks", schema=SCHEMA)
    columns = {c["key"]: c["id"] for c in created["list_metadata"]["schema"]}
    return created["list_id"], columns


@pytest.fixture
def person(universe, slack_user_client, slack_token_for) -> tuple[str, WebClient]:
    """Another member of the workspace, with a token that may use Lists."""
    me = slack_user_client.auth_test()["user_id"]
    members = slack_user_client.users_list()["members"]
    other = next(
        m["id"] for m in members if not m["is_bot"] and m["id"] != me and m["name"] != "slackbot"
    )
    token = slack_token_for(other, ["lists:read", "lists:write"])
    api_url = universe.credentials["slack"]["api_url"]
    return other, WebClient(token=token, base_url=api_url)


def test_a_list_is_made_with_its_columns_and_todo_fields(slack_user_client, tracker):
    list_id, columns = tracker
    assert list_id.startswith("F") and set(columns) == {"task", "due", "status", "owner"}
    todo = slack_user_client.slackLists_create(name="Chores", todo_mode=True)
    kinds = [c["type"] for c in todo["list_metadata"]["schema"]]
    assert kinds == ["text", "todo_completed", "todo_assignee", "todo_due_date"]
    assert (
        error_of(
            lambda: slack_user_client.slackLists_create(
                name="x", schema=[{"key": "d", "name": "D", "type": "date"}]
            )
        )
        == "invalid_primary_column"
    )
    bad_type = [{"key": "t", "name": "T", "type": "hologram"}]
    assert error_of(lambda: slack_user_client.slackLists_create(name="x", schema=bad_type)) == (
        "invalid_column_type"
    )


def test_items_hold_checked_values_and_subtasks(slack_user_client, tracker):
    list_id, col = tracker
    me = slack_user_client.auth_test()["user_id"]
    item = slack_user_client.slackLists_items_create(
        list_id=list_id,
        initial_fields=[
            {"column_id": col["task"], "rich_text": words("Write the launch post")},
            {"column_id": col["due"], "date": ["2026-03-01"]},
            {"column_id": col["status"], "select": ["open"]},
            {"column_id": col["owner"], "user": [me]},
        ],
    )["item"]
    texts = {f["key"]: f.get("text") for f in item["fields"]}
    assert texts["task"] == "Write the launch post" and item["created_by"] == me
    sub = slack_user_client.slackLists_items_create(list_id=list_id, parent_item_id=item["id"])
    assert sub["item"]["parent_record_id"] == item["id"]
    slack_user_client.slackLists_items_update(
        list_id=list_id,
        cells=[{"row_id": item["id"], "column_id": col["due"], "date": ["2026-04-01"]}],
    )
    info = slack_user_client.slackLists_items_info(list_id=list_id, id=item["id"])
    due = next(f for f in info["record"]["fields"] if f["key"] == "due")
    assert due["date"] == ["2026-04-01"] and [s["id"] for s in info["subtasks"]] == [
        sub["item"]["id"]
    ]
    for field, error in (
        ({"column_id": col["due"], "date": ["next tuesday"]}, "invalid_date"),
        ({"column_id": col["status"], "select": ["shipped"]}, "invalid_option_id"),
        ({"column_id": col["owner"], "user": ["UNOBODY"]}, "user_not_found"),
        ({"column_id": col["due"], "number": [3]}, "invalid_input_type"),
        ({"column_id": "Col404", "date": ["2026-01-01"]}, "invalid_column_id"),
    ):
        assert (
            error_of(
                lambda f=field: slack_user_client.slackLists_items_create(
                    list_id=list_id, initial_fields=[f]
                )
            )
            == error
        )
    update = [{"row_id": "Rec404", "column_id": col["due"], "date": ["2026-01-01"]}]
    assert error_of(
        lambda: slack_user_client.slackLists_items_update(list_id=list_id, cells=update)
    ) == ("row_not_found")


def test_listing_pages_and_deleting_takes_subtasks_along(slack_user_client, tracker):
    list_id, _ = tracker
    ids = [
        slack_user_client.slackLists_items_create(list_id=list_id)["item"]["id"] for _ in range(3)
    ]
    child = slack_user_client.slackLists_items_create(list_id=list_id, parent_item_id=ids[0])
    first = slack_user_client.slackLists_items_list(list_id=list_id, limit=2)
    assert len(first["items"]) == 2 and first["response_metadata"]["next_cursor"]
    rest = slack_user_client.slackLists_items_list(
        list_id=list_id, cursor=first["response_metadata"]["next_cursor"]
    )
    assert [i["id"] for i in first["items"] + rest["items"]] == [*ids, child["item"]["id"]]
    slack_user_client.slackLists_items_delete(list_id=list_id, id=ids[0])
    slack_user_client.slackLists_items_deleteMultiple(list_id=list_id, ids=[ids[1]])
    left = slack_user_client.slackLists_items_list(list_id=list_id)["items"]
    assert [i["id"] for i in left] == [ids[2]]
    assert error_of(
        lambda: slack_user_client.slackLists_items_info(list_id=list_id, id=ids[0])
    ) == ("record_deleted")
    assert error_of(
        lambda: slack_user_client.slackLists_items_delete(list_id=list_id, id=ids[0])
    ) == ("record_not_found")


def test_only_those_given_access_see_or_change_a_list(slack_user_client, tracker, person, general):
    list_id, _ = tracker
    other, client = person
    assert error_of(lambda: client.slackLists_items_list(list_id=list_id)) == "list_not_found"
    slack_user_client.slackLists_access_set(list_id=list_id, access_level="read", user_ids=[other])
    assert client.slackLists_items_list(list_id=list_id)["ok"]
    assert error_of(lambda: client.slackLists_items_create(list_id=list_id)) == "permission_denied"
    assert (
        error_of(lambda: client.slackLists_update(id=list_id, name="Mine now"))
        == "permission_denied"
    )
    assert (
        error_of(
            lambda: client.slackLists_access_set(
                list_id=list_id, access_level="write", user_ids=[other]
            )
        )
        == "restricted_action"
    )
    slack_user_client.slackLists_access_delete(list_id=list_id, user_ids=[other])
    assert error_of(lambda: client.slackLists_items_list(list_id=list_id)) == "list_not_found"
    slack_user_client.slackLists_access_set(
        list_id=list_id, access_level="write", channel_ids=[general]
    )
    assert client.slackLists_items_create(list_id=list_id)["ok"], "members of #general may write"
    assert (
        error_of(
            lambda: slack_user_client.slackLists_access_set(
                list_id=list_id, access_level="read", user_ids=[other], channel_ids=[general]
            )
        )
        == "invalid_parameters"
    )


def test_lists_need_the_lists_scopes(universe, slack_user_client, slack_token_for, tracker):
    list_id, _ = tracker
    me = slack_user_client.auth_test()["user_id"]
    narrow = WebClient(
        token=slack_token_for(me, ["lists:read"]), base_url=universe.credentials["slack"]["api_url"]
    )
    assert narrow.slackLists_items_list(list_id=list_id)["ok"]
    assert error_of(lambda: narrow.slackLists_items_create(list_id=list_id)) == "missing_scope"


def test_a_list_exports_as_csv_to_its_reader(
    universe, slack_user_client, slack_credentials, tracker
):
    list_id, col = tracker
    slack_user_client.slackLists_items_create(
        list_id=list_id,
        initial_fields=[{"column_id": col["task"], "rich_text": words("Ship it")}],
    )
    job = slack_user_client.slackLists_download_start(list_id=list_id)["job_id"]
    ready = slack_user_client.slackLists_download_get(list_id=list_id, job_id=job)
    assert ready["status"] == "COMPLETED"
    auth = {"Authorization": f"Bearer {slack_credentials['user_token']}"}
    body = httpx.get(ready["download_url"], headers=auth)
    assert body.status_code == 200 and body.text.splitlines() == [
        "Task,Due,Status,Owner",
        "Ship it,,,",
    ]
    stranger = {"Authorization": f"Bearer {slack_credentials['bot_token']}"}
    assert httpx.get(ready["download_url"], headers=stranger).status_code == 404
    assert error_of(
        lambda: slack_user_client.slackLists_download_get(list_id=list_id, job_id="Le0")
    ) == ("job_not_found")
