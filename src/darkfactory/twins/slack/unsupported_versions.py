"""Members on Slack clients past their end of support, as ``admin.users.unsupportedVersions.export``
finds them and Slackbot delivers them: a zipped CSV in a direct message to the admin who asked.

A session is a person's use of the API from one client (``team.accessLogs``'s rows); its client
and version are read from the ``User-Agent`` the client sent. ``SCHEDULE`` is the workspace's list
of announced end-of-support cycles, kept as Slack keeps its own: twice a year, each ending on the
first business day of March or September. Slack does not publish the export's columns; the
twin's are one row per person, client and version.
"""

from __future__ import annotations

import csv
import io
import re
import sqlite3
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime

from darkfactory.twins.kit.ids import MIXED_ALNUM
from darkfactory.twins.slack.state import SLACKBOT, SlackState

SIX_MONTHS = 182 * 24 * 3600  # sessions started since then, unless the admin says otherwise
COLUMNS = ("user_id", "username", "email", "client", "version", "end_of_support", "last_active")


@dataclass(frozen=True)
class Cycle:
    """Versions of one client below ``minimum`` are unsupported from ``ends`` on."""

    client: str
    agent: re.Pattern[str]  # finds the client's version in a User-Agent
    minimum: tuple[int, ...]
    ends: float


def _day(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp()


DESKTOP = re.compile(r"\bSlack(?:_SSB)?/(\d+(?:\.\d+)*)")
IOS = re.compile(r"\bcom\.tinyspeck\.chatlyio/(\d+(?:\.\d+)*)")
ANDROID = re.compile(r"\bcom\.Slack/(\d+(?:\.\d+)*)")
SCHEDULE = (
    Cycle("Slack for Desktop", DESKTOP, (4, 33), _day("2024-09-03")),
    Cycle("Slack for Desktop", DESKTOP, (4, 36), _day("2025-03-03")),
    Cycle("Slack for iOS", IOS, (23, 10), _day("2025-03-03")),
    Cycle("Slack for Android", ANDROID, (23, 10), _day("2025-09-01")),
)


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def _past_support(agent: str, cycles: list[Cycle]) -> tuple[Cycle, str] | None:
    """The earliest cycle that left the client in ``agent`` unsupported, and its version."""
    failed = []
    for cycle in cycles:
        found = cycle.agent.search(agent)
        if found and _version(found.group(1)) < cycle.minimum:
            failed.append((cycle.ends, cycle, found.group(1)))
    return min(failed, key=lambda f: f[0])[1:] if failed else None


def unsupported(state: SlackState, sessions_since: float, support_until: float | None) -> list:
    """CSV rows, one per member, client and version: sessions last active since
    ``sessions_since`` on a client past a cycle ending by ``support_until`` (any, if None)."""
    cycles = [c for c in SCHEDULE if support_until is None or c.ends <= support_until]
    sessions = state.db.all(
        "SELECT a.user_agent, MAX(a.date_last) AS last, u.id, u.name, u.email "
        "FROM slack_access_logs a JOIN slack_users u ON u.id = a.user_id "
        "WHERE a.date_last >= ? AND u.deleted = 0 AND u.is_bot = 0 AND u.id != ? "
        "GROUP BY a.user_id, a.user_agent ORDER BY u.rowid, a.user_agent",
        (sessions_since, SLACKBOT),
    )
    rows: dict[tuple[str, str, str], list] = {}
    for session in sessions:
        past = _past_support(session["user_agent"], cycles)
        if past is None:
            continue
        cycle, version = past
        key = (session["id"], cycle.client, version)
        last = _iso(session["last"])
        if key in rows:
            rows[key][-1] = max(rows[key][-1], last)
            continue
        person = (session["id"], session["name"], session["email"] or "")
        rows[key] = [*person, cycle.client, version, _iso(cycle.ends), last]
    return list(rows.values())


def _iso(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%d")


def zipped_csv(name: str, rows: list) -> bytes:
    """A zip holding ``name``, a CSV of ``COLUMNS`` and ``rows``."""
    table = io.StringIO()
    writer = csv.writer(table)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, table.getvalue())
    return packed.getvalue()


def store(state: SlackState, admin: str, name: str, content: bytes) -> tuple[str, str]:
    """Slackbot's file ``name``, shared in its direct message with ``admin``: (file id, DM)."""
    dm = state.direct_message(SLACKBOT, admin)
    file_id = state.new_id("F")
    state.db.insert(
        "slack_files",
        {
            "id": file_id,
            "name": name,
            "title": name,
            "length": len(content),
            "user_id": SLACKBOT,
            "created": state.now(),
            "upload_key": state.universe.ids.token("slack.upload-key", 40, MIXED_ALNUM),
            "content": sqlite3.Binary(content),
            "completed": 1,
            "channels": f'["{dm}"]',
        },
    )
    return file_id, dm


def export_name(state: SlackState) -> str:
    return f"unsupported_versions_{_iso(state.now())}"
