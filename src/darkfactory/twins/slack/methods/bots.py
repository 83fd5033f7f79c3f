"""``bots.*``: bot users of installed apps."""

from darkfactory.twins.slack.api import SlackCall, SlackError, web_method


@web_method("bots.info", scopes="users:read")
def info(call: SlackCall) -> dict:
    bot_id = call.get("bot")
    state = call.state
    row = state.db.one("SELECT * FROM slack_bots WHERE id = ?", (bot_id,)) if bot_id else None
    if row is None:
        raise SlackError("bot_not_found")
    return {
        "bot": {
            "id": row["id"],
            "deleted": bool(row["deleted"]),
            "name": row["name"],
            "updated": int(row["updated"]),
            "app_id": row["app_id"],
            "user_id": row["user_id"],
            "icons": {
                f"image_{n}": f"{call.universe.url}/slack/avatars/{row['user_id']}.png"
                for n in (36, 48, 72)
            },
        }
    }
