"""Scripted steps: what scripted actors and universe setup do, each through a twin's own API.

A step is a mapping with one action (``slack``, ``okta``, ``jira``, ``google``, ``http``,
``fault``, ``clock``, ``wait``, ``wait_for``, ``screenshot``...) and optional ``save_as`` (keep
the result for templates), ``name`` (so other actors can wait on it) and ``after`` (wait until
other actors' named steps are done). String values are Jinja2 templates over earlier results. A
step that fails fails the trial, unless its action's arguments say ``allow_error: true``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from darkfactory.scenarios.capabilities import evaluate
from darkfactory.scenarios.context import StepError, Trial
from darkfactory.scenarios.screenshot import screenshot
from darkfactory.scenarios.sign_in import slack_sign_in
from darkfactory.scenarios.slack_user import (
    slack_action,
    slack_command,
    slack_shortcut,
    slack_view,
)
from darkfactory.scenarios.templating import render
from darkfactory.scenarios.twin_apis import google_call, twin_request

STEP_KEYS = {"save_as", "name", "after"}


@dataclass
class StepResult:
    """What a step answered, or why it failed; ``allowed`` when its arguments allowed an error."""

    step: dict[str, Any]
    result: Any = None
    error: str | None = None
    allowed: bool = False
    at: float = field(default_factory=time.time)
    duration_ms: float = 0.0

    @property
    def failed(self) -> bool:
        return self.error is not None and not self.allowed


def run_step(trial: Trial, raw: dict[str, Any]) -> StepResult:
    """Carry out one step; a refused step is recorded, not raised. A malformed one raises."""
    action, args = parse_step(raw)
    for name in _as_list(raw.get("after")):
        if not trial.wait_done(name):
            return StepResult(raw, error=f"step {name!r} never finished")
    started, at = time.monotonic(), time.time()
    args = render(args, trial.saved)
    allowed = isinstance(args, dict) and bool(args.get("allow_error"))
    try:
        result = ACTIONS[action](trial, args)
        outcome = StepResult(raw, result=result, at=at)
    except (SlackApiError, httpx.HTTPError, StepError) as exc:
        outcome = StepResult(raw, error=_describe(exc), allowed=allowed, at=at)
    outcome.duration_ms = round((time.monotonic() - started) * 1000, 1)
    if raw.get("save_as") and outcome.error is None:
        trial.saved[raw["save_as"]] = outcome.result
    return outcome


def parse_step(raw: Any) -> tuple[str, Any]:
    """A step's action and its arguments; raises StepError for a malformed step."""
    if not isinstance(raw, dict):
        raise StepError(f"a step is a mapping, got {raw!r}")
    actions = {k: v for k, v in raw.items() if k not in STEP_KEYS}
    if len(actions) != 1:
        raise StepError(f"a step has exactly one action, got {sorted(actions) or 'none'}")
    ((action, args),) = actions.items()
    if action not in ACTIONS:
        raise StepError(f"unknown step {action!r}; known: {', '.join(sorted(ACTIONS))}")
    return action, args


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


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
    """Any twin endpoint as its admin; a setup route (``/_...``) with the universe's admin token."""
    if not isinstance(args, dict) or not {"twin", "path"} <= set(args):
        raise StepError("an http step needs 'twin' and 'path'")
    if args["path"].startswith("/_"):
        return trial.control(
            args.get("method", "GET"), f"/{args['twin']}{args['path']}", args.get("json")
        )
    return twin_request(
        trial,
        args["twin"],
        args.get("method", "GET"),
        args["path"],
        args.get("json"),
        allow_error=bool(args.get("allow_error")),
    )


def api_step(twin: str) -> Callable[[Trial, Any], Any]:
    """A step calling ``twin``'s public API: ``{method, path, json, params, as, allow_error}``."""

    def step(trial: Trial, args: Any) -> Any:
        if not isinstance(args, dict) or "path" not in args:
            raise StepError(f"a {twin} step needs 'path' (and 'method', default GET)")
        return twin_request(
            trial,
            twin,
            args.get("method", "GET"),
            args["path"],
            args.get("json"),
            args.get("params"),
            who=args.get("as", "admin"),
            allow_error=bool(args.get("allow_error")),
        )

    step.__doc__ = f"The {twin} API as the admin or a named person."
    return step


def google(trial: Trial, args: Any) -> Any:
    """A Google API method through googleapiclient: ``{api, version, call, args, as}``."""
    if not isinstance(args, dict) or not {"api", "version", "call"} <= set(args):
        raise StepError("a google step needs 'api', 'version' and 'call' (e.g. files.create)")
    return google_call(
        trial,
        args["api"],
        args["version"],
        args["call"],
        args.get("args", {}),
        args.get("as", "admin"),
    )


def clock(trial: Trial, args: dict[str, Any]) -> Any:
    """Move this trial's universe clock: ``{advance: S}``, ``{freeze: true, at: EPOCH}``."""
    if not isinstance(args, dict):
        raise StepError("a clock step is {advance: S} or {freeze: true|false, at: EPOCH}")
    return trial.control("POST", "/_universe/clock", args)


def fault(trial: Trial, args: Any) -> Any:
    """Inject faults into this trial's universe (``{inject: FAULT or [FAULT...]}``), or clear
    them (``{clear: all}`` or ``{clear: FAULT_ID}``)."""
    if isinstance(args, dict) and "inject" in args:
        return trial.control("POST", "/_universe/faults", args["inject"])["faults"]
    if isinstance(args, dict) and args.get("clear") == "all":
        return trial.control("DELETE", "/_universe/faults")
    if isinstance(args, dict) and isinstance(args.get("clear"), str):
        return trial.control("DELETE", f"/_universe/faults/{args['clear']}")
    raise StepError("a fault step is {inject: {twin, kind, ...}} or {clear: all | FAULT_ID}")


def wait(trial: Trial, seconds: Any) -> Any:
    try:
        delay = float(seconds)
    except (TypeError, ValueError):
        raise StepError(f"wait takes seconds, got {seconds!r}") from None
    time.sleep(min(delay, trial.remaining()))
    return delay


def wait_for(trial: Trial, args: dict[str, Any]) -> Any:
    """Poll a sandboxed predicate until it holds; timing out fails the step."""
    code = args.get("check") if isinstance(args, dict) else None
    if not code:
        raise StepError("wait_for needs 'check' (a Python predicate)")
    deadline = time.monotonic() + min(float(args.get("timeout", 10)), trial.remaining())
    while True:
        outcome = evaluate(trial, code)
        if outcome.ok and outcome.value:
            return True
        if time.monotonic() >= deadline:
            raise StepError(f"wait_for timed out: {outcome.error or 'predicate stayed false'}")
        time.sleep(0.1)


ACTIONS: dict[str, Callable[[Trial, Any], Any]] = {
    "slack": slack,
    "slack_action": slack_action,
    "slack_command": slack_command,
    "slack_view": slack_view,
    "slack_shortcut": slack_shortcut,
    "slack_sign_in": slack_sign_in,
    "http": http,
    "okta": api_step("okta"),
    "jira": api_step("jira"),
    "google": google,
    "fault": fault,
    "clock": clock,
    "wait": wait,
    "wait_for": wait_for,
    "screenshot": screenshot,
}
