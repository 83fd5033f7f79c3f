"""Acting in Slack as a person does in Slack's client: clicking and choosing, running commands and
shortcuts, submitting and closing modals.

Each step does what the twin's web client does for its viewer, with the named person as the
viewer (``/slack/_people/{user}/...``, journaled), so the twin delivers the interaction to the
app exactly as when that person uses the client: signed, with a trigger id and a response URL.
"""

from __future__ import annotations

import time
from typing import Any

from slack_sdk import WebClient

from darkfactory.scenarios.context import StepError, Trial
from darkfactory.twins.slack.block_actions import elements

MODAL_WAIT_S = 3.0


def slack_action(trial: Trial, args: Any) -> Any:
    """Click or choose on an element: ``{as, action_id, channel, ts?, block_id?, selected?,
    search?}`` on a message (without ``ts``, the newest in ``channel`` offering ``action_id``),
    or ``{as, action_id, in_modal: true, ...}`` in the person's open modal. ``selected`` is the
    choice (an option's value, a user or conversation id, a date; a list for multi-selects);
    ``search`` first loads an external select's options with that text, as typing does."""
    _need(args, "slack_action", "as", "action_id")
    who = _user_id(trial, args["as"])
    element = {"action_id": args["action_id"], "block_id": args.get("block_id")}
    if args.get("in_modal") or args.get("view_id"):
        view_id = _open_view(trial, who, args)
        where, path = {"view_id": view_id}, f"/views/{view_id}/actions"
    else:
        _need(args, "slack_action", "channel")
        channel = _channel_id(trial, args["as"], args["channel"])
        ts = args.get("ts") or _message_with(trial, args["as"], channel, args["action_id"])
        where, path = {"channel": channel, "ts": ts}, "/actions"
    if "search" in args:
        _client_call(trial, who, "POST", "/options", {**where, **element, "value": args["search"]})
    choice = {"selected": args["selected"]} if "selected" in args else {}
    body = {**element, **choice, **({} if "view_id" in where else where)}
    return _client_call(trial, who, "POST", path, body)


def slack_command(trial: Trial, args: Any) -> Any:
    """Run a slash command in a channel: ``{as, channel, command, text}``."""
    _need(args, "slack_command", "as", "channel", "command")
    who = _user_id(trial, args["as"])
    text = f"{args['command']} {args.get('text', '')}".strip()
    channel = _channel_id(trial, args["as"], args["channel"])
    return _client_call(trial, who, "POST", "/commands", {"channel": channel, "text": text})


def slack_view(trial: Trial, args: Any) -> Any:
    """Submit the person's open modal, ``{as, values: {block_id: {action_id: value}}}``, or
    close it, ``{as, action: close}`` (the app hears ``view_closed`` if it asked to)."""
    _need(args, "slack_view", "as")
    action = args.get("action", "submit")
    if action not in ("submit", "close"):
        raise StepError("a slack_view step's action is submit or close")
    who = _user_id(trial, args["as"])
    view_id = _open_view(trial, who, args)
    if action == "close":
        return _client_call(trial, who, "POST", f"/views/{view_id}/close")
    values = args.get("values", {})
    return _client_call(trial, who, "POST", f"/views/{view_id}/submit", {"values": values})


def slack_shortcut(trial: Trial, args: Any) -> Any:
    """Choose an app's shortcut: ``{as, callback_id}`` from the shortcuts menu (global), or
    ``{as, callback_id, channel, ts?}`` from a message's menu (without ``ts``, the newest
    message in ``channel``)."""
    _need(args, "slack_shortcut", "as", "callback_id")
    who = _user_id(trial, args["as"])
    body: dict[str, Any] = {"callback_id": args["callback_id"]}
    if "channel" in args:
        channel = _channel_id(trial, args["as"], args["channel"])
        ts = args.get("ts") or _newest(trial, args["as"], channel)
        body.update(channel=channel, ts=ts)
    return _client_call(trial, who, "POST", "/shortcuts", body)


def _open_view(trial: Trial, user_id: str, args: dict) -> str:
    """The modal a step names (``view_id``), else the one the person has open, waiting for it
    while an app may still be opening it (a trigger lives 3 s)."""
    if args.get("view_id"):
        return str(args["view_id"])
    deadline = time.monotonic() + MODAL_WAIT_S
    while True:
        view = (_client_call(trial, user_id, "GET", "/modal") or {}).get("view")
        if view:
            return view["id"]
        if time.monotonic() >= deadline:
            raise StepError(f"{args['as']} has no open modal")
        time.sleep(0.1)


def _need(args: Any, step: str, *keys: str) -> None:
    if not isinstance(args, dict) or not set(keys) <= set(args):
        raise StepError(f"a {step} step needs {', '.join(repr(k) for k in keys)}")


def _client_call(trial: Trial, user_id: str, method: str, path: str, body: Any = None) -> Any:
    try:
        answer = trial.control(method, f"/slack/_people/{user_id}{path}", body)
    except StepError as exc:
        raise StepError(f"slack client: {exc}") from None
    if answer.get("ok") is False:
        raise StepError(f"slack client: {answer.get('error') or answer}")
    return answer


def _web(trial: Trial, who: str) -> WebClient:
    return WebClient(
        token=trial.slack_token(who), base_url=trial.credentials["slack"]["api_url"], timeout=10
    )


def _user_id(trial: Trial, who: str) -> str:
    return _web(trial, who).auth_test()["user_id"]


def _channel_id(trial: Trial, who: str, channel: str) -> str:
    """A channel the person can see, by id or by ``#name``."""
    name = channel.lstrip("#")
    if not channel.startswith("#") and name[:1] in "CGD" and name.isupper():
        return channel
    listing = _web(trial, who).conversations_list(types="public_channel,private_channel")
    for found in listing["channels"]:
        if found["name"] == name:
            return found["id"]
    raise StepError(f"{who} sees no channel {channel!r}")


def _message_with(trial: Trial, who: str, channel: str, action_id: str) -> str:
    history = _web(trial, who).conversations_history(channel=channel, limit=100)
    for message in history["messages"]:
        if any(e["action_id"] == action_id for _b, e in elements(message.get("blocks", []))):
            return message["ts"]
    raise StepError(f"no message in {channel} offers {action_id!r} to {who}")


def _newest(trial: Trial, who: str, channel: str) -> str:
    history = _web(trial, who).conversations_history(channel=channel, limit=1)["messages"]
    if not history:
        raise StepError(f"{who} sees no message in {channel}")
    return history[0]["ts"]
