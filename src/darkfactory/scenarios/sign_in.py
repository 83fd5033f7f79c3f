"""A person signing in to an app with Sign in with Slack through the org's SSO, as a browser does.

``slack_sign_in: {as: LOGIN, password, client_id, client_secret, redirect_uri}`` opens the app's
Sign in with Slack page, chooses single sign-on, signs in at the identity provider's page with
the person's login and password, follows the redirects back to the app, and trades the code with
``openid.connect.token``. The answer is ``{signed_in: true, user_id, email}``, or
``{signed_in: false, status, refused_at}`` where a page refused the sign-in (the IdP's sign-on
policy, say); a refusal is the step's answer, not its failure.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from slack_sdk import WebClient

from darkfactory.scenarios.context import StepError, Trial

SCOPE = "openid email profile"


def through_sso(
    slack_url: str, client_id: str, redirect_uri: str, login: str, password: str
) -> httpx.Response:
    """The browser's trip: Slack's sign-in page, the IdP's sign-in page, and the redirects back,
    up to the app's redirect URI (a 302 there) or the page that stopped the person."""
    with httpx.Client(follow_redirects=False, timeout=10) as browser:
        slack_page = f"{slack_url}/openid/connect/authorize"
        params = {
            "response_type": "code",
            "scope": SCOPE,
            "client_id": client_id,
            "redirect_uri": redirect_uri,
            "state": "signing-in",
        }
        to_idp = browser.post(
            slack_page, data={**params, "sign_in_with": "sso", "decision": "allow"}
        )
        if to_idp.status_code != 302:
            return to_idp
        if to_idp.headers["location"].startswith(redirect_uri):
            raise StepError("the workspace has no SSO: Slack signed the person in by itself")
        idp_page = to_idp.headers["location"]
        shown = browser.get(idp_page)
        if shown.status_code != 200:
            return shown
        asked = {k: v[0] for k, v in parse_qs(urlsplit(idp_page).query).items()}
        form = asked | {"username": login, "password": password}
        answer = browser.post(idp_page.split("?")[0], data=form)
        while answer.status_code == 302 and not answer.headers["location"].startswith(redirect_uri):
            answer = browser.get(answer.headers["location"])
        return answer


def slack_sign_in(trial: Trial, args: Any) -> dict[str, Any]:
    needed = {"as", "password", "client_id", "client_secret", "redirect_uri"}
    if not isinstance(args, dict) or not needed <= set(args):
        raise StepError(f"a slack_sign_in step needs {', '.join(sorted(needed))}")
    api_url = trial.credentials["slack"]["api_url"]
    slack_url = api_url.rstrip("/").removesuffix("/api")
    answer = through_sso(
        slack_url, args["client_id"], args["redirect_uri"], args["as"], args["password"]
    )
    query = parse_qs(urlsplit(answer.headers.get("location", "")).query)
    if answer.status_code != 302 or "code" not in query:
        return {
            "signed_in": False,
            "status": answer.status_code,
            "refused_at": urlsplit(str(answer.url)).path,
        }
    sdk = WebClient(base_url=api_url, timeout=10)
    tokens = sdk.openid_connect_token(
        client_id=args["client_id"],
        client_secret=args["client_secret"],
        code=query["code"][0],
        redirect_uri=args["redirect_uri"],
    )
    person = WebClient(token=tokens["access_token"], base_url=api_url, timeout=10)
    info = person.openid_connect_userInfo()
    return {"signed_in": True, "user_id": info["https://slack.com/user_id"], "email": info["email"]}
