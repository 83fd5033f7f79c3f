"""``tooling.tokens.rotate``: app configuration tokens (for ``apps.manifest.*``), which expire
after twelve hours and are renewed with their refresh token."""

from __future__ import annotations

from darkfactory.twins.kit.ids import MIXED_ALNUM
from darkfactory.twins.slack.api import SlackCall, SlackError, web_method
from darkfactory.twins.slack.state import SlackState

CONFIG_TTL_S = 43_200


def issue_config_token(state: SlackState, user_id: str) -> dict:
    """A configuration token and its refresh token for ``user_id``."""
    ids, tokens, now = state.universe.ids, state.universe.tokens, int(state.now())
    token = f"xoxe.xoxp-1-{ids.token('slack.config-token', 40, MIXED_ALNUM)}"
    refresh = f"xoxe-1-{ids.token('slack.config-refresh', 48, MIXED_ALNUM)}"
    tokens.issue("slack", token, user_id, (), kind="config", meta={"expires": now + CONFIG_TTL_S})
    tokens.issue("slack", refresh, user_id, (), kind="refresh", meta={"for": "config"})
    return {
        "token": token,
        "refresh_token": refresh,
        "team_id": state.team_id(),
        "user_id": user_id,
        "iat": now,
        "exp": now + CONFIG_TTL_S,
    }


@web_method("tooling.tokens.rotate", auth=False)
def tokens_rotate(call: SlackCall) -> dict:
    refresh = call.require("refresh_token", "invalid_refresh_token")
    grant = call.universe.tokens.lookup("slack", refresh)
    if grant is None or grant.kind != "refresh" or grant.meta.get("for") != "config":
        raise SlackError("invalid_refresh_token")
    call.universe.tokens.revoke("slack", refresh)
    for old in call.universe.tokens.of("slack", grant.principal, "config"):
        call.universe.tokens.revoke("slack", old.token)
    return issue_config_token(call.state, grant.principal)
