"""The Sessions API: ``GET``/``DELETE /api/v1/sessions/{sessionId}`` and its ``refresh``."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta.api import authorize, timestamp
from darkfactory.twins.okta.errors import not_found
from darkfactory.twins.okta.sessions import state as sessions
from darkfactory.twins.okta.state import state_of


def session_json(call: Call, session: dict) -> dict:
    """A session as Okta answers it, with the links to read, end and refresh it."""
    base = f"{call.twin.base_url}/api/v1"
    href = f"{base}/sessions/{session['id']}"
    return {
        "id": session["id"],
        "userId": session["user_id"],
        "login": session["login"],
        "createdAt": timestamp(session["created"]),
        "expiresAt": timestamp(session["expires"]),
        "status": "ACTIVE",
        "lastPasswordVerification": timestamp(session["password_at"]),
        "lastFactorVerification": timestamp(session["factor_at"]),
        "amr": session["amr"],
        "idp": session["idp"],
        "mfaActive": session["factor_at"] is not None,
        "_links": {
            "self": {"href": href, "hints": {"allow": ["GET", "DELETE"]}},
            "refresh": {"href": f"{href}/lifecycle/refresh", "hints": {"allow": ["POST"]}},
            "user": {
                "name": session["login"],
                "href": f"{base}/users/{session['user_id']}",
                "hints": {"allow": ["GET"]},
            },
        },
    }


def _session(call: Call) -> dict:
    session_id = call.path_params["sessionId"]
    found = sessions.find(state_of(call), session_id)
    if found is None:
        raise not_found(session_id, "Session")
    return found


@operation("getSession")
def get_session(call: Call) -> dict:
    authorize(call, "okta.sessions.read")
    return session_json(call, _session(call))


@operation("refreshSession")
def refresh_session(call: Call) -> dict:
    authorize(call, "okta.sessions.manage")
    return session_json(call, sessions.refresh(state_of(call), _session(call)))


@operation("revokeSession")
def revoke_session(call: Call) -> Response:
    actor = authorize(call, "okta.sessions.manage")
    session = _session(call)
    state = state_of(call)
    sessions.end(state, session["id"])
    state.log(
        "user.session.end", "User logout from Okta", actor, state.user_target(session["user_id"])
    )
    return Response(status_code=204)


def routes() -> list[Route]:
    return [
        Route("/api/v1/sessions/{sessionId}", get_session, methods=["GET"]),
        Route("/api/v1/sessions/{sessionId}", revoke_session, methods=["DELETE"]),
        Route("/api/v1/sessions/{sessionId}/lifecycle/refresh", refresh_session, methods=["POST"]),
    ]
