"""The Slack-like web client at ``/ui/slack/``: channels, DMs, threads, posting as anyone, live.

Pages are rendered on the server; every action the page takes (posting, creating a channel,
opening a DM, marking read) is a real Web API call with the viewing user's token, so the UI obeys
the same rules as any client and shows up in the journal. A server-sent event stream tells open
pages which conversation changed.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sse_starlette.sse import EventSourceResponse
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from darkfactory.twins.kit.dashboard import page
from darkfactory.twins.slack import ephemeral
from darkfactory.twins.slack.methods import assistant
from darkfactory.twins.slack.state import PEOPLE

if TYPE_CHECKING:
    from darkfactory.twins.slack import SlackTwin

VIEWER_COOKIE = "slack_viewer"
READS = (
    ".list",
    ".info",
    ".history",
    ".replies",
    ".members",
    ".get",
    ".test",
    "getPresence",
    "lookupByEmail",
    "getPermalink",
    "conversations",
)


def when(ts: str) -> str:
    return datetime.fromtimestamp(float(ts), UTC).strftime("%Y-%m-%d %H:%M:%SZ")


def routes(twin: SlackTwin) -> list[Route]:
    state = twin.state
    db = state.db

    def viewer(request: Request) -> sqlite3.Row:
        wanted = request.query_params.get("as") or request.cookies.get(VIEWER_COOKIE)
        row = (
            db.one(
                "SELECT * FROM slack_users WHERE id = ? AND deleted = 0 AND is_bot = 0", (wanted,)
            )
            if wanted
            else None
        )
        return row or db.one("SELECT * FROM slack_users WHERE is_primary_owner = 1")

    def token_for(user_id: str) -> str:
        with db.transaction():
            return twin.user_token(user_id)

    def names() -> dict[str, str]:
        return {
            r["id"]: r["real_name"] or r["name"]
            for r in db.all("SELECT id, name, real_name FROM slack_users")
        }

    def sidebar(user_id: str) -> dict[str, list[dict[str, Any]]]:
        rows = db.all(
            "SELECT c.*, m.last_read, (SELECT COUNT(*) FROM slack_messages x WHERE "
            "x.channel_id = c.id AND x.ts > m.last_read AND (x.thread_ts IS NULL OR "
            "x.thread_ts = x.ts) AND coalesce(x.user_id, '') != ?) AS unread "
            "FROM slack_channels c LEFT JOIN slack_members m ON m.channel_id = c.id "
            "AND m.user_id = ? WHERE c.kind = 'public' OR m.user_id IS NOT NULL "
            "ORDER BY c.kind, c.name",
            (user_id, user_id),
        )
        people = names()
        channels, dms = [], []
        for row in rows:
            entry = {
                "id": row["id"],
                "archived": bool(row["is_archived"]),
                "member": row["last_read"] is not None,
                "unread": row["unread"] if row["last_read"] is not None else 0,
            }
            if row["kind"] in ("im", "mpim"):
                others = [people.get(u, u) for u in state.members(row["id"]) if u != user_id]
                dms.append({**entry, "label": ", ".join(others) or "yourself"})
            else:
                channels.append(
                    {**entry, "label": row["name"], "private": row["kind"] == "private"}
                )
        return {"channels": channels, "dms": dms}

    def shown(row: sqlite3.Row, people: dict[str, str]) -> dict[str, Any]:
        message = state.message_object(row)
        author = row["user_id"] or ""
        return {
            **message,
            "author": message.get("username") or people.get(author, author),
            "when": when(row["ts"]),
            "is_bot": bool(row["bot_id"]),
            "streaming": db.one(
                "SELECT 1 FROM slack_streams WHERE channel_id = ? AND ts = ?",
                (row["channel_id"], row["ts"]),
            )
            is not None,
        }

    def only_mine(
        channel_id: str, user_id: str, thread_ts: str | None, people: dict[str, str]
    ) -> list[dict[str, Any]]:
        """The ephemeral messages the viewer sees here (in the thread ``thread_ts``, if given)."""
        found = []
        for row in ephemeral.seen_by(state, channel_id, user_id):
            message = ephemeral.message_object(state, row)
            if message.get("thread_ts") == thread_ts:
                author = people.get(row["sender"], row["sender"])
                found.append(
                    {
                        **message,
                        "author": author,
                        "when": when(row["ts"]),
                        "is_bot": "bot_id" in message,
                    }
                )
        return found

    def messages(channel_id: str, user_id: str) -> list[dict[str, Any]]:
        people = names()
        rows = db.all(
            "SELECT * FROM slack_messages WHERE channel_id = ? AND (thread_ts IS NULL OR "
            "thread_ts = ts OR subtype = 'thread_broadcast') ORDER BY ts DESC LIMIT 200",
            (channel_id,),
        )
        stored = [shown(r, people) for r in reversed(rows)]
        mine = only_mine(channel_id, user_id, None, people)
        return sorted(stored + mine, key=lambda m: m["ts"])

    def thread(channel_id: str, ts: str, user_id: str) -> list[dict[str, Any]]:
        people = names()
        rows = db.all(
            "SELECT * FROM slack_messages WHERE channel_id = ? AND (ts = ? OR "
            "thread_ts = ?) ORDER BY ts",
            (channel_id, ts, ts),
        )
        stored = [shown(r, people) for r in rows]
        return sorted(stored + only_mine(channel_id, user_id, ts, people), key=lambda m: m["ts"])

    def assistant_app(channel: sqlite3.Row) -> str | None:
        """The AI app whose DM this is, if it listens for new assistant threads."""
        if channel["kind"] != "im":
            return None
        return db.scalar(
            "SELECT a.id FROM slack_apps a JOIN slack_members m ON m.user_id = a.bot_user_id "
            "WHERE m.channel_id = ? AND EXISTS (SELECT 1 FROM json_each(a.events) "
            "WHERE value = 'assistant_thread_started')",
            (channel["id"],),
        )

    def assistant_thread(channel_id: str, thread_ts: str | None) -> dict[str, Any] | None:
        """What an assistant thread shows besides its messages: status and suggested prompts."""
        root = db.one(
            "SELECT subtype FROM slack_messages WHERE channel_id = ? AND ts = ?",
            (channel_id, thread_ts),
        )
        if root is None or root["subtype"] != "assistant_app_thread":
            return None
        return assistant.thread_object(state, channel_id, thread_ts)

    def visible(channel_id: str, user_id: str) -> sqlite3.Row | None:
        row = db.one("SELECT * FROM slack_channels WHERE id = ?", (channel_id,))
        if row is None or (row["kind"] != "public" and not state.is_member(row["id"], user_id)):
            return None
        return row

    def render(request: Request, channel_id: str | None, thread_ts: str | None) -> Response:
        me = viewer(request)
        bar = sidebar(me["id"])
        if channel_id is None:
            general = db.one("SELECT id FROM slack_channels WHERE is_general = 1")
            first = general or next(iter(bar["channels"] or bar["dms"]), None)
            if first is None:
                return page(request, "slack/empty.html", me=me)
            return RedirectResponse(f"/ui/slack/c/{first['id']}", 302)
        channel = visible(channel_id, me["id"])
        if channel is None:
            return page(request, "slack/empty.html", me=me, missing=channel_id)
        context = {
            "me": me,
            "token": token_for(me["id"]),
            "sidebar": bar,
            "channel": channel,
            "title": _title(channel, bar),
            "member": state.is_member(channel["id"], me["id"]),
            "messages": messages(channel["id"], me["id"]),
            "thread": thread(channel["id"], thread_ts, me["id"]) if thread_ts else None,
            "thread_ts": thread_ts,
            "assistant": assistant_thread(channel["id"], thread_ts),
            "assistant_app": assistant_app(channel),
            "people": db.all(
                f"SELECT id, name, real_name FROM slack_users WHERE {PEOPLE} "
                "AND deleted = 0 ORDER BY real_name"
            ),
        }
        response = page(request, "slack/channel.html", **context)
        response.set_cookie(VIEWER_COOKIE, me["id"], path="/ui/slack", samesite="lax")
        return response

    async def home(request: Request) -> Response:
        return render(request, None, None)

    async def channel(request: Request) -> Response:
        return render(request, request.path_params["channel_id"], None)

    async def thread_view(request: Request) -> Response:
        return render(request, request.path_params["channel_id"], request.path_params["ts"])

    async def fragment(request: Request) -> Response:
        """The parts of a channel page that change: sidebar, messages, thread."""
        me = viewer(request)
        channel_id = request.path_params["channel_id"]
        if visible(channel_id, me["id"]) is None:
            return Response("", 404)
        thread_ts = request.query_params.get("thread")
        return page(
            request,
            "slack/_live.html",
            me=me,
            sidebar=sidebar(me["id"]),
            channel={"id": channel_id},
            messages=messages(channel_id, me["id"]),
            thread=thread(channel_id, thread_ts, me["id"]) if thread_ts else None,
            thread_ts=thread_ts,
            assistant=assistant_thread(channel_id, thread_ts),
        )

    async def permalink(request: Request) -> Response:
        digits = request.path_params["digits"]
        ts = f"{digits[:-6]}.{digits[-6:]}"
        target = request.query_params.get("thread_ts") or ts
        return RedirectResponse(f"/ui/slack/c/{request.path_params['channel_id']}/t/{target}#m{ts}")

    async def events(request: Request) -> Response:
        async def changes():
            async for entry in twin.universe.journal.follow():
                if entry.twin != "slack" or entry.status >= 400 or entry.operation.endswith(READS):
                    continue
                try:
                    body = json.loads(entry.response_body)
                except ValueError:
                    continue
                channel = body.get("channel")
                yield {
                    "event": "change",
                    "data": json.dumps(
                        {
                            "operation": entry.operation,
                            "channel": channel if isinstance(channel, str) else None,
                        }
                    ),
                }

        return EventSourceResponse(changes(), ping=15)

    return [
        Route("/", home),
        Route("/events", events),
        Route("/c/{channel_id}", channel),
        Route("/c/{channel_id}/t/{ts}", thread_view),
        Route("/c/{channel_id}/live", fragment),
        Route("/archives/{channel_id}/p{digits}", permalink),
    ]


def _title(channel: sqlite3.Row, bar: dict[str, list[dict[str, Any]]]) -> str:
    if channel["kind"] in ("im", "mpim"):
        return next((d["label"] for d in bar["dms"] if d["id"] == channel["id"]), "Direct message")
    return ("🔒 " if channel["kind"] == "private" else "# ") + channel["name"]
