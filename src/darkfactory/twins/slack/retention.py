"""Message retention: a channel's custom policy drops messages older than its days, as the
clock passes them. Run before every Web API call (``api.PREPARERS``), so history never shows a
message its policy has expired."""

from __future__ import annotations

from darkfactory.twins.slack import api
from darkfactory.twins.slack.state import SlackState

DAY_S = 86400


def enforce(state: SlackState) -> int:
    """Delete the messages past their channel's retention; returns how many went. Whether any
    channel has a policy is kept (``retention_policies``) until a policy changes."""
    if not state.kept(
        "retention_policies",
        lambda: state.db.scalar("SELECT EXISTS (SELECT 1 FROM slack_retention)"),
    ):
        return 0
    # From the few channels with a policy to their messages (CROSS JOIN keeps that order), so
    # that a workspace without policies reads no messages at all.
    expired = state.db.all(
        "SELECT m.channel_id, m.ts FROM slack_retention r CROSS JOIN slack_messages m "
        "ON m.channel_id = r.channel_id WHERE CAST(m.ts AS REAL) < ? - r.duration_days * ?",
        (state.now(), DAY_S),
    )
    for row in expired:
        state.delete_message(row["channel_id"], row["ts"])
    return len(expired)


api.PREPARERS.append(enforce)
