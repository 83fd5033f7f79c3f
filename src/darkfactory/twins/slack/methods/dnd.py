"""``dnd.*``: Do Not Disturb snoozes, which end when the universe clock passes them."""

from __future__ import annotations

from darkfactory.twins.slack.api import SlackCall, SlackError, web_method


def _status(call: SlackCall, user_id: str) -> dict:
    end = call.state.db.scalar(
        "SELECT snooze_endtime FROM slack_snoozes WHERE user_id = ?", (user_id,)
    )
    snoozing = end is not None and end > call.state.now()
    status = {
        "dnd_enabled": snoozing,
        "next_dnd_start_ts": 1,
        "next_dnd_end_ts": 1,
        "snooze_enabled": snoozing,
    }
    if snoozing and user_id == call.user:
        status.update({"snooze_endtime": int(end), "snooze_remaining": int(end - call.state.now())})
    return status


@web_method("dnd.info", scopes="dnd:read")
def info(call: SlackCall) -> dict:
    user_id = call.get("user") or call.user
    call.state.user(user_id)
    return _status(call, user_id)


@web_method("dnd.teamInfo", scopes="dnd:read")
def team_info(call: SlackCall) -> dict:
    users = call.listing("users")
    for user_id in users:
        call.state.user(user_id)
    return {
        "users": {
            u: {
                k: v
                for k, v in _status(call, u).items()
                if k in ("dnd_enabled", "next_dnd_start_ts", "next_dnd_end_ts")
            }
            for u in users
        }
    }


@web_method("dnd.setSnooze", scopes="dnd:write")
def set_snooze(call: SlackCall) -> dict:
    minutes = call.integer("num_minutes", None, lo=0)
    if not minutes:
        raise SlackError(
            "invalid_arguments",
            response_metadata={"messages": ["[ERROR] num_minutes must be a positive integer"]},
        )
    end = call.state.now() + minutes * 60
    call.state.db.execute(
        "INSERT INTO slack_snoozes(user_id, snooze_endtime) VALUES (?, ?) "
        "ON CONFLICT(user_id) DO UPDATE SET snooze_endtime = excluded."
        "snooze_endtime",
        (call.user, end),
    )
    return {
        "snooze_enabled": True,
        "snooze_endtime": int(end),
        "snooze_remaining": minutes * 60,
        "snooze_is_indefinite": False,
    }


def _end(call: SlackCall, inactive: str) -> dict:
    """End the caller's snooze; ``inactive`` is the method's code for there being none."""
    cur = call.state.db.execute(
        "DELETE FROM slack_snoozes WHERE user_id = ? AND snooze_endtime > ?",
        (call.user, call.state.now()),
    )
    if not cur.rowcount:
        raise SlackError(inactive)
    return _status(call, call.user)


@web_method("dnd.endSnooze", scopes="dnd:write")
def end_snooze(call: SlackCall) -> dict:
    return _end(call, "snooze_not_active")


@web_method("dnd.endDnd", scopes="dnd:write")
def end_dnd(call: SlackCall) -> dict:
    _end(call, "not_in_dnd")
    return {}
