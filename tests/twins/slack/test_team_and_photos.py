"""team.* logs and profile, users.setPhoto/deletePhoto and users.identity through slack_sdk."""

from __future__ import annotations

import httpx
import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

PNG = bytes.fromhex("89504e470d0a1a0a") + b"\x00" * 32


def test_access_logs_count_each_persons_api_use(
    slack_user_client, slack_credentials, slack_token_for
):
    person = next(
        m
        for m in slack_user_client.users_list()["members"]
        if not m["is_bot"] and not m["is_admin"]
    )
    token = slack_token_for(person["id"], ["users:read"])
    other = WebClient(
        token=token, base_url=slack_credentials["api_url"], user_agent_prefix="ops-bot/1.0"
    )
    for _ in range(3):
        other.auth_test()
    logins = slack_user_client.team_accessLogs()["logins"]
    theirs = [entry for entry in logins if entry["user_id"] == person["id"]]
    assert len(theirs) == 1 and theirs[0]["count"] == 3
    assert theirs[0]["ip"] == "127.0.0.1" and theirs[0]["user_agent"].startswith("ops-bot/1.0")
    paged = slack_user_client.team_accessLogs(count=1, page=1)
    assert len(paged["logins"]) == 1 and paged["paging"]["pages"] == paged["paging"]["total"]
    with pytest.raises(SlackApiError) as refused:
        other.team_accessLogs()
    assert refused.value.response["error"] == "missing_scope"


def test_billable_info_follows_deactivation(slack_user_client, universe, slack_credentials):
    person = next(
        m
        for m in slack_user_client.users_list()["members"]
        if not m["is_bot"] and not m["is_admin"]
    )
    assert slack_user_client.team_billableInfo(user=person["id"])["billable_info"] == {
        person["id"]: {"billing_active": True}
    }
    admin = WebClient(token=slack_credentials["admin_token"], base_url=slack_credentials["api_url"])
    admin.admin_users_remove(team_id=slack_credentials["team_id"], user_id=person["id"])
    everyone = slack_user_client.team_billableInfo()["billable_info"]
    assert everyone[person["id"]] == {"billing_active": False}
    assert everyone[slack_credentials["admin_user_id"]] == {"billing_active": True}
    assert slack_credentials["bot_user_id"] not in everyone


def test_integration_logs_show_installs_and_removals(slack_user_client, universe):
    app = httpx.post(
        f"{universe.url}/slack/_apps",
        headers=universe.admin_headers,
        json={"name": "Logged", "scopes": ["chat:write"]},
    ).json()["app"]
    bot = WebClient(token=app["bot_token"], base_url=universe.credentials["slack"]["api_url"])
    bot.apps_uninstall(client_id=app["client_id"], client_secret=app["client_secret"])
    logs = slack_user_client.team_integrationLogs(app_id=app["app_id"])["logs"]
    assert [entry["change_type"] for entry in logs] == ["removed", "added"]
    assert logs[1]["scope"] == "chat:write" and logs[1]["service_name"] == "Logged"
    assert slack_user_client.team_integrationLogs(change_type="removed")["paging"]["total"] == 1


def test_team_profile_fields(slack_client):
    fields = slack_client.team_profile_get()["profile"]["fields"]
    assert {f["label"] for f in fields} >= {"Title", "Pronouns"}
    assert slack_client.team_profile_get(visibility="hidden")["profile"]["fields"] == []
    with pytest.raises(SlackApiError) as refused:
        slack_client.team_profile_get(visibility="secret")
    assert refused.value.response["error"] == "invalid_visibility"


def test_set_photo_serves_the_bytes_and_delete_restores_the_default(
    slack_user_client, slack_credentials
):
    me = slack_credentials["admin_user_id"]
    images = slack_user_client.users_setPhoto(image=PNG)["profile"]
    assert images["image_original"] == images["image_192"]
    assert httpx.get(images["image_192"]).content == PNG
    profile = slack_user_client.users_info(user=me)["user"]["profile"]
    assert profile["is_custom_image"] is True and profile["image_72"] == images["image_72"]
    with pytest.raises(SlackApiError) as refused:
        slack_user_client.users_setPhoto(image=b"not an image")
    assert refused.value.response["error"] == "bad_image"
    slack_user_client.users_deletePhoto()
    profile = slack_user_client.users_info(user=me)["user"]["profile"]
    assert profile["is_custom_image"] is False and "?v=" not in profile["image_72"]
    assert httpx.get(profile["image_72"]).content != PNG


def test_identity_needs_a_sign_in_token(slack_user_client, slack_credentials, slack_token_for):
    me = slack_credentials["admin_user_id"]
    with pytest.raises(SlackApiError) as refused:
        slack_user_client.users_identity()
    assert refused.value.response["error"] == "missing_scope"
    token = slack_token_for(me, ["identity.basic", "identity.email", "identity.team"])
    who = WebClient(token=token, base_url=slack_credentials["api_url"]).users_identity()
    assert who["user"] == {"name": "Ada Admin", "id": me, "email": "admin@example.com"}
    assert who["team"]["id"] == slack_credentials["team_id"] and who["team"]["name"]
