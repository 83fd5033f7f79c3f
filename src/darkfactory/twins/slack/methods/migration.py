"""``migration.exchange``: legacy user ids to current ones (a workspace that never migrated maps
every known id to itself)."""

from __future__ import annotations

from darkfactory.twins.slack.api import SlackCall, SlackError, web_method

MAX_USERS = 400


@web_method("migration.exchange", scopes="tokens.basic")
def exchange(call: SlackCall) -> dict:
    users = call.listing("users")
    if not users:
        raise SlackError("invalid_arguments")
    if len(users) > MAX_USERS:
        raise SlackError("too_many_users")
    known = {
        r["id"]
        for r in call.state.db.all(
            f"SELECT id FROM slack_users WHERE id IN ({','.join('?' * len(users))})", users
        )
    }
    team = call.state.team()
    return {
        "team_id": team["id"],
        "enterprise_id": team["enterprise_id"] or "",
        "user_id_map": {u: u for u in users if u in known},
        "invalid_user_ids": [u for u in users if u not in known],
    }
