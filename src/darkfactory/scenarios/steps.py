"""Scripted steps: what scripted actors and universe setup do, each through a twin's own API.

A step is a one-key mapping. ``slack`` calls a Web API method through ``slack_sdk`` as the bot,
the admin, or any user (by email); ``http`` calls any twin endpoint with its admin credentials;
``clock`` moves the universe clock; ``wait`` sleeps; ``wait_for`` polls a sandboxed check until it
holds. String values are Jinja2 templates over earlier results saved with ``save_as``.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import httpx
from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

if TYPE_CHECKING:
    from darkfactory.scenarios.trial import Trial

TEMPLATES = SandboxedEnvironment(undefined=StrictUndefined)


class StepError(Exception):
    """A step that could not be carried out (bad step, or the twin refused it)."""


@dataclass
class StepResult:
    step: dict[str, Any]
    result: Any = None
    error: str | None = None
    at: float = field(default_factory=time.time)


def render(value: Any, saved: dict[str, Any]) -> Any:
    """Fill ``{{ name.field }}`` templates in every string inside ``value``."""
    if isinstance(value, str) and "{{" in value:
        try:
            return TEMPLATES.from_string(value).render(**saved)
        except TemplateError as exc:
            raise StepError(f"template {value!r}: {exc}") from exc
    if isinstance(value, dict):
        return {k: render(v, saved) for k, v in value.items()}
    if isinstance(value, list):
        return [render(v, saved) for v in value]
    return value


def run_step(trial: Trial, raw: dict[str, Any]) -> StepResult:
    """Carry out one step; a refused step is recorded, not raised."""
    step = dict(raw)
    save_as = step.pop("save_as", None)
    if len(step) != 1:
        raise StepError(f"a step has exactly one action, got {sorted(step) or 'none'}")
    ((action, args),) = step.items()
    handler = ACTIONS.get(action)
    if handler is None:
        raise StepError(f"unknown step {action!r}; known: {', '.join(sorted(ACTIONS))}")
    args = render(args, trial.saved)
    try:
        result = handler(trial, args)
    except (SlackApiError, httpx.HTTPError, StepError) as exc:
        return StepResult(raw, error=_describe(exc))
    if save_as:
        trial.saved[save_as] = result
    return StepResult(raw, result=result)


def _describe(exc: Exception) -> str:
    if isinstance(exc, SlackApiError):
        return f"slack error: {exc.response.get('error')}"
    return str(exc)


def slack(trial: Trial, args: dict[str, Any]) -> Any:
    if not isinstance(args, dict) or "method" not in args:
        raise StepError("a slack step needs 'method' (e.g. chat.postMessage)")
    client = WebClient(
        token=trial.slack_token(args.get("as", "bot")),
        base_url=trial.credentials["slack"]["api_url"],
        timeout=10,
    )
    try:
        return client.api_call(args["method"], json=args.get("args", {})).data
    except SlackApiError as exc:
        if args.get("allow_error"):
            return exc.response.data
        raise


def http(trial: Trial, args: dict[str, Any]) -> Any:
    if not isinstance(args, dict) or not {"twin", "path"} <= set(args):
        raise StepError("an http step needs 'twin' and 'path'")
    twin = args["twin"]
    if twin not in trial.credentials:
        raise StepError(f"no twin {twin!r} in this universe")
    response = httpx.request(
        args.get("method", "GET"),
        f"{trial.url}/{twin}{args['path']}",
        json=args.get("json"),
        headers=admin_headers(twin, trial.credentials[twin]),
        timeout=10,
    )
    body = response.json() if "json" in response.headers.get("content-type", "") else response.text
    if response.is_error and not args.get("allow_error"):
        raise StepError(f"{twin} answered {response.status_code}: {body}")
    return body


def admin_headers(twin: str, creds: dict[str, Any]) -> dict[str, str]:
    """How each twin's admin authenticates a raw HTTP call."""
    if twin == "okta":
        return {"Authorization": f"SSWS {creds['api_token']}"}
    if twin == "jira":
        pair = f"{creds['email']}:{creds['api_token']}".encode()
        return {"Authorization": f"Basic {base64.b64encode(pair).decode()}"}
    token = creds.get("api_key") or creds.get("user_token") or creds.get("access_token")
    return {"Authorization": f"Bearer {token}"} if token else {}


def clock(trial: Trial, args: dict[str, Any]) -> Any:
    admin = {"Authorization": f"Bearer {trial.server.universe.admin_token}"}
    response = httpx.post(f"{trial.url}/_universe/clock", json=args, headers=admin, timeout=10)
    if response.is_error:
        raise StepError(f"clock: {response.json().get('error')}")
    return response.json()


def wait(trial: Trial, seconds: Any) -> Any:
    try:
        delay = float(seconds)
    except (TypeError, ValueError):
        raise StepError(f"wait takes seconds, got {seconds!r}") from None
    time.sleep(min(delay, trial.remaining()))
    return delay


def wait_for(trial: Trial, args: dict[str, Any]) -> Any:
    """Poll a sandboxed predicate until it holds or its timeout passes."""
    code = args.get("check") if isinstance(args, dict) else None
    if not code:
        raise StepError("wait_for needs 'check' (a Python predicate)")
    deadline = time.monotonic() + min(float(args.get("timeout", 10)), trial.remaining())
    while True:
        outcome = trial.evaluate(code)
        if outcome.ok and outcome.value:
            return True
        if time.monotonic() >= deadline:
            raise StepError(f"wait_for timed out: {outcome.error or 'predicate stayed false'}")
        time.sleep(0.1)


ACTIONS: dict[str, Callable[[Trial, Any], Any]] = {
    "slack": slack,
    "http": http,
    "clock": clock,
    "wait": wait,
    "wait_for": wait_for,
}
