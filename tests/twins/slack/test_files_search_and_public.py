"""search.files/search.all and public file links through slack_sdk."""

from __future__ import annotations

import httpx
import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError


def test_search_files_and_all(
    slack_user_client, slack_client, slack_credentials, slack_token_for, general
):
    slack_client.files_upload_v2(
        channel=general, content=b"q3 numbers", filename="budget-q3.csv", title="Budget Q3"
    )
    slack_user_client.chat_postMessage(channel=general, text="the budget is up")
    private = slack_user_client.conversations_create(name="secret-plans", is_private=True)[
        "channel"
    ]["id"]
    slack_user_client.files_upload_v2(channel=private, content=b"x", filename="budget-secret.txt")

    found = slack_user_client.search_files(query="budget")["files"]
    assert {m["name"] for m in found["matches"]} == {"budget-q3.csv", "budget-secret.txt"}
    assert found["paging"]["total"] == 2
    only_general = slack_user_client.search_files(query="budget in:#general")["files"]["matches"]
    assert [m["title"] for m in only_general] == ["Budget Q3"]

    everything = slack_user_client.search_all(query="budget")
    assert everything["messages"]["matches"][0]["text"] == "the budget is up"
    assert everything["files"]["total"] == 2

    member = next(
        m["id"]
        for m in slack_client.users_list()["members"]
        if not m["is_bot"] and not m["is_admin"]
    )
    token = slack_token_for(member, ["search:read"])
    other = WebClient(token=token, base_url=slack_credentials["api_url"])
    assert [m["name"] for m in other.search_files(query="budget")["files"]["matches"]] == [
        "budget-q3.csv"
    ]
    with pytest.raises(SlackApiError) as refused:
        slack_client.search_files(query="budget")
    assert refused.value.response["error"] == "missing_scope"


def test_public_links_open_and_close(slack_user_client, slack_client, general):
    file = slack_user_client.files_upload_v2(
        channel=general, content=b"press kit", filename="kit.txt"
    )["file"]
    assert file["public_url_shared"] is False
    shared = slack_user_client.files_sharedPublicURL(file=file["id"])["file"]
    assert shared["public_url_shared"] is True
    assert httpx.get(shared["permalink_public"]).content == b"press kit"
    assert (
        slack_client.files_info(file=file["id"])["file"]["permalink_public"]
        == shared["permalink_public"]
    )
    with pytest.raises(SlackApiError) as refused:
        slack_client.files_sharedPublicURL(file=file["id"])
    assert refused.value.response["error"] == "user_is_bot"
    slack_user_client.files_revokePublicURL(file=file["id"])
    assert httpx.get(shared["permalink_public"]).status_code == 404
    assert "permalink_public" not in slack_client.files_info(file=file["id"])["file"]


def test_remote_files_added_shared_and_removed(slack_client, slack_user_client, general):
    added = slack_client.files_remote_add(
        external_id="doc-7", external_url="https://docs.example/7", title="Design doc"
    )["file"]
    assert added["is_external"] is True and added["external_id"] == "doc-7"
    with pytest.raises(SlackApiError) as twice:
        slack_client.files_remote_add(
            external_id="doc-7", external_url="https://docs.example/7", title="Again"
        )
    assert twice.value.response["error"] == "file_already_exists"
    slack_client.files_remote_update(external_id="doc-7", title="Design doc v2")
    assert slack_client.files_remote_info(file=added["id"])["file"]["title"] == "Design doc v2"
    slack_client.files_remote_share(file=added["id"], channels=general)
    message = slack_client.conversations_history(channel=general, limit=1)["messages"][0]
    assert message["files"][0]["external_url"] == "https://docs.example/7"
    listed = slack_client.files_remote_list(channel=general)["files"]
    assert [f["id"] for f in listed] == [added["id"]]
    private = slack_user_client.conversations_create(name="remote-private", is_private=True)
    with pytest.raises(SlackApiError) as hidden:
        slack_client.files_remote_share(file=added["id"], channels=private["channel"]["id"])
    assert hidden.value.response["error"] == "channel_not_found"
    slack_client.files_remote_remove(external_id="doc-7")
    with pytest.raises(SlackApiError) as gone:
        slack_client.files_remote_info(file=added["id"])
    assert gone.value.response["error"] == "file_not_found"
