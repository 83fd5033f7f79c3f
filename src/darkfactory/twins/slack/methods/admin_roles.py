"""``admin.roles.*``: scoped admin roles (channel managers and the like) given to people."""

from __future__ import annotations

from darkfactory.twins.slack.api import SlackCall, SlackError, web_method
from darkfactory.twins.slack.pagination import page

# Slack's system roles with a scope: the entity each one is given over.
ROLES = {
    "Rl0A": "channel",  # Channel Manager
    "Rl0K": "team",  # Users Admin
    "Rl0L": "team",  # Channels Admin
    "Rl0M": "team",  # Roles Admin
}


def _role(call: SlackCall) -> str:
    role = call.require("role_id", "role_not_found")
    if role not in ROLES:
        raise SlackError("role_not_found")
    return role


def _entity_problem(call: SlackCall, role: str, entity: str) -> str | None:
    if ROLES[role] == "channel":
        row = call.state.db.one("SELECT kind FROM slack_channels WHERE id = ?", (entity,))
        return None if row and row["kind"] in ("public", "private") else "channel_not_found"
    found = call.state.db.one("SELECT 1 FROM slack_teams WHERE id = ?", (entity,))
    return None if found else "team_not_found"


def _user_problem(call: SlackCall, user_id: str) -> str | None:
    row = call.state.db.one("SELECT deleted, is_bot FROM slack_users WHERE id = ?", (user_id,))
    if row is None:
        return "user_not_found"
    return (
        "user_is_deactivated" if row["deleted"] else ("bot_not_allowed" if row["is_bot"] else None)
    )


def _change(call: SlackCall, adding: bool) -> dict:
    role = _role(call)
    entities, users = call.listing("entity_ids"), call.listing("user_ids")
    if not entities or not users:
        raise SlackError("invalid_arguments")
    bad_entities = [
        {"id": e, "error": p} for e in entities if (p := _entity_problem(call, role, e))
    ]
    bad_users = [{"id": u, "error": p} for u in users if (p := _user_problem(call, u))]
    skipped = {r["id"] for r in bad_entities + bad_users}
    for entity in (e for e in entities if e not in skipped):
        for user_id in (u for u in users if u not in skipped):
            if adding:
                call.state.db.execute(
                    "INSERT OR IGNORE INTO slack_role_assignments(role_id, entity_id, user_id, "
                    "date_create) VALUES (?, ?, ?, ?)",
                    (role, entity, user_id, call.state.now()),
                )
            else:
                call.state.db.execute(
                    "DELETE FROM slack_role_assignments WHERE role_id = ? AND entity_id = ? "
                    "AND user_id = ?",
                    (role, entity, user_id),
                )
    return {"rejected_users": bad_users, "rejected_entities": bad_entities}


@web_method("admin.roles.addAssignments", scopes="admin.roles:write")
def add_assignments(call: SlackCall) -> dict:
    return _change(call, adding=True)


@web_method("admin.roles.removeAssignments", scopes="admin.roles:write")
def remove_assignments(call: SlackCall) -> dict:
    return _change(call, adding=False)


@web_method("admin.roles.listAssignments", scopes="admin.roles:read")
def list_assignments(call: SlackCall) -> dict:
    sql, params = "SELECT * FROM slack_role_assignments WHERE 1 = 1", []
    for argument, column in (("role_ids", "role_id"), ("entity_ids", "entity_id")):
        wanted = call.listing(argument)
        if wanted:
            sql += f" AND {column} IN ({','.join('?' * len(wanted))})"
            params += wanted
    order = "ASC" if str(call.get("sort_dir", "desc")).lower() == "asc" else "DESC"
    rows = call.state.db.all(sql + f" ORDER BY date_create {order}, rowid {order}", params)
    chunk, meta = page(call, rows, default_limit=100, max_limit=200)
    assignments = [
        {
            "role_id": r["role_id"],
            "entity_id": r["entity_id"],
            "user_id": r["user_id"],
            "date_create": int(r["date_create"]),
        }
        for r in chunk
    ]
    return {"role_assignments": assignments, "response_metadata": meta}
