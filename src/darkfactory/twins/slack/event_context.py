"""``event_context``: the opaque token in each event envelope naming who may see the event.

Slack's is ``4-`` and base64 JSON of the event type, team, app and channel; apps hand it back to
``apps.event.authorizations.list`` to learn every installation the event is visible to.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

PREFIX = "4-"


def encode(event_type: str, team_id: str, app_id: str, channel_id: str | None) -> str:
    fields = {"et": event_type, "tid": team_id, "aid": app_id, "cid": channel_id}
    raw = json.dumps({k: v for k, v in fields.items() if v}, separators=(",", ":"))
    return PREFIX + base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(context: str) -> dict[str, Any] | None:
    """The fields of an event context, or None if it is not one."""
    if not context.startswith(PREFIX):
        return None
    body = context[len(PREFIX) :]
    try:
        fields = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except (binascii.Error, ValueError):
        return None
    if not isinstance(fields, dict) or not {"et", "tid", "aid"} <= set(fields):
        return None
    return fields
