"""Who may see a hosted file: its uploader and the people who can see a conversation it is in.

A share in a public channel shows the file to every full member of the workspace (guests only
through channels they belong to); a share in a private channel, a DM or a group DM shows it to
that conversation's members alone. Every file surface (the Web API, ``url_private`` downloads,
search, saved items) asks ``may_see`` and answers ``file_not_found`` when it is false.
"""

from __future__ import annotations

import json
import sqlite3

from darkfactory.twins.slack.state import SlackState

# The ``files.info`` field listing a share, by the kind of conversation it is in.
SHARE_FIELD = {"public": "channels", "private": "groups", "mpim": "groups", "im": "ims"}


def shared_in(state: SlackState, row: sqlite3.Row) -> list[sqlite3.Row]:
    """The conversations a file is shared in, in the order it was shared."""
    found = (
        state.db.one("SELECT * FROM slack_channels WHERE id = ?", (channel_id,))
        for channel_id in json.loads(row["channels"])
    )
    return [channel for channel in found if channel is not None]


def sees_conversation(state: SlackState, channel: sqlite3.Row, user_id: str) -> bool:
    """Whether ``user_id`` sees what is shared in ``channel``."""
    if state.is_member(channel["id"], user_id):
        return True
    if channel["kind"] != "public":
        return False
    return not state.db.scalar("SELECT is_restricted FROM slack_users WHERE id = ?", (user_id,))


def visible_shares(state: SlackState, row: sqlite3.Row, user_id: str) -> list[sqlite3.Row]:
    """The conversations of a file's shares that ``user_id`` can see."""
    return [c for c in shared_in(state, row) if sees_conversation(state, c, user_id)]


def may_see(state: SlackState, row: sqlite3.Row, user_id: str) -> bool:
    """The one rule: the uploader, or anyone who sees a conversation the file is shared in."""
    return row["user_id"] == user_id or bool(visible_shares(state, row, user_id))
