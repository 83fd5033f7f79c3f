"""``team.*``: the workspace itself, its profile fields, and the admin's logs of it."""

from __future__ import annotations

from darkfactory.twins.slack.api import SlackCall, SlackError, web_method
from darkfactory.twins.slack.pagination import numbered
from darkfactory.twins.slack.state import PEOPLE

MANAGER_FIELD = "Xf04MANAGER"
PROFILE_FIELDS = [
    {"id": "Xf01JOBTITLE", "ordering": 0, "label": "Title", "hint": "What you do", "type": "text"},
    {"id": "Xf02PHONENUM", "ordering": 1, "label": "Phone", "hint": "", "type": "text"},
    {"id": "Xf03PRONOUNS", "ordering": 2, "label": "Pronouns", "hint": "", "type": "text"},
    {"id": MANAGER_FIELD, "ordering": 3, "label": "Manager", "hint": "", "type": "user"},
]


@web_method("team.info", scopes="team:read")
def info(call: SlackCall) -> dict:
    team = call.state.team()
    if call.get("team") not in (None, team["id"]):
        raise SlackError("team_not_found")
    return {
        "team": {
            "id": team["id"],
            "name": team["name"],
            "domain": team["domain"],
            "email_domain": team["email_domain"],
            "url": f"{call.universe.url}/slack/",
            "is_verified": False,
            "icon": {"image_default": True, "image_68": f"{call.universe.url}/ui/static/team.png"},
        }
        | ({"enterprise_id": team["enterprise_id"]} if team["enterprise_id"] else {})
    }


@web_method("team.profile.get", scopes="users.profile:read")
def profile_get(call: SlackCall) -> dict:
    visibility = call.get("visibility", "all")
    if visibility not in ("all", "visible", "hidden"):
        raise SlackError("invalid_visibility")
    fields = [
        {**f, "possible_values": None, "options": None, "is_hidden": False, "section_id": "S01"}
        for f in PROFILE_FIELDS
    ]
    if visibility == "hidden":
        fields = [f for f in fields if f["is_hidden"]]
    return {"profile": {"fields": fields, "sections": [{"id": "S01", "label": "About me"}]}}


@web_method("team.billableInfo", scopes="admin")
def billable_info(call: SlackCall) -> dict:
    sql, params = f"SELECT id, deleted FROM slack_users WHERE {PEOPLE}", []
    if call.get("user"):
        call.state.user(call.get("user"))
        sql, params = sql + " AND id = ?", [call.get("user")]
    rows = call.state.db.all(sql + " ORDER BY rowid", params)
    return {"billable_info": {r["id"]: {"billing_active": not r["deleted"]} for r in rows}}


@web_method("team.accessLogs", scopes="admin")
def access_logs(call: SlackCall) -> dict:
    before = call.integer("before")
    rows = call.state.db.all(
        "SELECT a.*, u.name FROM slack_access_logs a JOIN slack_users u ON u.id = a.user_id "
        "WHERE a.date_first <= ? ORDER BY a.date_last DESC",
        (before if before is not None else call.state.now(),),
    )
    chunk, paging = numbered(call, rows)
    logins = [
        {
            "user_id": r["user_id"],
            "username": r["name"],
            "date_first": int(r["date_first"]),
            "date_last": int(r["date_last"]),
            "count": r["count"],
            "ip": r["ip"],
            "user_agent": r["user_agent"],
            "isp": None,
            "country": None,
            "region": None,
        }
        for r in chunk
    ]
    return {"logins": logins, "paging": paging}


@web_method("team.integrationLogs", scopes="admin")
def integration_logs(call: SlackCall) -> dict:
    sql = (
        "SELECT l.*, u.name AS user_name, a.name AS app_name FROM slack_integration_logs l "
        "JOIN slack_users u ON u.id = l.user_id JOIN slack_apps a ON a.id = l.app_id WHERE 1 = 1"
    )
    params: list = []
    filters = (("app_id", "l.app_id"), ("user", "l.user_id"), ("change_type", "l.change_type"))
    for argument, column in filters:
        if call.get(argument):
            sql += f" AND {column} = ?"
            params.append(call.get(argument))
    rows = call.state.db.all(sql + " ORDER BY l.date DESC, l.id DESC", params)
    chunk, paging = numbered(call, rows)
    logs = [
        {
            "app_id": r["app_id"],
            "app_type": "app",
            "service_name": r["app_name"],
            "user_id": r["user_id"],
            "user_name": r["user_name"],
            "date": str(int(r["date"])),
            "change_type": r["change_type"],
            "scope": r["scope"],
            **({"reason": r["reason"]} if r["reason"] else {}),
        }
        for r in chunk
    ]
    return {"logs": logs, "paging": paging}


@web_method("team.billing.info", scopes="team.billing:read")
def billing_info(call: SlackCall) -> dict:
    """The workspace's plan: the twin serves Enterprise Grid features, so it is on that plan."""
    return {"plan": "enterprise"}


# A new workspace's preferences as Slack sets them; ``allow_message_deletion`` is no longer
# returned (Slack stopped returning it in August 2025).
PREFERENCES = {
    "msg_edit_window_mins": -1,
    "display_real_names": False,
    "disable_file_uploads": "allow_all",
    "who_can_post_general": "everyone",
}


@web_method("team.preferences.list", scopes="team.preferences:read")
def preferences_list(call: SlackCall) -> dict:
    return dict(PREFERENCES)
