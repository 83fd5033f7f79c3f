"""A person's browser at the org: the ``sid`` cookie that carries their session, signing in and
out, and the end-user dashboard whose tiles launch the apps assigned to them.

``/login/login.htm`` signs a person in (password, then a code when the sign-on policy wants a
second factor) and starts a session; ``/app/UserHome`` shows their app tiles; ``/home/{app}/{id}``
launches one, for an assigned person only; ``/login/signout`` ends the session.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from urllib.parse import urlencode

from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.dashboard import page
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta.policies import enforcement
from darkfactory.twins.okta.sessions import state as sessions
from darkfactory.twins.okta.state import state_of

COOKIE = "sid"
HOME = "/app/UserHome"
SIGN_IN = "/login/login.htm"
REFUSED = "Unable to sign in"


def current(call: Call) -> dict | None:
    """The live session the browser's cookie names, used again (so it idles from now)."""
    state = state_of(call)
    found = sessions.find(state, call.request.cookies.get(COOKIE))
    return sessions.refresh(state, found) if found else None


def keep(call: Call, response: Response, session: dict) -> Response:
    """``response`` handing the browser the session's cookie."""
    response.set_cookie(
        COOKIE, session["id"], path=f"/{call.twin.name}", httponly=True, samesite="lax"
    )
    return response


def begin(
    call: Call, response: Response, user: dict, amr: list[str], idp: dict | None = None
) -> Response:
    """``user`` signed in, proven by ``amr`` (and ``idp``): their session starts, their last
    sign-in is now, the System Log says so, and ``response`` hands the browser the cookie."""
    state = state_of(call)
    session = sessions.start(state, user["id"], amr, idp)
    state.db.execute("UPDATE okta_users SET last_login = ? WHERE id = ?", (state.now(), user["id"]))
    state.log("user.session.start", "User login to Okta", None, state.user_target(user["id"]))
    return keep(call, response, session)


def check_password(call: Call, app_id: str | None = None) -> tuple[dict | None, str | None]:
    """The person a sign-in form names and why it is refused (None: it may go on): the password
    of an active person, then the sign-on policy (and ``app_id``'s sign-in policy). A refusal is
    logged as a failed session start."""
    state, form = state_of(call), call.form or {}
    user = state.find_user(form.get("username", ""))
    refusal = REFUSED
    if user and user["password"] == form.get("password") and user["status"] == "ACTIVE":
        refusal = enforcement.sign_on_refusal(
            state.db, user["id"], form.get("passCode", ""), state.now(), app_id
        )
    if refusal:
        target = state.user_target(user["id"]) if user else {"alternateId": "unknown"}
        state.log("user.session.start", "User login to Okta", None, target, outcome="FAILURE")
    return user, refusal


def amr_of(call: Call) -> list[str]:
    """What a successful sign-in form proved: the password, and a factor if a code was given."""
    return ["pwd", "otp", "mfa"] if (call.form or {}).get("passCode") else ["pwd"]


def refused_page(call: Call, params: dict, refusal: str) -> Response:
    response = page(
        call.request,
        "okta/signin.html",
        params=params,
        error=refusal,
        mfa=refusal == enforcement.NEED_CODE,
    )
    response.status_code = 401
    return response


def _back_to(call: Call) -> str:
    """Where to go after signing in: a path of the org only (``fromURI``), else the dashboard."""
    wanted = (call.form or call.query).get("fromURI") or HOME
    if not wanted.startswith("/") or wanted.startswith("//"):
        wanted = HOME
    return f"/{call.twin.name}{wanted}"


@operation("signIn")
def sign_in(call: Call) -> Response:
    params = {"fromURI": (call.form or call.query).get("fromURI") or HOME}
    if call.form is None:
        if current(call):
            return RedirectResponse(_back_to(call), 302)
        return page(call.request, "okta/signin.html", params=params, error=None, mfa=False)
    user, refusal = check_password(call)
    if refusal:
        return refused_page(call, params, refusal)
    return begin(call, RedirectResponse(_back_to(call), 302), user, amr_of(call))


@operation("signOut")
def sign_out(call: Call) -> Response:
    state = state_of(call)
    session = current(call)
    if session:
        sessions.end(state, session["id"])
        state.log(
            "user.session.end", "User logout from Okta", None, state.user_target(session["user_id"])
        )
    response = RedirectResponse(f"/{call.twin.name}{SIGN_IN}", 302)
    response.delete_cookie(COOKIE, path=f"/{call.twin.name}")
    return response


def _to_sign_in(call: Call) -> RedirectResponse:
    wanted = call.request.url.path.removeprefix(f"/{call.twin.name}")
    return RedirectResponse(f"/{call.twin.name}{SIGN_IN}?{urlencode({'fromURI': wanted})}", 302)


def signed_in(page: Callable[[Call, dict], Response]) -> Callable[[Call], Response]:
    """A page for a signed-in person only, given their session; others go to sign in first."""

    @functools.wraps(page)
    def gated(call: Call) -> Response:
        session = current(call)
        return _to_sign_in(call) if session is None else page(call, session)

    return gated


@operation("userHome")
@signed_in
def user_home(call: Call, session: dict) -> Response:
    state = state_of(call)
    user = state.user(session["user_id"])
    tiles = [
        {"label": app["label"], "href": f"/{call.twin.name}/home/{app['name']}/{app['id']}"}
        for app in state.user_apps(user["id"])
    ]
    return page(call.request, "okta/home.html", user=user, tiles=tiles)


def launch_target(app: dict) -> str | None:
    """Where an app's tile takes its person: a bookmark's URL, or an OIDC app's sign-in start."""
    settings = app.get("settings") or {}
    client = settings.get("oauthClient") or {}
    return (settings.get("app") or {}).get("url") or client.get("initiate_login_uri")


@operation("launchApp")
@signed_in
def launch_app(call: Call, session: dict) -> Response:
    state = state_of(call)
    app_id = call.path_params["appId"]
    assigned = {app["id"]: app for app in state.user_apps(session["user_id"])}
    if app_id not in assigned:
        target = state.user_target(session["user_id"])
        state.log(
            "app.generic.unauth_app_access_attempt",
            "Unauthorized app access",
            None,
            target,
            outcome="FAILURE",
        )
        return HTMLResponse(
            "<h1>403</h1><p>You do not have permission to access this app.</p>", 403
        )
    where = launch_target(assigned[app_id])
    if where is None:
        return HTMLResponse("<h1>400</h1><p>This app has no sign-in link to launch.</p>", 400)
    return RedirectResponse(where, 302)


def routes() -> list[Route]:
    return [
        Route(SIGN_IN, sign_in, methods=["GET", "POST"]),
        Route("/login/signout", sign_out, methods=["GET"]),
        Route(HOME, user_home, methods=["GET"]),
        Route("/home/{appName}/{appId}", launch_app, methods=["GET"]),
        Route("/home/{appName}/{appId}/{linkId}", launch_app, methods=["GET"]),
    ]
