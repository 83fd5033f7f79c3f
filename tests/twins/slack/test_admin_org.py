"""admin.teams, admin.emoji, admin.usergroups and more admin.conversations/users via slack_sdk."""

from __future__ import annotations

import httpx
from slack_sdk import WebClient
from tests.twins.slack.refusals import error_of


def test_teams_are_created_listed_and_configured(
    slack_admin_client, slack_client, slack_credentials, general
):
    admin = slack_admin_client
    team = admin.admin_teams_create(team_domain="skunkworks", team_name="Skunkworks")["team"]
    assert (
        error_of(admin.admin_teams_create, team_domain="skunkworks", team_name="Again")
        == "domain_taken"
    )
    assert error_of(admin.admin_teams_create, team_domain="Bad Domain!", team_name="x") == "bad_url"
    listed = {t["id"]: t for t in admin.admin_teams_list()["teams"]}
    assert listed[team]["name"] == "Skunkworks"
    assert listed[team]["primary_owner"]["user_id"] == slack_credentials["admin_user_id"]
    assert admin.admin_teams_owners_list(team_id=team)["owner_ids"] == [
        slack_credentials["admin_user_id"]
    ]
    home = slack_credentials["team_id"]
    assert (
        slack_credentials["admin_user_id"]
        in admin.admin_teams_admins_list(team_id=home)["admin_ids"]
    )

    admin.admin_teams_settings_setName(team_id=home, name="Darkfactory HQ")
    assert slack_client.team_info()["team"]["name"] == "Darkfactory HQ"
    admin.admin_teams_settings_setDescription(team_id=home, description="Where it happens")
    admin.admin_teams_settings_setDiscoverability(team_id=home, discoverability="open")
    admin.admin_teams_settings_setIcon(team_id=home, image_url="https://icons.example/hq.png")
    admin.admin_teams_settings_setDefaultChannels(team_id=home, channel_ids=[general])
    settings = admin.admin_teams_settings_info(team_id=home)["team"]
    assert settings["description"] == "Where it happens" and settings["discoverability"] == "open"
    assert settings["default_channels"] == [general]
    assert settings["icon"]["image_original"] == "https://icons.example/hq.png"
    assert (
        error_of(admin.admin_teams_settings_setDiscoverability, team_id=home, discoverability="x")
        == "discoverability_setting_invalid"
    )
    assert error_of(admin.admin_teams_settings_info, team_id="T0NOPE") == "team_not_found"
    assert error_of(slack_client.admin_teams_list) == "missing_scope"


def test_custom_emoji_and_aliases(slack_admin_client, slack_client):
    admin = slack_admin_client
    admin.admin_emoji_add(name="shipit", url="https://emoji.example/shipit.png")
    admin.admin_emoji_addAlias(name="squirrel", alias_for="shipit")
    assert slack_client.emoji_list()["emoji"] == {
        "shipit": "https://emoji.example/shipit.png",
        "squirrel": "alias:shipit",
    }
    assert (
        error_of(admin.admin_emoji_add, name="shipit", url="https://x.example/a.png")
        == "error_name_taken"
    )
    assert (
        error_of(admin.admin_emoji_addAlias, name="ghost", alias_for="nothing")
        == "error_invalid_alias"
    )
    admin.admin_emoji_rename(name="shipit", new_name="ship_it")
    listed = admin.admin_emoji_list()["emoji"]
    assert set(listed) == {"ship_it", "squirrel"} and listed["squirrel"]["url"] == "alias:ship_it"
    assert listed["ship_it"]["uploaded_by"] == admin.auth_test()["user_id"]
    admin.admin_emoji_remove(name="ship_it")
    assert slack_client.emoji_list()["emoji"] == {}, "removing an emoji removes its aliases"
    assert error_of(admin.admin_emoji_remove, name="ship_it") == "emoji_not_found"


def test_usergroup_default_channels(slack_admin_client, slack_user_client, general):
    group = slack_user_client.usergroups_create(name="Oncall", handle="oncall")["usergroup"]["id"]
    random = next(
        c["id"] for c in slack_user_client.conversations_list()["channels"] if c["name"] == "random"
    )
    slack_admin_client.admin_usergroups_addChannels(
        usergroup_id=group, channel_ids=[general, random]
    )
    listed = slack_admin_client.admin_usergroups_listChannels(
        usergroup_id=group, include_num_members=True
    )
    assert [c["id"] for c in listed["channels"]] == [general, random]
    assert listed["channels"][0]["num_members"] > 0
    slack_admin_client.admin_usergroups_removeChannels(usergroup_id=group, channel_ids=[general])
    shown = slack_user_client.usergroups_list()["usergroups"][0]
    assert shown["prefs"]["channels"] == [random]
    assert (
        error_of(slack_admin_client.admin_usergroups_listChannels, usergroup_id="S0NOPE")
        == "usergroup_not_found"
    )


def test_admin_conversation_lifecycle(slack_admin_client, slack_user_client, slack_credentials):
    admin = slack_admin_client
    team = slack_credentials["team_id"]
    channel = admin.admin_conversations_create(name="ops-room", is_private=False, team_id=team)[
        "channel_id"
    ]
    admin.admin_conversations_rename(channel_id=channel, name="ops-war-room")
    assert (
        slack_user_client.conversations_info(channel=channel)["channel"]["name"] == "ops-war-room"
    )
    admin.admin_conversations_convertToPrivate(channel_id=channel)
    assert error_of(slack_user_client.conversations_info, channel=channel) == "channel_not_found"
    assert (
        error_of(admin.admin_conversations_convertToPrivate, channel_id=channel)
        == "method_not_supported_for_channel_type"
    )
    admin.admin_conversations_convertToPublic(channel_id=channel)
    assert slack_user_client.conversations_info(channel=channel)["channel"]["is_private"] is False
    admin.admin_conversations_setConversationPrefs(
        channel_id=channel, prefs={"who_can_post": "type:admin,user:U1"}
    )
    prefs = admin.admin_conversations_getConversationPrefs(channel_id=channel)["prefs"]
    assert prefs["who_can_post"] == {"type": ["admin"], "user": ["U1"]}
    assert admin.admin_conversations_getTeams(channel_id=channel)["team_ids"] == [team]
    admin.admin_conversations_archive(channel_id=channel)
    assert error_of(slack_user_client.chat_postMessage, channel=channel, text="hi") == "is_archived"
    admin.admin_conversations_unarchive(channel_id=channel)
    assert (
        error_of(admin.admin_conversations_unarchive, channel_id=channel) == "channel_not_archived"
    )
    admin.admin_conversations_delete(channel_id=channel)
    assert error_of(admin.admin_conversations_delete, channel_id=channel) == "channel_not_found"


def test_lookup_finds_quiet_channels(
    slack_admin_client, slack_user_client, slack_credentials, universe
):
    team = slack_credentials["team_id"]
    now = universe.control("POST", "/clock", json={"freeze": True})["now"]
    quiet = slack_user_client.conversations_create(name="quiet-one")["channel"]["id"]
    busy = slack_user_client.conversations_create(name="busy-one")["channel"]["id"]
    slack_user_client.chat_postMessage(channel=busy, text="still here")
    found = slack_admin_client.admin_conversations_lookup(
        team_ids=[team], last_message_activity_before=int(now), max_member_count=1
    )["channel_ids"]
    assert quiet in found and busy not in found


def test_owner_guest_expiry_and_sessions(
    slack_admin_client, slack_user_client, slack_credentials, universe, slack_token_for
):
    admin = slack_admin_client
    team = slack_credentials["team_id"]
    person = next(
        m
        for m in slack_user_client.users_list()["members"]
        if not m["is_bot"] and not m["is_admin"]
    )
    admin.admin_users_setOwner(team_id=team, user_id=person["id"])
    promoted = slack_user_client.users_info(user=person["id"])["user"]
    assert promoted["is_owner"] and promoted["is_admin"]

    general = slack_user_client.conversations_list()["channels"][0]["id"]
    admin.admin_users_invite(
        team_id=team, email="guest@partner.example", channel_ids=[general], is_restricted=True
    )
    guest = slack_user_client.users_lookupByEmail(email="guest@partner.example")["user"]["id"]
    assert (
        error_of(admin.admin_users_setExpiration, user_id=person["id"], expiration_ts=2**31 - 1)
        == "user_is_not_a_guest"
    )
    now = universe.control("POST", "/clock", json={"freeze": True})["now"]
    admin.admin_users_setExpiration(user_id=guest, expiration_ts=int(now) + 60)
    assert admin.admin_users_getExpiration(user_id=guest)["expiration_ts"] == int(now) + 60
    guest_client = WebClient(
        token=slack_token_for(guest, ["users:read"]), base_url=slack_credentials["api_url"]
    )
    assert guest_client.auth_test()["user_id"] == guest
    universe.control("POST", "/clock", json={"advance": 61})
    assert error_of(guest_client.auth_test) == "account_inactive"

    token = slack_token_for(person["id"], ["users:read"])
    sessions = admin.admin_users_session_list(user_id=person["id"])["active_sessions"]
    assert len(sessions) == 1 and sessions[0]["user_id"] == person["id"]
    admin.admin_users_session_invalidate(team_id=team, session_id=sessions[0]["session_id"])
    client = WebClient(token=token, base_url=slack_credentials["api_url"])
    assert error_of(client.auth_test) == "invalid_auth"
    assert admin.admin_users_session_list(user_id=person["id"])["active_sessions"] == []
    assert (
        error_of(
            admin.admin_users_session_invalidate, team_id=team, session_id=sessions[0]["session_id"]
        )
        == "session_not_found"
    )


def test_role_assignments(slack_admin_client, slack_user_client, general):
    person = next(
        m["id"]
        for m in slack_user_client.users_list()["members"]
        if not m["is_bot"] and not m["is_admin"]
    )
    added = slack_admin_client.admin_roles_addAssignments(
        role_id="Rl0A", entity_ids=[general, "C0NOPE"], user_ids=[person, "U0NOPE"]
    )
    assert added["rejected_entities"] == [{"id": "C0NOPE", "error": "channel_not_found"}]
    assert added["rejected_users"] == [{"id": "U0NOPE", "error": "user_not_found"}]
    listed = slack_admin_client.admin_roles_listAssignments(role_ids=["Rl0A"])["role_assignments"]
    assert [(a["entity_id"], a["user_id"]) for a in listed] == [(general, person)]
    slack_admin_client.admin_roles_removeAssignments(
        role_id="Rl0A", entity_ids=[general], user_ids=[person]
    )
    assert slack_admin_client.admin_roles_listAssignments()["role_assignments"] == []
    assert (
        error_of(
            slack_admin_client.admin_roles_addAssignments,
            role_id="Rl9Z",
            entity_ids=[general],
            user_ids=[person],
        )
        == "role_not_found"
    )


def test_information_barriers_stop_direct_messages(
    slack_admin_client, slack_user_client, slack_token_for, slack_credentials
):
    people = [
        m["id"]
        for m in slack_user_client.users_list()["members"]
        if not m["is_bot"] and not m["is_admin"]
    ]
    research = slack_user_client.usergroups_create(name="Research", handle="research")["usergroup"][
        "id"
    ]
    sales = slack_user_client.usergroups_create(name="Sales", handle="sales")["usergroup"]["id"]
    slack_user_client.usergroups_users_update(usergroup=research, users=[people[0]])
    slack_user_client.usergroups_users_update(usergroup=sales, users=[people[1]])
    barrier = slack_admin_client.admin_barriers_create(
        primary_usergroup_id=research,
        barriered_from_usergroup_ids=[sales],
        restricted_subjects=["im", "mpim", "call"],
    )["barrier"]
    assert barrier["barriered_from_usergroups"] == [{"id": sales, "name": "Sales"}]
    assert [b["id"] for b in slack_admin_client.admin_barriers_list()["barriers"]] == [
        barrier["id"]
    ]
    researcher = WebClient(
        token=slack_token_for(people[0], ["im:write", "mpim:write"]),
        base_url=slack_credentials["api_url"],
    )
    assert error_of(researcher.conversations_open, users=people[1]) == "cannot_dm_user"
    assert researcher.conversations_open(users=people[2])["ok"]
    assert (
        error_of(
            slack_admin_client.admin_barriers_create,
            primary_usergroup_id=research,
            barriered_from_usergroup_ids=[sales],
            restricted_subjects=["im"],
        )
        == "invalid_restricted_subjects"
    )
    other = slack_user_client.usergroups_create(name="Legal", handle="legal")["usergroup"]["id"]
    updated = slack_admin_client.admin_barriers_update(
        barrier_id=barrier["id"],
        primary_usergroup_id=research,
        barriered_from_usergroup_ids=[other],
        restricted_subjects=["im", "mpim", "call"],
    )["barrier"]
    assert updated["barriered_from_usergroups"][0]["id"] == other
    assert researcher.conversations_open(users=people[1])["ok"]
    slack_admin_client.admin_barriers_delete(barrier_id=barrier["id"])
    assert slack_admin_client.admin_barriers_list()["barriers"] == []
    assert (
        error_of(slack_admin_client.admin_barriers_delete, barrier_id=barrier["id"])
        == "barrier_not_found"
    )


def test_migration_exchange_maps_known_ids(slack_client, slack_credentials):
    me = slack_credentials["admin_user_id"]
    answer = slack_client.migration_exchange(users=[me, "U0LEGACY"])
    assert answer["user_id_map"] == {me: me} and answer["invalid_user_ids"] == ["U0LEGACY"]
    assert answer["team_id"] == slack_credentials["team_id"]


def test_app_approval_restriction_and_admin_uninstall(
    slack_admin_client, universe, slack_credentials
):
    app = httpx.post(
        f"{universe.url}/slack/_apps",
        headers=universe.admin_headers,
        json={"name": "Shadow IT", "redirect_urls": ["http://127.0.0.1:9/back"]},
    ).json()["app"]
    admin = slack_admin_client
    team = slack_credentials["team_id"]
    authorize = f"{universe.url}/slack/oauth/v2/authorize"
    asked = {"client_id": app["client_id"], "scope": "chat:write"}
    assert httpx.get(authorize, params=asked).status_code == 200
    admin.admin_apps_restrict(app_id=app["app_id"], team_id=team)
    refused = httpx.get(authorize, params=asked)
    assert refused.status_code == 400 and "app_restricted" in refused.text
    restricted = admin.admin_apps_restricted_list(team_id=team)["restricted_apps"]
    assert [r["app"]["id"] for r in restricted] == [app["app_id"]]
    assert restricted[0]["last_resolved_by"]["actor_id"] == slack_credentials["admin_user_id"]
    admin.admin_apps_approve(app_id=app["app_id"], team_id=team)
    assert admin.admin_apps_restricted_list(team_id=team)["restricted_apps"] == []
    assert [
        a["app"]["name"] for a in admin.admin_apps_approved_list(team_id=team)["approved_apps"]
    ] == ["Shadow IT"]
    assert httpx.get(authorize, params=asked).status_code == 200
    admin.admin_apps_clearResolution(app_id=app["app_id"], team_id=team)
    assert admin.admin_apps_approved_list(team_id=team)["approved_apps"] == []
    assert error_of(admin.admin_apps_approve, app_id="A0NOPE", team_id=team) == "invalid_app_id"

    bot = WebClient(token=app["bot_token"], base_url=slack_credentials["api_url"])
    assert bot.auth_test()["ok"]
    admin.admin_apps_uninstall(app_id=app["app_id"], team_ids=[team])
    assert error_of(bot.auth_test) == "invalid_auth"
