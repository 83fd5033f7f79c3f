"""``admin.analytics.getFile``: a day's member or public-channel analytics as gzipped JSON lines.

The figures are counted from the workspace's own history: messages posted, reactions added and
files shared during the UTC day asked for. A day's file exists once that day has ended; days
before the workspace existed have no file, and days older than Slack's 13 months are gone.
"""

from __future__ import annotations

import gzip
import json
from datetime import UTC, date, datetime
from typing import Any

from starlette.responses import Response

from darkfactory.twins.slack.api import SlackCall, SlackError, web_method
from darkfactory.twins.slack.state import PEOPLE

KEPT_DAYS = 396  # Slack keeps analytics on a rolling 13-month basis
TYPES = ("member", "public_channel")


def _day(call: SlackCall) -> tuple[date, float, float]:
    text = call.require("date", "invalid_date")
    try:
        day = date.fromisoformat(str(text))
    except ValueError:
        raise SlackError("invalid_date") from None
    start = datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()
    end = start + 86400
    now = call.state.now()
    if end > now:
        raise SlackError("file_not_yet_available")
    if start < now - KEPT_DAYS * 86400:
        raise SlackError("data_not_available")
    if end <= call.state.team()["created"]:
        raise SlackError("file_not_found")
    return day, start, end


def _count(call: SlackCall, sql: str, start: float, end: float) -> dict[str, int]:
    return {r[0]: r[1] for r in call.state.db.all(sql, (start, end))}


def _members(call: SlackCall, day: date, start: float, end: float) -> list[dict[str, Any]]:
    posted = _count(
        call,
        "SELECT user_id, COUNT(*) FROM slack_messages WHERE CAST(ts AS REAL) >= ? "
        "AND CAST(ts AS REAL) < ? AND user_id IS NOT NULL GROUP BY user_id",
        start,
        end,
    )
    in_channels = _count(
        call,
        "SELECT m.user_id, COUNT(*) FROM slack_messages m JOIN slack_channels c "
        "ON c.id = m.channel_id WHERE c.kind IN ('public', 'private') "
        "AND CAST(m.ts AS REAL) >= ? AND CAST(m.ts AS REAL) < ? GROUP BY m.user_id",
        start,
        end,
    )
    reacted = _count(
        call,
        "SELECT user_id, COUNT(*) FROM slack_reactions WHERE at >= ? AND at < ? GROUP BY user_id",
        start,
        end,
    )
    files = _count(
        call,
        "SELECT user_id, COUNT(*) FROM slack_files WHERE created >= ? AND created < ? "
        "GROUP BY user_id",
        start,
        end,
    )
    seen = _count(
        call,
        "SELECT user_id, SUM(count) FROM slack_access_logs WHERE date_last >= ? "
        "AND date_first < ? GROUP BY user_id",
        start,
        end,
    )
    team = call.state.team()
    rows = call.state.db.all(f"SELECT * FROM slack_users WHERE {PEOPLE} ORDER BY rowid")
    lines = []
    for row in rows:
        uid = row["id"]
        active = any(uid in counts for counts in (posted, reacted, files, seen))
        lines.append(
            {
                "enterprise_id": team["enterprise_id"] or "",
                "team_id": team["id"],
                "date": day.isoformat(),
                "user_id": uid,
                "email_address": row["email"] or "",
                "is_guest": bool(row["is_restricted"]),
                "is_billable_seat": not row["deleted"],
                "is_active": active,
                "is_active_ios": False,
                "is_active_android": False,
                "is_active_desktop": active,
                "reactions_added_count": reacted.get(uid, 0),
                "messages_posted_count": posted.get(uid, 0),
                "channel_messages_posted_count": in_channels.get(uid, 0),
                "files_added_count": files.get(uid, 0),
                "is_active_apps": False,
                "is_active_workflows": False,
                "is_active_slack_connect": False,
                "total_calls_count": 0,
                "slack_calls_count": 0,
                "slack_huddles_count": 0,
                "search_count": 0,
                "date_claimed": int(row["updated"]),
            }
        )
    return lines


def _public_channels(call: SlackCall, day: date, start: float, end: float) -> list[dict]:
    team = call.state.team()
    rows = call.state.db.all(
        "SELECT c.*, (SELECT COUNT(*) FROM slack_members s WHERE s.channel_id = c.id) AS members,"
        " (SELECT COUNT(*) FROM slack_messages m WHERE m.channel_id = c.id "
        "AND CAST(m.ts AS REAL) >= ? AND CAST(m.ts AS REAL) < ?) AS posted,"
        " (SELECT COUNT(*) FROM slack_reactions r WHERE r.channel_id = c.id AND r.at >= ? "
        "AND r.at < ?) AS reactions,"
        " (SELECT MAX(CAST(m.ts AS REAL)) FROM slack_messages m WHERE m.channel_id = c.id "
        "AND CAST(m.ts AS REAL) < ?) AS last_active "
        "FROM slack_channels c WHERE c.kind = 'public' AND c.created < ? ORDER BY c.created, c.id",
        (start, end, start, end, end, end),
    )
    return [
        {
            "enterprise_id": team["enterprise_id"] or "",
            "originating_team": {"team_id": team["id"], "name": team["name"]},
            "channel_id": r["id"],
            "date_created": int(r["created"]),
            "date_last_active": int(r["last_active"] or r["created"]),
            "total_members_count": r["members"],
            "full_members_count": r["members"],
            "guest_member_count": 0,
            "messages_posted_count": r["posted"],
            "messages_posted_by_members_count": r["posted"],
            "members_who_viewed_count": 0,
            "members_who_posted_count": call.state.db.scalar(
                "SELECT COUNT(DISTINCT user_id) FROM slack_messages WHERE channel_id = ? "
                "AND CAST(ts AS REAL) >= ? AND CAST(ts AS REAL) < ?",
                (r["id"], start, end),
            ),
            "reactions_added_count": r["reactions"],
            "visibility": "public",
            "channel_type": "single_workspace_channel",
            "is_shared_externally": False,
            "shared_with": [],
            "externally_shared_with_organizations": [],
            "date": day.isoformat(),
        }
        for r in rows
    ]


def _metadata(call: SlackCall) -> list[dict[str, Any]]:
    rows = call.state.db.all(
        "SELECT id, name, topic, purpose FROM slack_channels WHERE kind = 'public' ORDER BY id"
    )
    return [
        {
            "channel_id": r["id"],
            "name": r["name"],
            "topic": json.loads(r["topic"]).get("value", ""),
            "description": json.loads(r["purpose"]).get("value", ""),
            "date": (datetime.fromtimestamp(call.state.now(), UTC).date()).isoformat(),
        }
        for r in rows
    ]


def _file(lines: list[dict[str, Any]], name: str) -> Response:
    body = "".join(json.dumps(line) + "\n" for line in lines).encode()
    return Response(
        gzip.compress(body, mtime=0),
        media_type="application/gzip",
        headers={"content-disposition": f'attachment; filename="{name}.json.gz"'},
    )


@web_method("admin.analytics.getFile", scopes="admin.analytics:read")
def get_file(call: SlackCall) -> Response:
    kind = call.require("type", "invalid_type")
    if kind not in TYPES:
        raise SlackError("invalid_type")
    team = call.state.team()["name"]
    if call.flag("metadata_only"):
        if kind != "public_channel":
            raise SlackError("metadata_not_available")
        if call.get("date") is not None:
            raise SlackError("metadata_only_does_not_support_date")
        return _file(_metadata(call), f"{team} Public Channel Metadata")
    day, start, end = _day(call)
    if kind == "member":
        return _file(_members(call, day, start, end), f"{team} Member Analytics {day}")
    return _file(_public_channels(call, day, start, end), f"{team} Public Channel Analytics {day}")
