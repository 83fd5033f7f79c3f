"""Files stay where they were shared: each file surface refuses whoever cannot see the file."""

from __future__ import annotations

import httpx
import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

READ = ["files:read", "files:write", "stars:write", "search:read"]


def _error(call, *args, **kwargs) -> str:
    with pytest.raises(SlackApiError) as caught:
        call(*args, **kwargs)
    return caught.value.response["error"]


def _download(url: str, token: str) -> httpx.Response:
    return httpx.get(url, headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def people(slack_client) -> list[str]:
    """Two ordinary people of the workspace (neither admin nor bot)."""
    members = slack_client.users_list()["members"]
    return [m["id"] for m in members if not m["is_bot"] and not m["is_admin"]][:2]


@pytest.fixture
def client_for(slack_credentials, slack_token_for):
    def make(user_id: str, scopes: list[str], kind: str = "user") -> WebClient:
        token = slack_token_for(user_id, scopes, kind)
        return WebClient(token=token, base_url=slack_credentials["api_url"])

    return make


@pytest.fixture
def private_file(slack_user_client, people) -> dict:
    """A file the owner shared in a private channel whose only other member is ``people[0]``."""
    channel = slack_user_client.conversations_create(name="board-only", is_private=True)
    channel_id = channel["channel"]["id"]
    slack_user_client.conversations_invite(channel=channel_id, users=people[0])
    file = slack_user_client.files_upload_v2(
        channel=channel_id, content=b"acquisition terms", filename="terms.txt"
    )["file"]
    return {"channel": channel_id, **slack_user_client.files_info(file=file["id"])["file"]}


def test_a_private_channel_file_is_hidden_from_a_bot_outside_it(
    slack_client, slack_credentials, slack_token_for, private_file
):
    bot_token = slack_credentials["bot_token"]
    assert _error(slack_client.files_info, file=private_file["id"]) == "file_not_found"
    assert private_file["id"] not in {f["id"] for f in slack_client.files_list()["files"]}
    refused = _download(private_file["url_private"], bot_token)
    assert refused.status_code == 404 and refused.json()["error"] == "file_not_found"
    refused = _download(private_file["url_private_download"], bot_token)
    assert refused.status_code == 404 and b"acquisition" not in refused.content

    narrow = slack_token_for(slack_credentials["bot_user_id"], ["channels:read"], "bot")
    narrow_client = WebClient(token=narrow, base_url=slack_credentials["api_url"])
    assert _error(narrow_client.files_info, file=private_file["id"]) == "missing_scope"
    refused = _download(private_file["url_private"], narrow)
    assert refused.status_code == 403 and refused.json()["error"] == "missing_scope"
    assert httpx.get(private_file["url_private"]).json()["error"] == "not_authed"


def test_a_private_channel_file_is_shown_to_its_members_only(
    client_for, slack_token_for, private_file, people
):
    insider, outsider = people
    inside = client_for(insider, READ)
    info = inside.files_info(file=private_file["id"])["file"]
    assert info["groups"] == [private_file["channel"]] and info["channels"] == []
    assert info["is_public"] is False
    assert [f["id"] for f in inside.files_list(channel=private_file["channel"])["files"]] == [
        private_file["id"]
    ]
    download = _download(private_file["url_private"], slack_token_for(insider, READ))
    assert download.status_code == 200 and download.content == b"acquisition terms"

    outside = client_for(outsider, READ)
    assert _error(outside.files_info, file=private_file["id"]) == "file_not_found"
    assert outside.files_list(channel=private_file["channel"])["files"] == []
    assert private_file["id"] not in {
        f["id"] for f in outside.files_list(user=private_file["user"])["files"]
    }
    assert _download(private_file["url_private"], slack_token_for(outsider, READ)).status_code == (
        404
    )
    assert _error(outside.files_delete, file=private_file["id"]) == "file_not_found"
    assert _error(outside.stars_add, file=private_file["id"]) == "file_not_found"
    assert outside.search_files(query="terms")["files"]["total"] == 0
    assert inside.search_files(query="terms")["files"]["total"] == 1

    unscoped = slack_token_for(insider, ["channels:read", "groups:read"])
    assert _download(private_file["url_private"], unscoped).status_code == 403
    assert (
        _error(client_for(insider, ["groups:read"]).files_list, channel=private_file["channel"])
        == "missing_scope"
    )


def test_a_direct_message_file_is_shown_to_the_two_people_only(
    slack_user_client, client_for, people
):
    partner, stranger = people
    dm = slack_user_client.conversations_open(users=partner)["channel"]["id"]
    file = slack_user_client.files_upload_v2(channel=dm, content=b"salary", filename="offer.txt")[
        "file"
    ]
    seen = client_for(partner, READ).files_info(file=file["id"])["file"]
    assert seen["ims"] == [dm] and seen["channels"] == [] and seen["groups"] == []
    assert _error(client_for(stranger, READ).files_info, file=file["id"]) == "file_not_found"


def test_a_public_channel_file_is_shown_to_the_workspace_but_not_to_guests(
    slack_user_client, slack_admin_client, slack_client, client_for, people, general
):
    public = slack_user_client.conversations_create(name="open-plans")["channel"]["id"]
    file = slack_user_client.files_upload_v2(channel=public, content=b"ok", filename="plan.txt")[
        "file"
    ]
    outsider_view = client_for(people[1], READ).files_info(file=file["id"])["file"]
    assert outsider_view["channels"] == [public] and outsider_view["is_public"] is True
    assert slack_client.files_info(file=file["id"])["file"]["id"] == file["id"]

    team = slack_user_client.team_info()["team"]["id"]
    slack_admin_client.admin_users_invite(
        team_id=team, email="guest@partner.example", channel_ids=general, is_restricted=True
    )
    guest = next(
        m["id"]
        for m in slack_client.users_list()["members"]
        if m["profile"].get("email") == "guest@partner.example"
    )
    assert _error(client_for(guest, READ).files_info, file=file["id"]) == "file_not_found"


def test_only_the_uploader_opens_a_public_link(
    slack_user_client, slack_client, client_for, private_file, people
):
    insider, outsider = people
    assert (
        _error(client_for(insider, READ).files_sharedPublicURL, file=private_file["id"])
        == "not_allowed"
    )
    assert (
        _error(client_for(outsider, READ).files_sharedPublicURL, file=private_file["id"])
        == "file_not_found"
    )
    assert (
        _error(client_for(insider, ["files:read"]).files_sharedPublicURL, file=private_file["id"])
        == "missing_scope"
    )
    assert _error(slack_client.files_sharedPublicURL, file=private_file["id"]) == "user_is_bot"
    assert _error(client_for(insider, READ).files_delete, file=private_file["id"]) == (
        "cant_delete_file"
    )
    shared = slack_user_client.files_sharedPublicURL(file=private_file["id"])["file"]
    assert httpx.get(shared["permalink_public"]).content == b"acquisition terms"
