"""``oauth.v2.*``: trading an install's code for tokens, with the app's client credentials.

``oauth.access``, the classic apps' method, refuses a code from the ``/oauth/v2/authorize`` flow
(``oauth_authorization_url_mismatch``), and every app here is a current app installed by that flow.

With token rotation (``oauth.v2.exchange`` of a long-lived token, then
``oauth.v2.access`` with ``grant_type=refresh_token``) access tokens are ``xoxe.`` tokens that
expire after twelve hours; each refresh token buys one new pair.
"""

from __future__ import annotations

import base64
import binascii
import json
import sqlite3

from darkfactory.twins.kit.ids import MIXED_ALNUM
from darkfactory.twins.slack.api import SlackCall, SlackError, bearer_token, web_method
from darkfactory.twins.slack.apps import issue_bot_token


def client_app(call: SlackCall) -> sqlite3.Row:
    """The app whose client_id/client_secret came in the form or as HTTP Basic credentials."""
    client_id, secret = call.get("client_id"), call.get("client_secret")
    header = call.call.headers.get("authorization", "")
    if header.lower().startswith("basic "):
        try:
            client_id, _, secret = base64.b64decode(header[6:]).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            raise SlackError("invalid_client_id") from None
    app = (
        call.state.db.one("SELECT * FROM slack_apps WHERE client_id = ?", (client_id,))
        if client_id
        else None
    )
    if app is None:
        raise SlackError("invalid_client_id")
    if secret != app["client_secret"]:
        raise SlackError("bad_client_secret")
    return app


def issue_user_token(call: SlackCall, app: sqlite3.Row, user_id: str, scopes: list[str]) -> str:
    ids = call.universe.ids
    number = ids.derive("slack.team-number", 12, "0123456789")
    token = f"xoxp-{number}-{ids.token('slack.user-token', 24, MIXED_ALNUM)}"
    call.universe.tokens.issue(
        "slack", token, user_id, scopes, kind="user", meta={"app_id": app["id"]}
    )
    return token


def live_code(call: SlackCall, app: sqlite3.Row) -> sqlite3.Row:
    """The app's unused, unexpired install code from the ``code`` argument."""
    code = call.state.db.one(
        "SELECT * FROM slack_oauth_codes WHERE code = ? AND app_id = ?",
        (call.require("code", "invalid_code"), app["id"]),
    )
    if code is None or code["used"] or code["expires"] < call.state.now():
        raise SlackError("invalid_code")
    return code


def redeem(call: SlackCall, app: sqlite3.Row) -> sqlite3.Row:
    code = live_code(call, app)
    if code["redirect_uri"] and call.get("redirect_uri") != code["redirect_uri"]:
        raise SlackError("bad_redirect_uri")
    call.state.db.execute("UPDATE slack_oauth_codes SET used = 1 WHERE code = ?", (code["code"],))
    return code


ROTATION_TTL_S = 43_200


def rotated(call: SlackCall, app: sqlite3.Row, principal: str, kind: str, scopes) -> dict:
    """A new expiring access token and its refresh token, as Slack's token rotation gives."""
    ids, tokens = call.universe.ids, call.universe.tokens
    number = ids.derive("slack.team-number", 12, "0123456789")
    prefix = "xoxb" if kind == "bot" else "xoxp"
    access = f"xoxe.{prefix}-1-{number}-{ids.token('slack.rotated', 32, MIXED_ALNUM)}"
    meta = {"app_id": app["id"], "expires": call.state.now() + ROTATION_TTL_S}
    if kind == "bot":
        meta["bot_id"] = app["bot_id"]
    tokens.issue("slack", access, principal, scopes, kind=kind, meta=meta)
    refresh = f"xoxe-1-{ids.token('slack.refresh', 48, MIXED_ALNUM)}"
    tokens.issue(
        "slack", refresh, principal, scopes, kind="refresh", meta={"app_id": app["id"], "for": kind}
    )
    team = call.state.team()
    answer = {
        "access_token": access,
        "token_type": kind,
        "scope": ",".join(scopes),
        "expires_in": ROTATION_TTL_S,
        "refresh_token": refresh,
        "app_id": app["id"],
        "team": {"id": team["id"], "name": team["name"]},
        "enterprise": None,
        "is_enterprise_install": False,
    }
    if kind == "bot":
        answer["bot_user_id"] = app["bot_user_id"]
    else:
        answer["user_id"] = principal
    return answer


def _refresh(call: SlackCall, app: sqlite3.Row) -> dict:
    token = call.require("refresh_token", "invalid_refresh_token")
    grant = call.universe.tokens.lookup("slack", token)
    if grant is None or grant.kind != "refresh" or grant.meta.get("app_id") != app["id"]:
        raise SlackError("invalid_refresh_token")
    call.universe.tokens.revoke("slack", token)
    return rotated(call, app, grant.principal, grant.meta["for"], grant.scopes)


@web_method("oauth.access", auth=False)
def access_v1(call: SlackCall) -> dict:
    live_code(call, client_app(call))
    raise SlackError("oauth_authorization_url_mismatch")


@web_method("oauth.v2.exchange", auth=False)
def v2_exchange(call: SlackCall) -> dict:
    app = client_app(call)
    token = bearer_token(call.call)  # slack_sdk sends ``token`` as the bearer
    if not token:
        raise SlackError("not_authed")
    grant = call.universe.tokens.lookup("slack", token)
    if grant is None or grant.meta.get("app_id") != app["id"] or grant.kind not in ("bot", "user"):
        raise SlackError("invalid_auth")
    if grant.token.startswith("xoxe."):
        raise SlackError("token_already_rotated")
    call.universe.tokens.revoke("slack", grant.token)
    return rotated(call, app, grant.principal, grant.kind, grant.scopes)


@web_method("oauth.v2.access", auth=False)
def v2_access(call: SlackCall) -> dict:
    app = client_app(call)
    if call.get("grant_type") == "refresh_token":
        return _refresh(call, app)
    if call.get("grant_type") not in (None, "authorization_code"):
        raise SlackError("invalid_grant_type")
    code = redeem(call, app)
    team = call.state.team()
    scopes, user_scopes = json.loads(code["scopes"]), json.loads(code["user_scopes"])
    answer: dict = {"app_id": app["id"], "authed_user": {"id": code["user_id"]}}
    if scopes:
        call.state.db.execute("UPDATE slack_bots SET deleted = 0 WHERE id = ?", (app["bot_id"],))
        answer.update(
            {
                "access_token": issue_bot_token(call.state, app, scopes),
                "token_type": "bot",
                "scope": ",".join(scopes),
                "bot_user_id": app["bot_user_id"],
            }
        )
    call.state.log_integration(app["id"], code["user_id"], "added", scopes + user_scopes)
    if user_scopes:
        answer["authed_user"].update(
            {
                "scope": ",".join(user_scopes),
                "access_token": issue_user_token(call, app, code["user_id"], user_scopes),
                "token_type": "user",
            }
        )
    answer.update(
        {
            "team": {"id": team["id"], "name": team["name"]},
            "enterprise": None,
            "is_enterprise_install": False,
        }
    )
    return answer
