"""Google's authorization endpoint (``/o/oauth2/v2/auth``, ``/o/oauth2/auth``): a user of the
domain signs in with their password, sees what the app asks for and allows some or all of it;
the app's redirect URI gets a ``code`` the token endpoint trades for tokens of those scopes.

Before anything is shown, the request is checked as Google checks it: an unknown ``client_id``
is ``invalid_client``; a ``redirect_uri`` the client may not use (any loopback address for an
installed app, a registered one for a web app) is ``redirect_uri_mismatch``; a missing or
unknown scope is ``invalid_request`` or ``invalid_scope``. Those are error pages, never
redirects. A user who cancels sends the app ``error=access_denied``.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode, urlsplit

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from darkfactory.twins.google import discovery, signin
from darkfactory.twins.google.auth import scope_url
from darkfactory.twins.kit.dashboard import page
from darkfactory.twins.kit.ids import MIXED_ALNUM
from darkfactory.twins.kit.operation import TWIN_KEY

# What a client may ask for; carried from page to page (nothing else a form posts is).
AUTH_PARAMS = (
    "client_id",
    "redirect_uri",
    "response_type",
    "scope",
    "state",
    "code_challenge",
    "code_challenge_method",
    "access_type",
    "login_hint",
    "prompt",
    "include_granted_scopes",
)
BASIC = {"openid", "email", "profile"}
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
BASIC_DESCRIPTIONS = {
    "openid": "Associate you with your personal info on Google",
    "email": "See your primary Google Account email address",
    "profile": "See your personal info, including any personal info you've made publicly available",
}


def _descriptions() -> dict[str, str]:
    """Every scope the twin's APIs know, with the words Google's consent page shows for it."""
    known = dict(BASIC_DESCRIPTIONS)
    for api, version in discovery.APIS:
        scopes = discovery.document(api, version).get("auth", {}).get("oauth2", {})
        for url, about in scopes.get("scopes", {}).items():
            known.setdefault(url, about["description"])
    return known


DESCRIPTIONS = _descriptions()


def may_redirect(client, uri: str) -> bool:
    """Whether ``client`` may send the user back to ``uri``."""
    if uri in json.loads(client["redirect_uris"]):
        return True
    try:
        parts = urlsplit(uri)
        loopback = parts.scheme == "http" and parts.hostname in LOOPBACK
    except ValueError:  # not a URL at all
        return False
    return client["kind"] == "installed" and loopback


def _problem(client, params: dict[str, str], scopes: list[str]) -> str | None:
    """Google's words on its error page (a 400) for a request it will not serve, or None."""
    redirect_uri = params.get("redirect_uri", "")
    if client is None:
        return "Error 401: invalid_client. The OAuth client was not found."
    if not redirect_uri:
        return "Error 400: invalid_request. Missing required parameter: redirect_uri"
    if not may_redirect(client, redirect_uri):
        return (
            "Error 400: redirect_uri_mismatch. You can't sign in to this app because it doesn't "
            "comply with Google's OAuth 2.0 policy. If you're the app developer, register the "
            f"redirect URI in the Google Cloud Console. Request details: "
            f"redirect_uri={redirect_uri}"
        )
    if params.get("response_type") != "code":
        return "Error 400: unsupported_response_type"
    if not scopes:
        return "Error 400: invalid_request. Missing required parameter: scope"
    unknown = [s for s in scopes if s not in DESCRIPTIONS]
    if unknown:
        return (
            f"Error 400: invalid_scope. Some requested scopes were invalid. {{invalid={unknown}}}"
        )
    if params.get("code_challenge_method", "plain") not in ("plain", "S256"):
        return "Error 400: invalid_request. Invalid code_challenge_method"
    return None


async def authorize(request: Request) -> Response:
    """GET: the sign-in page (or, signed in, the consent page, unless ``prompt`` asks for
    ``login`` or ``select_account``). POST ``step=signin`` checks the password, ``step=switch``
    signs in as someone else; POST ``step=consent`` answers the app's redirect URI."""
    form = await request.form() if request.method == "POST" else None
    given = {**request.query_params, **(form or {})}
    params = {k: str(given[k]) for k in AUTH_PARAMS if given.get(k)}
    twin = request.scope[TWIN_KEY]
    universe = twin.universe
    client = universe.store.one(
        "SELECT * FROM google_oauth_clients WHERE client_id = ?", (params.get("client_id", ""),)
    )
    scopes = [scope_url(s) for s in params.get("scope", "").split()]
    problem = _problem(client, params, scopes)
    if problem:
        return _page(request, "google/consent.html", 400, params, problem=problem)
    email = signin.signed_in(universe, request.cookies.get(signin.COOKIE))
    step = str(form.get("step", "")) if form is not None else ""
    if step == "signin":
        email = str(form.get("email", "")).strip()
        refusal = signin.refusal(twin.state, email, str(form.get("password", "")))
        if refusal:
            return _page(request, "google/signin.html", 401, params, error=refusal, email=email)
        with universe.store.transaction():
            session = signin.open_session(universe, email)
        response = _consent_page(request, params, client, scopes, twin.state.account(email))
        path = f"/{twin.name}/o/oauth2"  # both the v1 and the v2 endpoint
        response.set_cookie(signin.COOKIE, session, path=path, httponly=True, samesite="lax")
        return response
    prompts = set(params.get("prompt", "").split())
    if step == "switch" or (not step and prompts & {"login", "select_account"}):
        email = None  # a fresh sign-in, whoever the session speaks for
    if email is None:
        status = 401 if step == "consent" else 200
        return _page(request, "google/signin.html", status, params, error=None, email="")
    if step != "consent":
        return _consent_page(request, params, client, scopes, twin.state.account(email))
    back = {"state": params["state"]} if params.get("state") else {}
    if form.get("decision") != "allow" or twin.state.active(email) is None:
        return _redirect(params["redirect_uri"], {**back, "error": "access_denied"})
    granted = set(form.getlist("granted")) | BASIC
    chosen = [s for s in scopes if s in granted]
    code = _issue_code(universe, client, email, params, chosen)
    return _redirect(params["redirect_uri"], {**back, "code": code, "scope": " ".join(chosen)})


def _page(request: Request, template: str, status: int, params: dict, **context) -> Response:
    response = page(request, template, params=params, **context)
    response.status_code = status
    return response


def _consent_page(request: Request, params: dict, client, scopes: list[str], account) -> Response:
    asked = [(s, DESCRIPTIONS[s], s in BASIC) for s in scopes]
    return _page(
        request, "google/consent.html", 200, params, client=client, asked=asked, me=account
    )


def _issue_code(universe, client, email: str, params: dict, scopes: list[str]) -> str:
    with universe.store.transaction():
        code = "4/0" + universe.ids.token("google.code", 40, MIXED_ALNUM + "-_")
        universe.store.insert(
            "google_auth_codes",
            {
                "code": code,
                "client_id": client["client_id"],
                "email": email,
                "redirect_uri": params["redirect_uri"],
                "scopes": json.dumps(scopes),
                "code_challenge": params.get("code_challenge"),
                "challenge_method": params.get("code_challenge_method", "plain"),
                "access_type": params.get("access_type", "online"),
                "created": universe.clock.now(),
            },
        )
    return code


def _redirect(uri: str, params: dict[str, str]) -> Response:
    joiner = "&" if "?" in uri else "?"
    return RedirectResponse(f"{uri}{joiner}{urlencode(params)}", status_code=302)
