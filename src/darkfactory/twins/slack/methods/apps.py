"""``apps.*``: an installed app removing itself from the workspace."""

from __future__ import annotations

from darkfactory.twins.slack.api import SlackCall, SlackError, web_method
from darkfactory.twins.slack.methods.oauth import client_app


@web_method("apps.uninstall")
def uninstall(call: SlackCall) -> dict:
    app = client_app(call)
    if call.grant.meta.get("app_id") != app["id"]:
        raise SlackError("client_id_token_mismatch")
    call.state.db.execute(
        "UPDATE kit_tokens SET revoked = 1 WHERE twin = 'slack' "
        "AND json_extract(meta, '$.app_id') = ?",
        (app["id"],),
    )
    call.state.db.execute("UPDATE slack_bots SET deleted = 1 WHERE id = ?", (app["bot_id"],))
    call.state.log_integration(app["id"], call.user, "removed", reason="user")
    return {}
