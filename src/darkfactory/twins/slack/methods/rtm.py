"""``rtm.connect`` and ``rtm.start``: the Real Time Messaging API, closed to apps like these.

Slack serves RTM only to classic apps (the legacy ``bot`` scope, which grants ``rtm:stream``).
Every app in the twin is a current Slack app, so, as Slack answers such apps: a bot token is the
wrong token type, and a user token lacks ``rtm:stream``, a scope no current app can request.
"""

from __future__ import annotations

from darkfactory.twins.slack.api import SlackCall, SlackError, web_method


def _refuse(call: SlackCall) -> dict:
    if call.is_bot:
        raise SlackError("not_allowed_token_type")
    raise SlackError("missing_scope", needed="rtm:stream", provided=",".join(call.grant.scopes))


web_method("rtm.connect")(_refuse)
web_method("rtm.start")(_refuse)
