"""admin.conversations bulk actions, teams, retention and IDP-group allowlists via slack_sdk."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError


def error_of(call, **kwargs) -> str:
    with pytest.raises(SlackApiError) as refused:
        call(**kwargs)
    return refused.value.response["error"]


def channel(admin: WebClient, name: str, private: bool = False) -> str:
    return admin.admin_conversations_create(name=name, is_private=private)["channel_id"]


def test_bulk_archive_delete_and_properties(slack_admin_client, slack_user_client, general):
    admin = slack_admin_client
    one, two = channel(admin, "bulk-one"), channel(admin, "bulk-two")
    archived = admin.admin_conversations_bulkArchive(channel_ids=[one, general, "C0NOPE"])
    assert archived["bulk_action_id"]
    assert archived["not_added"] == [
        {"channel_id": general, "errors": ["cant_archive_general"]},
        {"channel_id": "C0NOPE", "errors": ["channel_not_found"]},
    ]
    assert slack_user_client.conversations_info(channel=one)["channel"]["is_archived"] is True

    admin.admin_conversations_bulkSetProperties(
        channel_ids=[two], property={"exclude_from_slack_ai": True}
    )
    assert (
        error_of(
            admin.admin_conversations_bulkSetProperties,
            channel_ids=[two],
            property={"color": "red"},
        )
        == "invalid_property"
    )

    deleted = admin.admin_conversations_bulkDelete(channel_ids=[one, two])
    assert "not_added" not in deleted
    assert error_of(slack_user_client.conversations_info, channel=two) == "channel_not_found"


def test_bulk_move_and_set_teams_change_a_channels_workspaces(
    slack_admin_client, slack_credentials, general
):
    admin = slack_admin_client
    home = slack_credentials["team_id"]
    other = admin.admin_teams_create(team_domain="branch", team_name="Branch")["team"]
    moved = channel(admin, "moving")
    assert admin.admin_conversations_getTeams(channel_id=moved)["team_ids"] == [home]

    admin.admin_conversations_bulkMove(channel_ids=[moved], target_team_id=other)
    assert admin.admin_conversations_getTeams(channel_id=moved)["team_ids"] == [other]
    found = admin.admin_conversations_search(query="moving", team_ids=[other])["conversations"]
    assert [c["id"] for c in found] == [moved]
    assert admin.admin_conversations_search(query="moving", team_ids=[home])["conversations"] == []
    assert (
        error_of(admin.admin_conversations_bulkMove, channel_ids=[moved], target_team_id="T0NOPE")
        == "team_not_found"
    )

    admin.admin_conversations_setTeams(channel_id=moved, target_team_ids=[home, other])
    assert admin.admin_conversations_getTeams(channel_id=moved)["team_ids"] == [home, other]
    assert (
        error_of(
            admin.admin_conversations_disconnectShared, channel_id=moved, leaving_team_ids=[home]
        )
        == "cannot_kick_home_team"
    )
    admin.admin_conversations_disconnectShared(channel_id=moved, leaving_team_ids=[other])
    assert admin.admin_conversations_getTeams(channel_id=moved)["team_ids"] == [home]
    assert (
        error_of(
            admin.admin_conversations_disconnectShared, channel_id=moved, leaving_team_ids=[other]
        )
        == "no_teams_to_disconnect"
    )
    admin.admin_conversations_setTeams(channel_id=moved, org_channel=True)
    assert set(admin.admin_conversations_getTeams(channel_id=moved)["team_ids"]) == {home, other}
    listed = admin.admin_conversations_ekm_listOriginalConnectedChannelInfo(channel_ids=[moved])
    assert listed["channels"] == []


def test_custom_retention_drops_history_as_the_clock_passes(
    universe, slack_admin_client, slack_user_client, general
):
    admin = slack_admin_client
    kept = channel(admin, "retained")
    slack_user_client.conversations_join(channel=kept)
    old = slack_user_client.chat_postMessage(channel=kept, text="old news")["ts"]
    assert (
        admin.admin_conversations_getCustomRetention(channel_id=kept)["is_policy_enabled"] is False
    )

    admin.admin_conversations_setCustomRetention(channel_id=kept, duration_days=2)
    policy = admin.admin_conversations_getCustomRetention(channel_id=kept)
    assert policy["is_policy_enabled"] is True and policy["duration_days"] == 2
    universe.control("POST", "/clock", json={"advance": 86400})
    fresh = slack_user_client.chat_postMessage(channel=kept, text="fresh")["ts"]
    universe.control("POST", "/clock", json={"advance": 86400 + 60})
    history = [m["ts"] for m in slack_user_client.conversations_history(channel=kept)["messages"]]
    assert old not in history and fresh in history

    admin.admin_conversations_removeCustomRetention(channel_id=kept)
    universe.control("POST", "/clock", json={"advance": 30 * 86400})
    history = [m["ts"] for m in slack_user_client.conversations_history(channel=kept)["messages"]]
    assert fresh in history, "without a policy nothing expires"

    assert (
        error_of(admin.admin_conversations_setCustomRetention, channel_id=kept, duration_days=0)
        == "invalid_duration"
    )
    assert (
        error_of(admin.admin_conversations_setCustomRetention, channel_id=general, duration_days=5)
        == "default_org_wide_channel"
    )
    assert (
        error_of(admin.admin_conversations_getCustomRetention, channel_id="C0NOPE")
        == "channel_not_found"
    )


def test_idp_groups_restrict_a_private_channel(
    slack_admin_client, slack_user_client, slack_client, slack_credentials
):
    admin = slack_admin_client
    people = [
        m["id"]
        for m in slack_client.users_list()["members"]
        if not m["is_bot"] and not m["is_admin"]
    ]
    first = slack_user_client.usergroups_create(name="Finance", handle="finance")["usergroup"]["id"]
    slack_user_client.usergroups_users_update(usergroup=first, users=people[:2])
    second = slack_user_client.usergroups_create(name="Audit", handle="audit")["usergroup"]["id"]
    slack_user_client.usergroups_users_update(usergroup=second, users=people[1:3])
    vault = channel(admin, "vault", private=True)
    admin.admin_conversations_invite(channel_id=vault, user_ids=people[:3])

    admin.admin_conversations_restrictAccess_addGroup(channel_id=vault, group_id=first)
    admin.admin_conversations_restrictAccess_addGroup(channel_id=vault, group_id=second)
    listed = admin.admin_conversations_restrictAccess_listGroups(channel_id=vault)
    assert listed["group_ids"] == [first, second]
    assert (
        error_of(
            admin.admin_conversations_restrictAccess_addGroup, channel_id=vault, group_id=first
        )
        == "group_already_linked_to_channel"
    )
    outsider = people[3]
    with pytest.raises(SlackApiError) as partly:
        admin.admin_conversations_invite(channel_id=vault, user_ids=[outsider, people[0]])
    assert partly.value.response["error"] == "failed_for_some_users"
    assert partly.value.response["failed_user_ids"] == [outsider]
    public = channel(admin, "lobby")
    assert (
        error_of(
            admin.admin_conversations_restrictAccess_addGroup, channel_id=public, group_id=first
        )
        == "channel_is_not_private"
    )
    assert (
        error_of(
            admin.admin_conversations_restrictAccess_addGroup, channel_id=vault, group_id="S0NO"
        )
        == "group_not_found"
    )

    admin.admin_conversations_restrictAccess_removeGroup(
        channel_id=vault, group_id=first, team_id=slack_credentials["team_id"]
    )
    assert admin.admin_conversations_restrictAccess_listGroups(channel_id=vault)["group_ids"] == [
        second
    ]
    search = admin.admin_conversations_search(query="vault")["conversations"][0]
    assert search["member_count"] == 2, "only the member covered by no other group left"


def test_org_conversation_methods_need_admin_scopes_and_role(
    slack_user_client, slack_client, slack_credentials, slack_token_for
):
    assert (
        error_of(slack_user_client.admin_conversations_bulkArchive, channel_ids=["C1"])
        == "missing_scope"
    )
    person = next(
        m for m in slack_client.users_list()["members"] if not m["is_bot"] and not m["is_admin"]
    )
    token = slack_token_for(person["id"], ["admin.conversations:write"])
    client = WebClient(token=token, base_url=slack_credentials["api_url"])
    assert error_of(client.admin_conversations_bulkArchive, channel_ids=["C1"]) == "not_an_admin"


def test_channels_linked_to_salesforce_records(slack_admin_client, slack_user_client):
    admin = slack_admin_client
    record, org = "0019000000DmehKAAR", "00DGC00000024hsuWY"
    made = admin.admin_conversations_createForObjects(object_id=record, salesforce_org_id=org)
    info = slack_user_client.conversations_info(channel=made["channel_id"])["channel"]
    assert info["name"] == "sf-0019000000dmehkaar"
    assert (
        error_of(
            admin.admin_conversations_createForObjects, object_id=record, salesforce_org_id=org
        )
        == "channel_already_exists"
    )
    other = channel(admin, "deals")
    assert (
        error_of(
            admin.admin_conversations_linkObjects,
            channel=other,
            record_id=record,
            salesforce_org_id=org,
        )
        == "channel_already_exists"
    )
    admin.admin_conversations_unlinkObjects(channel=made["channel_id"], new_name="former-deal")
    renamed = slack_user_client.conversations_info(channel=made["channel_id"])["channel"]
    assert renamed["name"] == "former-deal"
    admin.admin_conversations_linkObjects(channel=other, record_id=record, salesforce_org_id=org)
    assert (
        error_of(
            admin.admin_conversations_linkObjects,
            channel=other,
            record_id="short",
            salesforce_org_id=org,
        )
        == "invalid_arguments"
    )
    assert (
        error_of(
            slack_user_client.admin_conversations_createForObjects,
            object_id=record,
            salesforce_org_id=org,
        )
        == "missing_scope"
    )


def test_a_group_reaches_the_channels_of_the_workspaces_it_serves(
    slack_admin_client, slack_user_client
):
    admin = slack_admin_client
    other = admin.admin_teams_create(team_domain="annex", team_name="Annex")["team"]
    group = slack_user_client.usergroups_create(name="Ops", handle="ops")["usergroup"]["id"]
    moved = channel(admin, "annex-ops")
    admin.admin_conversations_bulkMove(channel_ids=[moved], target_team_id=other)
    assert (
        error_of(admin.admin_usergroups_addChannels, usergroup_id=group, channel_ids=[moved])
        == "channel_not_found"
    )
    admin.admin_usergroups_addTeams(usergroup_id=group, team_ids=[other])
    admin.admin_usergroups_addChannels(usergroup_id=group, channel_ids=[moved])
    listed = admin.admin_usergroups_listChannels(usergroup_id=group)["channels"]
    assert [(c["id"], c["team_id"]) for c in listed] == [(moved, other)]
    assert (
        error_of(admin.admin_usergroups_addTeams, usergroup_id=group, team_ids=["T0NOPE"])
        == "invalid_team_ids"
    )
    assert (
        error_of(admin.admin_usergroups_addTeams, usergroup_id="S0NOPE", team_ids=[other])
        == "usergroup_not_found"
    )
    assert (
        error_of(slack_user_client.admin_usergroups_addTeams, usergroup_id=group, team_ids=[other])
        == "missing_scope"
    )
