"""files_upload_v2 through slack_sdk, shares in history, private downloads, info/list/delete."""

from __future__ import annotations

import os

import httpx
import pytest
from slack_sdk.errors import SlackApiError


def test_upload_v2_share_and_download_byte_for_byte(slack_client, slack_credentials, general):
    payload = os.urandom(300_000) + b"\x00end"
    uploaded = slack_client.files_upload_v2(
        channel=general,
        content=payload,
        filename="dump.bin",
        title="Core dump",
        initial_comment="the crash from last night",
    )
    file = uploaded["file"]
    assert file["id"].startswith("F") and file["title"] == "Core dump"
    assert file["size"] == len(payload) and file["name"] == "dump.bin"
    message = slack_client.conversations_history(channel=general, limit=1)["messages"][0]
    assert message["text"] == "the crash from last night"
    assert [f["id"] for f in message["files"]] == [file["id"]] and message["upload"] is True

    info = slack_client.files_info(file=file["id"])["file"]
    assert info["channels"] == [general]
    download = httpx.get(
        info["url_private"], headers={"Authorization": f"Bearer {slack_credentials['user_token']}"}
    )
    assert download.status_code == 200 and download.content == payload
    assert httpx.get(info["url_private"]).status_code == 403

    listed = slack_client.files_list(channel=general)
    assert [f["id"] for f in listed["files"]] == [file["id"]] and listed["paging"]["total"] == 1
    slack_client.files_delete(file=file["id"])
    with pytest.raises(SlackApiError) as caught:
        slack_client.files_info(file=file["id"])
    assert caught.value.response["error"] == "file_not_found"


def test_text_file_with_thread_and_errors(slack_client, general):
    root = slack_client.chat_postMessage(channel=general, text="logs?")["ts"]
    slack_client.files_upload_v2(
        channel=general, content="line 1\nline 2\n", filename="app.log", thread_ts=root
    )
    replies = slack_client.conversations_replies(channel=general, ts=root)["messages"]
    assert replies[1]["files"][0]["name"] == "app.log"
    with pytest.raises(SlackApiError) as caught:
        slack_client.files_completeUploadExternal(files=[{"id": "F0NOPE"}], channel_id=general)
    assert caught.value.response["error"] == "file_not_found"
    pending = slack_client.files_getUploadURLExternal(filename="never.txt", length=10)
    with pytest.raises(SlackApiError) as caught:
        slack_client.files_completeUploadExternal(files=[{"id": pending["file_id"]}])
    assert caught.value.response["error"] == "file_upload_not_found"
    short = httpx.post(pending["upload_url"], content=b"123")
    assert short.status_code == 400
