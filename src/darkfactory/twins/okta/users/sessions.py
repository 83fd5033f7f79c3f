"""User sessions: ``DELETE /api/v1/users/{userId}/sessions`` signs a user out everywhere: every
browser session of theirs ends.

With ``oauthTokens=true`` the user's OAuth access and refresh tokens are revoked too, so an app
holding them gets ``invalid_token`` / ``invalid_grant`` from then on.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta.api import authorize, flag
from darkfactory.twins.okta.sessions import state as sessions
from darkfactory.twins.okta.state import state_of


@operation("revokeUserSessions")
def revoke_user_sessions(call: Call) -> Response:
    actor = authorize(call, "okta.users.manage")
    state = state_of(call)
    user = state.user(call.path_params["userId"])
    sessions.end_all(state, user["id"])
    if flag(call, "oauthTokens", False):
        tokens = call.universe.tokens
        for kind in ("oauth", "refresh"):
            for grant in tokens.of("okta", user["id"], kind):
                tokens.revoke("okta", grant.token)
    state.log("user.session.clear", "Clear user session", actor, state.user_target(user["id"]))
    return Response(status_code=204)


def routes() -> list[Route]:
    return [Route("/api/v1/users/{userId}/sessions", revoke_user_sessions, methods=["DELETE"])]
