"""Okta, Jira and Google reached as their clients reach them: public APIs and Google's SDK.

Steps and checks use these alike, as the admin or as a named person (a Jira user's API token, a
Google user's OAuth credentials), so nothing in a scenario reads a twin's private storage.
"""

from __future__ import annotations

import base64
from typing import Any

import httpx
from googleapiclient.errors import HttpError

from darkfactory.scenarios.context import StepError, Trial
from darkfactory.twins.google import client as google_client


def twin_request(
    trial: Trial,
    twin: str,
    method: str,
    path: str,
    body: Any = None,
    params: dict[str, Any] | None = None,
    who: str = "admin",
    allow_error: bool = False,
) -> Any:
    """One call to ``twin``'s API at ``path`` as ``who``; an error answer raises StepError."""
    if twin not in trial.credentials:
        raise StepError(f"no twin {twin!r} in this universe")
    response = httpx.request(
        method,
        f"{trial.url}/{twin}{path}",
        json=body,
        params=params,
        headers=auth_headers(trial, twin, who),
        timeout=10,
    )
    answer = (
        response.json() if "json" in response.headers.get("content-type", "") else response.text
    )
    if response.is_error and not allow_error:
        raise StepError(f"{twin} answered {response.status_code}: {answer}")
    return answer


def auth_headers(trial: Trial, twin: str, who: str = "admin") -> dict[str, str]:
    """How ``who`` (``admin``, or a person's email where the twin has per-person tokens)
    authenticates a raw call to ``twin``."""
    creds = trial.credentials[twin]
    if twin == "okta":
        if who != "admin":
            raise StepError("okta calls are made as the admin (an API token is an admin's)")
        return {"Authorization": f"SSWS {creds['api_token']}"}
    if twin == "jira":
        email, token = creds["email"], creds["api_token"]
        if who != "admin":
            if who not in creds.get("users", {}):
                raise StepError(f"no Jira user {who!r} with an API token")
            email, token = who, creds["users"][who]
        pair = f"{email}:{token}".encode()
        return {"Authorization": f"Basic {base64.b64encode(pair).decode()}"}
    token = creds.get("api_key") or creds.get("user_token") or creds.get("access_token")
    return {"Authorization": f"Bearer {token}"} if token else {}


def google_call(
    trial: Trial, api: str, version: str, call: str, args: dict[str, Any], who: str = "admin"
) -> Any:
    """``service.<resource>().<method>(**args).execute()`` through googleapiclient, as ``who``."""
    creds = trial.credentials.get("google")
    if creds is None:
        raise StepError("no twin 'google' in this universe")
    email = creds["admin_email"] if who == "admin" else who
    if email not in creds["users"]:
        raise StepError(f"no Google user {who!r}")
    service = google_client.build_service(
        api, version, google_client.user(creds, email), creds["root_url"]
    )
    *resources, method = call.split(".")
    target = service
    try:
        for resource in resources:
            target = getattr(target, resource)()
        return getattr(target, method)(**args).execute()
    except AttributeError:
        raise StepError(f"google {api} {version} has no method {call!r}") from None
    except TypeError as exc:
        raise StepError(f"google {call}: {exc}") from None
    except HttpError as exc:
        raise StepError(f"google answered {exc.status_code}: {exc.reason}") from None
