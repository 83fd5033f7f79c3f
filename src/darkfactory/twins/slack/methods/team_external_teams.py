"""``team.externalTeams.*``: the organizations this one is connected to through Slack Connect.

An organization becomes connected when a shared channel invitation with it is approved;
disconnecting it stops sharing every channel shared with it.
"""

from __future__ import annotations

from darkfactory.twins.slack.api import SlackCall, SlackError, web_method
from darkfactory.twins.slack.pagination import page

MANAGE = "conversations.connect:manage"
STATUSES = ("connected", "disconnected")


@web_method("team.externalTeams.list", scopes=MANAGE)
def list_(call: SlackCall) -> dict:
    call.require_scope("team:read")
    wanted = call.get("connection_status_filter")
    rows = [
        r
        for r in call.state.db.all(
            "SELECT * FROM slack_external_teams WHERE status != 'pending' ORDER BY name"
        )
        if wanted is None or r["status"] == wanted
    ]
    if call.get("sort_direction") == "desc":
        rows.reverse()
    chunk, metadata = page(call, rows)
    organizations = [
        {
            "team_id": r["id"],
            "team_name": r["name"],
            "team_domain": r["domain"],
            "connection_status": r["status"],
            "date_connected": int(r["date_connected"] or 0),
            "connected_workspaces": [{"workspace_id": r["id"], "workspace_name": r["name"]}],
        }
        for r in chunk
    ]
    return {
        "organizations": organizations,
        "total_count": len(rows),
        "response_metadata": metadata,
    }


@web_method("team.externalTeams.disconnect", scopes=MANAGE)
def disconnect(call: SlackCall) -> dict:
    target = call.require("target_team", "missing_argument")
    row = call.state.db.one(
        "SELECT * FROM slack_external_teams WHERE id = ? AND status = 'connected'", (target,)
    )
    if row is None:
        raise SlackError("invalid_target_team")
    call.state.db.execute(
        "UPDATE slack_external_teams SET status = 'disconnected' WHERE id = ?", (target,)
    )
    return {}
