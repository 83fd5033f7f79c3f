"""The read-only functions a sandboxed check may call: the journal, SQL, and twin lookups.

They are the checks' only window on the world. Each runs on the universe server's thread, where
its store lives, and returns plain data (dicts, lists, strings) that Monty can carry.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from darkfactory.scenarios import lookups

if TYPE_CHECKING:
    from darkfactory.sandbox import Outcome
    from darkfactory.scenarios.context import Trial


class CheckError(Exception):
    """A capability used wrongly; surfaces inside the sandbox as an error."""


def _parsed(text: str) -> Any:
    """A body as data: JSON, or form fields (``a=1&b=2``), or else the text itself."""
    try:
        return json.loads(text)
    except ValueError:
        pass
    try:
        return dict(parse_qsl(text, keep_blank_values=True, strict_parsing=True))
    except ValueError:
        return text


def evaluate(trial: Trial, code: str) -> Outcome:
    """Run ``code`` in the trial's sandbox with these functions as its only capabilities, after
    the scenario's check libraries."""
    library = trial.scenario.library
    return trial.sandbox.run(f"{library}\n\n{code}" if library else code, functions(trial))


def functions(trial: Trial) -> dict[str, Callable[..., Any]]:
    universe = trial.server.universe

    def on_server(fn: Callable[[], Any]) -> Any:
        return trial.server.call(fn)

    def journal(twin: str | None = None, operation: str | None = None) -> list[dict]:
        """Every request to the twins during the trial, oldest first."""
        entries = on_server(
            lambda: universe.journal.query(twin, operation, trial.journal_start, limit=10_000)
        )
        return [
            {
                "at": e.at,
                "duration_ms": e.duration_ms,
                "twin": e.twin,
                "operation": e.operation,
                "method": e.method,
                "path": e.path,
                "status": e.status,
                "request": _parsed(e.request_body),
                "response": _parsed(e.response_body),
            }
            for e in entries
        ]

    def sql(query: str, params: list | None = None) -> list[dict]:
        """A read-only SQL query over the universe's tables."""
        if not query.lstrip().lower().startswith(("select", "with")):
            raise CheckError("sql() runs SELECT queries only")

        def read() -> list[dict]:
            conn = universe.store.conn
            conn.execute("PRAGMA query_only = ON")
            try:
                return [dict(row) for row in conn.execute(query, params or [])]
            except sqlite3.Error as exc:
                raise CheckError(f"sql: {exc}") from None
            finally:
                conn.execute("PRAGMA query_only = OFF")

        return on_server(read)

    def slack_state():
        return universe.twins["slack"].state

    def slack_channel_id(name: str) -> str:
        row = universe.store.one(
            "SELECT id FROM slack_channels WHERE name = ? OR id = ?", (name.lstrip("#"), name)
        )
        if row is None:
            raise CheckError(f"no Slack channel {name!r}")
        return row["id"]

    def slack_messages(channel: str) -> list[dict]:
        """Messages in a channel (by name or id), oldest first, with the author's email."""

        def read() -> list[dict]:
            rows = universe.store.all(
                "SELECT m.ts, m.text, m.thread_ts, m.subtype, u.email, u.name AS user_name, "
                "m.user_id FROM slack_messages m LEFT JOIN slack_users u ON u.id = m.user_id "
                "WHERE m.channel_id = ? ORDER BY m.ts",
                (slack_channel_id(channel),),
            )
            return [dict(r) for r in rows]

        return on_server(read)

    def slack_members(channel: str) -> list[str]:
        """Emails (or names, for bots) of a channel's members."""

        def read() -> list[str]:
            rows = universe.store.all(
                "SELECT coalesce(u.email, u.name) AS who FROM slack_members m JOIN slack_users u "
                "ON u.id = m.user_id WHERE m.channel_id = ? ORDER BY who",
                (slack_channel_id(channel),),
            )
            return [r["who"] for r in rows]

        return on_server(read)

    def slack_user(email: str) -> dict | None:
        """A Slack user by email, as ``users.info`` shows it, or None."""

        def read() -> dict | None:
            row = universe.store.one(
                "SELECT * FROM slack_users WHERE lower(email) = lower(?)", (email,)
            )
            return None if row is None else slack_state().user_object(row)

        return on_server(read)

    def okta_users() -> list[dict]:
        """Okta users with their status, login, profile and group names."""

        def read() -> list[dict]:
            rows = universe.store.all(
                "SELECT id, status, login, profile FROM okta_users ORDER BY rowid"
            )
            groups = universe.store.all(
                "SELECT m.user_id, json_extract(g.profile, '$.name') AS name FROM okta_members m "
                "JOIN okta_groups g ON g.id = m.group_id ORDER BY name"
            )
            by_user: dict[str, list[str]] = {}
            for g in groups:
                by_user.setdefault(g["user_id"], []).append(g["name"])
            return [
                {
                    "id": r["id"],
                    "status": r["status"],
                    "login": r["login"],
                    "profile": json.loads(r["profile"]),
                    "groups": by_user.get(r["id"], []),
                }
                for r in rows
            ]

        return on_server(read)

    def llm_exchanges(provider: str, model: str | None = None) -> list[dict]:
        """What an LLM provider twin was asked and answered in this universe, oldest first."""
        if provider not in LLM_PROVIDERS or provider not in universe.twins:
            raise CheckError(f"no LLM twin {provider!r}; served: {_served(universe)}")
        return on_server(lambda: universe.twins[provider].state.exchanges(model))

    def sut_output() -> str:
        """What the system under test printed so far."""
        return trial.sut_output()

    available = {"journal": journal, "sql": sql, "sut_output": sut_output}
    if "slack" in universe.twins:
        available.update(
            slack_messages=slack_messages, slack_members=slack_members, slack_user=slack_user
        )
    if "okta" in universe.twins:
        available["okta_users"] = okta_users
    if _served(universe):
        available["llm_exchanges"] = llm_exchanges
    available.update(lookups.functions(trial))
    return available


LLM_PROVIDERS = ("openai", "anthropic", "gemini")


def _served(universe) -> list[str]:
    return [p for p in LLM_PROVIDERS if p in universe.twins]
