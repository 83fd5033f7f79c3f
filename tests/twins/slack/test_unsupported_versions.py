"""admin.users.unsupportedVersions.export through slack_sdk: Slackbot sends the asking admin a
zipped CSV of the members whose recent sessions use Slack clients past their end of support."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, datetime

import httpx
import pytest
from slack_sdk import WebClient
from tests.twins.slack.refusals import error_of

SLACKBOT = "USLACKBOT"
OLD_DESKTOP = "Mozilla/5.0 (Macintosh) AppleWebKit/537.36 Slack/4.29.149 Chrome/108.0 Safari/537"
LATE_DESKTOP = "Mozilla/5.0 (Windows NT 10.0) Slack_SSB/4.34.120 Chrome/114.0"
NEW_DESKTOP = "Mozilla/5.0 (X11; Linux x86_64) Slack/4.41.105 Chrome/128.0"
OLD_IOS = "com.tinyspeck.chatlyio/23.04.10 (iPhone; iOS 16.4; Scale/3.00)"


def day(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp())


@pytest.fixture
def people(slack_client) -> list[dict]:
    """Three members who are neither admins nor owners."""
    members = slack_client.users_list()["members"]
    chosen = [m for m in members if not (m["is_bot"] or m["is_admin"] or m["deleted"])]
    chosen = [m for m in chosen if m["id"] != SLACKBOT]
    assert len(chosen) >= 3
    return chosen[:3]


@pytest.fixture
def sessions(people, slack_token_for, slack_credentials) -> dict[str, str]:
    """Each person uses the API from the clients given here (their User-Agent): user id →
    clients."""
    clients = {
        people[0]["id"]: [OLD_DESKTOP, NEW_DESKTOP],
        people[1]["id"]: [LATE_DESKTOP],
        people[2]["id"]: [OLD_IOS],
    }
    for user_id, agents in clients.items():
        token = slack_token_for(user_id, ["users:read"])
        for agent in agents:
            client = WebClient(
                token=token, base_url=slack_credentials["api_url"], user_agent_prefix=agent
            )
            assert client.auth_test()["user_id"] == user_id
    return clients


def delivered(universe, admin: WebClient, admin_id: str) -> list[dict]:
    """The rows of the newest export Slackbot sent ``admin_id``, read through the API."""
    dm = admin.conversations_open(users=SLACKBOT)["channel"]["id"]
    newest = admin.conversations_history(channel=dm, limit=1)["messages"][0]
    assert newest["user"] == SLACKBOT and newest["subtype"] == "file_share"
    shared = newest["files"][0]
    assert shared["name"].endswith(".zip") and shared["user"] == SLACKBOT
    assert admin.files_info(file=shared["id"])["file"]["ims"] == [dm]
    download = httpx.get(
        shared["url_private_download"], headers={"Authorization": f"Bearer {admin.token}"}
    )
    assert download.status_code == 200
    with zipfile.ZipFile(io.BytesIO(download.content)) as archive:
        (name,) = archive.namelist()
        assert name == shared["name"].replace(".zip", ".csv")
        return list(csv.DictReader(io.StringIO(archive.read(name).decode())))


def test_slackbot_sends_the_admin_the_members_on_unsupported_clients(
    universe, sessions, people, slack_credentials
):
    admin_id = slack_credentials["admin_user_id"]
    admin = WebClient(token=slack_credentials["user_token"], base_url=slack_credentials["api_url"])
    org = WebClient(token=slack_credentials["admin_token"], base_url=slack_credentials["api_url"])
    assert org.admin_users_unsupportedVersions_export().data == {"ok": True}

    rows = delivered(universe, admin, admin_id)
    assert [(r["user_id"], r["client"], r["version"], r["end_of_support"]) for r in rows] == [
        (people[0]["id"], "Slack for Desktop", "4.29.149", "2024-09-03"),
        (people[1]["id"], "Slack for Desktop", "4.34.120", "2025-03-03"),
        (people[2]["id"], "Slack for iOS", "23.04.10", "2025-03-03"),
    ]
    assert rows[0]["username"] == people[0]["name"]

    # Only the cycles ending by the date asked: 4.34 was still supported at the end of 2024.
    org.admin_users_unsupportedVersions_export(date_end_of_support=day("2024-12-31"))
    rows = delivered(universe, admin, admin_id)
    assert [(r["user_id"], r["version"]) for r in rows] == [(people[0]["id"], "4.29.149")]

    # Only sessions since the date asked, and six months back by default.
    now = universe.control("POST", "/clock", json={"freeze": True})["now"]
    org.admin_users_unsupportedVersions_export(date_sessions_started=int(now) + 60)
    assert delivered(universe, admin, admin_id) == []
    universe.control("POST", "/clock", json={"advance": 183 * 24 * 3600})
    org.admin_users_unsupportedVersions_export()
    assert delivered(universe, admin, admin_id) == []


def test_only_org_admins_with_the_scope_may_ask(
    people, sessions, slack_token_for, slack_credentials, slack_client
):
    api = slack_credentials["api_url"]
    member = WebClient(token=slack_token_for(people[0]["id"], ["admin.users:read"]), base_url=api)
    assert error_of(member.admin_users_unsupportedVersions_export) == "not_an_admin"
    unscoped = WebClient(
        token=slack_token_for(slack_credentials["admin_user_id"], ["users:read"]), base_url=api
    )
    assert error_of(unscoped.admin_users_unsupportedVersions_export) == "missing_scope"
    assert error_of(slack_client.admin_users_unsupportedVersions_export) == "missing_scope"
    org = WebClient(token=slack_credentials["admin_token"], base_url=api)
    assert (
        error_of(org.admin_users_unsupportedVersions_export, date_end_of_support="soon")
        == "invalid_arguments"
    )
    admin = WebClient(token=slack_credentials["user_token"], base_url=api)
    dm = admin.conversations_open(users=SLACKBOT)["channel"]["id"]
    assert admin.conversations_history(channel=dm)["messages"] == [], "nothing was sent"
