"""``openid.connect.*``: Sign in with Slack, an OpenID Connect layer over the OAuth v2 install.

``openid.connect.token`` trades a code from ``/slack/openid/connect/authorize`` for a user token
and an RS256 ``id_token`` (keys at ``/slack/openid/connect/keys``); ``openid.connect.userInfo``
answers the same claims for that token.
"""

from __future__ import annotations

import json
from typing import Any

from darkfactory.twins.slack.api import SlackCall, SlackError, web_method
from darkfactory.twins.slack.methods.oauth import client_app, issue_user_token, redeem
from darkfactory.twins.slack.oauth import sign_id_token

ID_TOKEN_TTL_S = 3600


def claims(call: SlackCall, user_id: str, scopes: tuple[str, ...] | list[str]) -> dict[str, Any]:
    """The OpenID claims Slack gives for a user, as far as ``scopes`` allow."""
    state = call.state
    row, team = state.user(user_id), state.team()
    answer: dict[str, Any] = {
        "sub": user_id,
        "https://slack.com/user_id": user_id,
        "https://slack.com/team_id": team["id"],
    }
    if "email" in scopes:
        answer.update({"email": row["email"], "email_verified": bool(row["email"])})
    if "profile" in scopes:
        profile = state.user_object(row)["profile"]
        answer.update(
            {
                "name": row["real_name"],
                "given_name": profile.get("first_name", ""),
                "family_name": profile.get("last_name", ""),
                "picture": profile["image_512"],
                "locale": "en-US",
                "https://slack.com/team_name": team["name"],
                "https://slack.com/team_domain": team["domain"],
            }
        )
    return answer


@web_method("openid.connect.token", auth=False)
def token(call: SlackCall) -> dict:
    app = client_app(call)
    if call.get("grant_type") not in (None, "authorization_code"):
        raise SlackError("invalid_grant_type")
    code = redeem(call, app)
    scopes = json.loads(code["user_scopes"])
    if "openid" not in scopes:
        raise SlackError("invalid_code")
    now = int(call.state.now())
    id_claims = {
        "iss": "https://slack.com",
        "aud": app["client_id"],
        "iat": now,
        "exp": now + ID_TOKEN_TTL_S,
        "auth_time": now,
        **({"nonce": code["nonce"]} if code["nonce"] else {}),
        **claims(call, code["user_id"], scopes),
    }
    return {
        "access_token": issue_user_token(call, app, code["user_id"], scopes),
        "token_type": "Bearer",
        "id_token": sign_id_token(call.state, id_claims),
    }


@web_method("openid.connect.userInfo", scopes="openid")
def user_info(call: SlackCall) -> dict:
    return claims(call, call.user, call.grant.scopes)
