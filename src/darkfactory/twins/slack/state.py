"""Slack's resources and rules, with no HTTP: workspace, users, conversations, messages."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from darkfactory.twins.kit.state import TwinState
from darkfactory.twins.kit.stored_json import dumps, loads
from darkfactory.twins.slack import message_objects
from darkfactory.twins.slack.api import SlackError

if TYPE_CHECKING:
    pass

SLACKBOT = "USLACKBOT"  # every workspace's system user, who posts Slack's own notices
PEOPLE = f"is_bot = 0 AND id != '{SLACKBOT}'"  # accounts people sign in to: no bots, no Slackbot
CHANNEL_NAME = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,79}$")
BOT_SCOPES = (
    "app_mentions:read",
    "assistant:write",
    "bookmarks:read",
    "bookmarks:write",
    "bots:read",
    "channels:history",
    "channels:join",
    "channels:manage",
    "channels:read",
    "channels:write.invites",
    "channels:write.topic",
    "chat:write",
    "chat:write.public",
    "chat:write.customize",
    "emoji:read",
    "groups:history",
    "groups:read",
    "groups:write",
    "groups:write.invites",
    "groups:write.topic",
    "im:history",
    "im:read",
    "im:write",
    "mpim:history",
    "mpim:read",
    "mpim:write",
    "pins:read",
    "pins:write",
    "reactions:read",
    "reactions:write",
    "team:read",
    "users:read",
    "users:read.email",
    "users.profile:read",
    "users:write",
    "files:read",
    "files:write",
    "usergroups:read",
    "usergroups:write",
    "links:write",
    "calls:read",
    "calls:write",
    "canvases:read",
    "canvases:write",
    "lists:read",
    "lists:write",
    "remote_files:read",
    "remote_files:write",
    "remote_files:share",
    "tokens.basic",
    "team.billing:read",
    "team.preferences:read",
)
USER_SCOPES = (
    *BOT_SCOPES,
    "channels:write",
    "users.profile:write",
    "identify",
    "stars:read",
    "stars:write",
    "search:read",
    "dnd:read",
    "dnd:write",
    "reminders:read",
    "reminders:write",
)
ADMIN_SCOPES = (
    "admin.users:read",
    "admin.users:write",
    "admin.conversations:read",
    "admin.conversations:write",
    "admin.teams:read",
    "admin.teams:write",
    "admin.usergroups:read",
    "admin.usergroups:write",
    "admin.invites:read",
    "admin.invites:write",
    "admin.barriers:read",
    "admin.barriers:write",
    "admin.roles:read",
    "admin.roles:write",
    "admin.apps:read",
    "admin.apps:write",
    "admin.analytics:read",
    "admin.app_activities:read",
    "admin.conversations:manage_objects",
    "admin.workflows:read",
    "admin.workflows:write",
    "auditlogs:read",
)
HISTORY_SCOPE = {
    "public": "channels:history",
    "private": "groups:history",
    "im": "im:history",
    "mpim": "mpim:history",
}
READ_SCOPE = {
    "public": "channels:read",
    "private": "groups:read",
    "im": "im:read",
    "mpim": "mpim:read",
}
MANAGE_SCOPE = {
    "public": "channels:manage",
    "private": "groups:write",
    "im": "im:write",
    "mpim": "mpim:write",
}


def avatar_hash(user_id: str, image: str | None) -> str:
    """The twelve hex digits Slack names a person's current picture by."""
    return hashlib.sha1(f"{user_id}:{image or ''}".encode()).hexdigest()[:12]


# Tables whose every change forgets what ``kept`` holds: read on every call, rarely written.
WATCHED = (
    "slack_teams",
    "slack_users",
    "slack_guest_expirations",
    "slack_bots",
    "slack_apps",
    "slack_channel_prefs",
    "slack_scheduled",
    "slack_retention",
)


class SlackState(TwinState):
    """Queries and rules shared by the Web API methods and the UI."""

    def __init__(self, universe) -> None:
        super().__init__(universe)
        self._kept: dict[str, Any] = {}  # name -> what was read
        for table in WATCHED:
            universe.store.watch(table, self._kept.clear)

    def kept(self, name: str, read: Callable[[], Any]) -> Any:
        """``read()``, read once and kept until a row of a ``WATCHED`` table changes or the
        database changes underneath the store: for what every call looks at and few calls
        change. A thread reading a snapshot reads it instead."""
        if self.db.in_snapshot:
            return read()
        try:
            return self._kept[name]
        except KeyError:
            value = self._kept[name] = read()
            return value

    def kept_query(self, name: str, sql: str, params: tuple, fetch: str = "one") -> Any:
        """``kept`` for one query's row (``fetch="one"``), rows (``"all"``) or value
        (``"scalar"``)."""
        return self.kept(name, lambda: getattr(self.db, fetch)(sql, params))

    # -- ids and timestamps -----------------------------------------------------------------------
    def new_id(self, prefix: str, length: int = 10) -> str:
        return self.universe.ids.token(f"slack.{prefix}", length, prefix=prefix)

    def new_ts(self) -> str:
        """A message timestamp: the clock in microseconds, strictly increasing."""
        micros = int(self.now() * 1_000_000)
        last = int(self.db.setting("slack.last_ts", 0))
        micros = max(micros, last + 1)
        self.db.set_setting("slack.last_ts", micros)
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    # -- team -------------------------------------------------------------------------------------
    def team(self) -> sqlite3.Row:
        return self.db.one("SELECT * FROM slack_teams ORDER BY created LIMIT 1")

    def team_id(self) -> str:
        """The workspace's id (the first team's)."""
        return self.kept("team_id", lambda: self.team()["id"])

    def log_integration(
        self, app_id: str, user_id: str, change: str, scopes=(), reason: str | None = None
    ) -> None:
        """Record an app being added or removed, for ``team.integrationLogs``."""
        self.db.insert(
            "slack_integration_logs",
            {
                "app_id": app_id,
                "user_id": user_id,
                "change_type": change,
                "scope": ",".join(scopes),
                "date": self.now(),
                "reason": reason,
            },
        )

    def record_access(self, user_id: str, ip: str, user_agent: str) -> None:
        """Count a person's API use from one address and client, for ``team.accessLogs``."""
        now = self.now()
        self.db.execute(
            "INSERT INTO slack_access_logs(user_id, ip, user_agent, date_first, date_last, count) "
            "VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT(user_id, ip, user_agent) DO UPDATE SET "
            "date_last = excluded.date_last, count = count + 1",
            (user_id, ip, user_agent, now, now),
        )

    # -- users ------------------------------------------------------------------------------------
    def user(self, user_id: str | None, error: str = "user_not_found") -> sqlite3.Row:
        row = self.db.one("SELECT * FROM slack_users WHERE id = ?", (user_id,)) if user_id else None
        if row is None:
            raise SlackError(error)
        return row

    def is_org_admin(self, user_id: str) -> bool:
        """An admin or owner of the org, who alone may call ``admin.*`` methods."""
        return bool(
            self.db.scalar(
                "SELECT is_admin OR is_owner FROM slack_users WHERE id = ? AND deleted = 0",
                (user_id,),
            )
        )

    def user_is_deactivated(self, user_id: str) -> bool:
        """Deactivated, or a guest whose account has expired."""
        row = self.kept_query(
            f"deactivation:{user_id}",
            "SELECT u.deleted, g.expiration_ts FROM slack_users u LEFT JOIN "
            "slack_guest_expirations g ON g.user_id = u.id WHERE u.id = ?",
            (user_id,),
        )
        if row is None:
            return False
        if row["deleted"]:
            return True
        expires = row["expiration_ts"]
        return expires is not None and expires <= self.now()

    def create_user(self, name: str, real_name: str, email: str | None, **fields: Any) -> str:
        user_id = fields.pop("id", None) or self.new_id("U")
        team = self.team()
        profile = {
            "real_name": real_name,
            "display_name": fields.pop("display_name", ""),
            "email": email,
            "title": fields.pop("title", ""),
            "phone": "",
            "status_text": "",
            "status_emoji": "",
            "first_name": real_name.split(" ")[0],
            "last_name": " ".join(real_name.split(" ")[1:]),
            **fields.pop("profile", {}),
        }
        columns = {
            "id": user_id,
            "team_id": team["id"],
            "name": name,
            "real_name": real_name,
            "email": email,
            "profile": json.dumps(profile),
            "updated": self.now(),
            **fields,
        }
        self.db.insert("slack_users", columns)
        return user_id

    def user_object(self, row: sqlite3.Row, with_email: bool = True) -> dict[str, Any]:
        profile = loads(row["profile"], {})
        profile.setdefault("real_name_normalized", profile.get("real_name", ""))
        profile.setdefault("display_name_normalized", profile.get("display_name", ""))
        profile.setdefault("skype", "")
        profile["avatar_hash"] = avatar_hash(row["id"], profile.get("image_original"))
        profile["team"] = row["team_id"]
        for size in (24, 32, 48, 72, 192, 512):
            profile.setdefault(
                f"image_{size}", f"{self.universe.url}/slack/avatars/{row['id']}.png"
            )
        if not with_email or not row["email"]:
            profile.pop("email", None)
        user = {
            "id": row["id"],
            "team_id": row["team_id"],
            "name": row["name"],
            "deleted": bool(row["deleted"]),
            "color": row["color"],
            "real_name": row["real_name"],
            "tz": row["tz"],
            "tz_label": "Pacific Standard Time",
            "tz_offset": -28800,
            "profile": profile,
            "is_admin": bool(row["is_admin"]),
            "is_owner": bool(row["is_owner"]),
            "is_primary_owner": bool(row["is_primary_owner"]),
            "is_restricted": bool(row["is_restricted"]),
            "is_ultra_restricted": False,
            "is_bot": bool(row["is_bot"]),
            "is_app_user": False,
            "updated": int(row["updated"]),
            "is_email_confirmed": bool(row["email"]),
        }
        if row["is_bot"]:
            profile["bot_id"] = row["bot_id"]
        return user

    # -- conversations ----------------------------------------------------------------------------
    def channel(self, channel_id: str | None, error: str = "channel_not_found") -> sqlite3.Row:
        row = (
            self.db.one("SELECT * FROM slack_channels WHERE id = ?", (channel_id,))
            if channel_id
            else None
        )
        if row is None:
            raise SlackError(error)
        return row

    def is_member(self, channel_id: str, user_id: str) -> bool:
        return (
            self.db.one(
                "SELECT 1 FROM slack_members WHERE channel_id = ? AND user_id = ?",
                (channel_id, user_id),
            )
            is not None
        )

    def visible_channel(
        self, channel_id: str | None, user_id: str, with_marks: bool = False
    ) -> sqlite3.Row:
        """A conversation the user may see: public ones, or private ones they belong to. Its
        row also says in ``member`` whether the user belongs to it, and with ``with_marks`` in
        ``pin_count`` how many of its messages are pinned and in ``reacted`` whether any of them
        has a reaction."""
        marks = (
            ", (SELECT COUNT(*) FROM slack_pins p WHERE p.channel_id = c.id) AS pin_count, "
            "EXISTS (SELECT 1 FROM slack_reactions r WHERE r.channel_id = c.id) AS reacted"
        )
        row = (
            self.db.one(
                "SELECT c.*, EXISTS (SELECT 1 FROM slack_members m WHERE m.channel_id = c.id "
                f"AND m.user_id = ?) AS member{marks if with_marks else ''} "
                "FROM slack_channels c WHERE c.id = ?",
                (user_id, channel_id),
            )
            if channel_id
            else None
        )
        if row is None or (row["kind"] != "public" and not row["member"]):
            raise SlackError("channel_not_found")
        return row

    def members(self, channel_id: str) -> list[str]:
        rows = self.db.all(
            "SELECT user_id FROM slack_members WHERE channel_id = ? ORDER BY joined, user_id",
            (channel_id,),
        )
        return [r["user_id"] for r in rows]

    def add_member(self, channel_id: str, user_id: str) -> bool:
        cur = self.db.execute(
            "INSERT OR IGNORE INTO slack_members(channel_id, user_id, joined) VALUES (?, ?, ?)",
            (channel_id, user_id, self.now()),
        )
        return cur.rowcount > 0

    def remove_member(self, channel_id: str, user_id: str) -> bool:
        cur = self.db.execute(
            "DELETE FROM slack_members WHERE channel_id = ? AND user_id = ?", (channel_id, user_id)
        )
        return cur.rowcount > 0

    def create_channel(self, name: str | None, kind: str, creator: str, **fields: Any) -> str:
        prefix = "D" if kind == "im" else ("G" if kind == "mpim" else "C")
        channel_id = self.new_id(prefix)
        now = self.now()
        empty = json.dumps({"value": "", "creator": "", "last_set": 0})
        columns = {
            "id": channel_id,
            "name": name,
            "kind": kind,
            "creator": creator,
            "created": now,
            "updated": now,
            "topic": empty,
            "purpose": empty,
            **fields,
        }
        self.db.insert("slack_channels", columns)
        return channel_id

    def direct_message(self, opener: str, other: str) -> str:
        """The DM between two people, opened by ``opener`` if they have none yet."""
        people = sorted({opener, other})
        for row in self.db.all("SELECT id FROM slack_channels WHERE kind = 'im'"):
            if sorted(self.members(row["id"])) == people:
                return row["id"]
        channel_id = self.create_channel(None, "im", opener, im_user=other)
        for person in people:
            self.add_member(channel_id, person)
        return channel_id

    def channel_object(self, row: sqlite3.Row, user_id: str | None = None) -> dict[str, Any]:
        kind = row["kind"]
        base: dict[str, Any] = {
            "id": row["id"],
            "created": int(row["created"]),
            "is_archived": bool(row["is_archived"]),
            "is_im": kind == "im",
            "is_org_shared": False,
            "context_team_id": self.team_id(),
            "updated": int(row["updated"] * 1000),
        }
        if kind in ("im", "mpim") and user_id is not None:
            base["is_open"] = not self.db.one(
                "SELECT 1 FROM slack_closed WHERE channel_id = ? AND user_id = ?",
                (row["id"], user_id),
            )
        if kind == "im":
            base.update({"user": row["im_user"], "is_user_deleted": False, "priority": 0})
            if user_id and user_id == row["im_user"]:
                base["user"] = row["creator"]
            return base
        member_count = self.db.scalar(
            "SELECT COUNT(*) FROM slack_members WHERE channel_id = ?", (row["id"],)
        )
        connected, pending = self.external_teams_of(row["id"])
        base.update(
            {
                "name": row["name"],
                "name_normalized": row["name"],
                "is_channel": kind == "public",
                "is_group": kind == "private",
                "is_mpim": kind == "mpim",
                "is_private": kind != "public",
                "is_general": bool(row["is_general"]),
                "is_shared": bool(connected),
                "is_ext_shared": bool(connected),
                "is_pending_ext_shared": bool(pending),
                "unlinked": 0,
                "creator": row["creator"],
                "topic": loads(row["topic"]),
                "purpose": loads(row["purpose"]),
                "previous_names": [],
                "num_members": member_count,
                "parent_conversation": None,
                "shared_team_ids": [self.team_id(), *connected],
                "pending_shared": pending,
                "pending_connected_team_ids": pending,
            }
        )
        if user_id is not None:
            base["is_member"] = self.is_member(row["id"], user_id)
        return base

    def external_teams_of(self, channel_id: str) -> tuple[list[str], list[str]]:
        """The external organizations a channel is shared with through Slack Connect, and those
        whose invitation awaits approval."""
        rows = self.db.all(
            "SELECT i.team_id, i.status FROM slack_connect_invites i JOIN slack_external_teams t "
            "ON t.id = i.team_id WHERE i.channel_id = ? AND t.status != 'disconnected' "
            "AND i.status IN ('accepted', 'approved') ORDER BY i.created",
            (channel_id,),
        )
        connected = list(dict.fromkeys(r["team_id"] for r in rows if r["status"] == "approved"))
        pending = [
            t
            for t in dict.fromkeys(r["team_id"] for r in rows if r["status"] == "accepted")
            if t not in connected
        ]
        return connected, pending

    # -- messages ---------------------------------------------------------------------------------
    def message(self, channel_id: str, ts: str | None, error: str = "message_not_found"):
        row = (
            self.db.one(
                "SELECT * FROM slack_messages WHERE channel_id = ? AND ts = ?", (channel_id, ts)
            )
            if ts
            else None
        )
        if row is None:
            raise SlackError(error)
        return row

    def message_object(self, row: sqlite3.Row, with_replies: bool = True) -> dict[str, Any]:
        return message_objects.render(self, [row], with_replies)[0]

    def post(
        self,
        channel_id: str,
        user_id: str | None,
        text: str,
        *,
        bot_id: str | None = None,
        thread_ts: str | None = None,
        subtype: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> str:
        ts = self.new_ts()
        self.db.execute(
            "INSERT INTO slack_messages(channel_id, ts, thread_ts, user_id, bot_id, subtype, text,"
            " extra) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (channel_id, ts, thread_ts, user_id, bot_id, subtype, text, dumps(extra or {})),
        )
        if thread_ts:
            self.db.execute(
                "UPDATE slack_messages SET thread_ts = ? WHERE channel_id = ? AND ts = ?",
                (thread_ts, channel_id, thread_ts),
            )
        return ts

    def delete_message(self, channel_id: str, ts: str) -> None:
        """Remove a message with its reactions and pins."""
        for table in ("slack_messages", "slack_reactions", "slack_pins"):
            self.db.execute(
                f"DELETE FROM {table} WHERE channel_id = ? AND ts = ?", (channel_id, ts)
            )

    def bot_for_user(self, user_id: str) -> sqlite3.Row | None:
        return self.kept_query(
            f"bot:{user_id}", "SELECT * FROM slack_bots WHERE user_id = ?", (user_id,)
        )

    def deliver_scheduled(self) -> int:
        """Post scheduled messages whose time has come; returns how many were posted. Until the
        first of them is due nothing is read."""
        first = self.kept(
            "next_scheduled", lambda: self.db.scalar("SELECT min(post_at) FROM slack_scheduled")
        )
        if first is None or first > self.now():
            return 0
        due = self.db.all(
            "SELECT * FROM slack_scheduled WHERE post_at <= ? ORDER BY post_at, id", (self.now(),)
        )
        for row in due:
            extra = loads(row["extra"], {})
            thread_ts = extra.pop("thread_ts", None)
            self.post(
                row["channel_id"], row["user_id"], row["text"], thread_ts=thread_ts, extra=extra
            )
            self.db.execute("DELETE FROM slack_scheduled WHERE id = ?", (row["id"],))
        return len(due)
