"""The Audit Logs API through slack_sdk's AuditLogsClient: events from the twin's own calls."""

from __future__ import annotations

from slack_sdk.audit_logs import AuditLogsClient
from tests.twins.slack.signing_in import install, sign_in, sign_in_app


def audit(universe, token: str) -> AuditLogsClient:
    return AuditLogsClient(token=token, base_url=f"{universe.url}/slack/audit/v1/")


def person(slack_client) -> dict:
    return next(
        m for m in slack_client.users_list()["members"] if not m["is_bot"] and not m["is_admin"]
    )


def test_schemas_and_actions_need_no_token(universe):
    client = audit(universe, "")
    schemas = client.schemas()
    assert schemas.status_code == 200
    assert {"workspace", "user", "channel", "app"} <= {s["type"] for s in schemas.body["schemas"]}
    actions = client.actions().body["actions"]
    assert "user_login" in actions["user"] and "public_channel_created" in actions["channel"]


def test_logs_record_what_happened(universe, slack_admin_client, slack_client, slack_credentials):
    someone = person(slack_client)
    signed = sign_in(universe, sign_in_app(universe), someone["id"])
    assert signed["access_token"].startswith("xoxp-")
    created = slack_admin_client.admin_conversations_create(name="audited", is_private=False)
    channel = created["channel_id"]
    slack_admin_client.admin_conversations_archive(channel_id=channel)
    slack_admin_client.admin_users_setAdmin(
        team_id=slack_credentials["team_id"], user_id=someone["id"]
    )

    client = audit(universe, slack_credentials["admin_token"])
    entries = client.logs().body["entries"]
    assert [e["action"] for e in entries] == [
        "role_change_to_admin",
        "public_channel_archive",
        "public_channel_created",
        "user_login",
    ]
    typed = client.logs().typed_body
    assert [e.action for e in typed.entries] == [e["action"] for e in entries]
    assert typed.entries[-1].actor.user.id == someone["id"]
    assert typed.entries[1].entity.channel.privacy == "public"
    login = entries[-1]
    assert login["actor"]["user"]["id"] == someone["id"]
    assert login["entity"] == {
        "type": "user",
        "user": {
            "id": someone["id"],
            "name": someone["real_name"],
            "email": someone["profile"]["email"],
        },
    }
    assert login["context"]["location"]["id"] == slack_credentials["team_id"]
    made = entries[2]
    assert made["actor"]["user"]["id"] == slack_credentials["admin_user_id"]
    assert made["entity"]["channel"] == {
        "id": channel,
        "name": "audited",
        "privacy": "public",
        "is_shared": False,
        "is_org_shared": False,
    }

    by_entity = client.logs(entity=channel).body["entries"]
    assert [e["action"] for e in by_entity] == ["public_channel_archive", "public_channel_created"]
    assert [e["action"] for e in client.logs(action="user_login").body["entries"]] == ["user_login"]
    assert {e["action"] for e in client.logs(actor=someone["id"]).body["entries"]} == {"user_login"}
    newest = entries[0]["date_create"]
    assert client.logs(oldest=newest + 1).body["entries"] == []
    assert len(client.logs(latest=newest, oldest=newest - 3600).body["entries"]) == 4

    first = client.logs(limit=3).body
    assert len(first["entries"]) == 3
    rest = client.logs(limit=3, cursor=first["response_metadata"]["next_cursor"]).body
    assert [e["action"] for e in rest["entries"]] == ["user_login"]
    assert rest["response_metadata"]["next_cursor"] == ""
    bad = client.logs(cursor="not-a-cursor")
    assert bad.status_code == 400 and bad.body["error"] == "invalid_cursor"
    not_a_number = client.logs(additional_query_params={"oldest": "yesterday"})
    assert not_a_number.status_code == 400
    assert not_a_number.body == {"ok": False, "error": "invalid_arguments"}


def test_bulk_archives_and_installs_are_recorded(
    universe, slack_admin_client, slack_credentials, general
):
    admin = slack_admin_client
    one = admin.admin_conversations_create(name="old-one", is_private=True)["channel_id"]
    admin.admin_conversations_bulkArchive(channel_ids=[one, general])
    client = audit(universe, slack_credentials["admin_token"])
    archived = client.logs(action="private_channel_archive,public_channel_archive").body
    assert [e["entity"]["channel"]["id"] for e in archived["entries"]] == [one], (
        "the refused #general is not recorded"
    )
    app = sign_in_app(universe)
    install(universe, app, slack_credentials["admin_user_id"])
    installed = client.logs(action="app_installed").body["entries"]
    assert [(e["actor"]["user"]["id"], e["entity"]["app"]["id"]) for e in installed] == [
        (slack_credentials["admin_user_id"], app["app_id"])
    ]


def test_logs_refuse_all_but_an_org_owner_with_the_scope(
    universe, slack_client, slack_credentials, slack_token_for, slack_admin_client
):
    anonymous = audit(universe, "").logs()
    assert anonymous.status_code == 401 and anonymous.body == {"ok": False, "error": "not_authed"}
    assert audit(universe, "xoxp-nope").logs().body["error"] == "invalid_auth"

    no_scope = audit(universe, slack_credentials["user_token"]).logs()
    assert no_scope.status_code == 403 and no_scope.body["error"] == "missing_scope"

    admin = person(slack_client)
    slack_admin_client.admin_users_setAdmin(
        team_id=slack_credentials["team_id"], user_id=admin["id"]
    )
    not_owner = audit(universe, slack_token_for(admin["id"], ["auditlogs:read"])).logs()
    assert not_owner.status_code == 403 and not_owner.body["error"] == "not_an_owner"

    bot = audit(universe, slack_credentials["bot_token"]).logs()
    assert bot.status_code == 403 and bot.body["error"] == "not_allowed_token_type"
    assert audit(universe, slack_credentials["admin_token"]).logs().status_code == 200
