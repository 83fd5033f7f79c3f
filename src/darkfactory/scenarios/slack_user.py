"""Acting in Slack as a person does in Slack's client: clicking, running commands, submitting.

Each step does what the twin's web client does for its viewer, with the named person as the
viewer (``/slack/_people/{user}/...``, journaled), so the twin delivers the interaction to the
app exactly as when that person uses the client: signed, with a trigger id and a response URL.
"""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from darkfactory.scenarios.context import StepError, Trial


def slack_action(trial: Trial, args: Any) -> Any:
    """Click a button on a message: ``{as, channel, action_id, ts?}``; without ``ts``, on the
    newest message in ``channel`` that offers ``action_id``."""
    _need(args, "slack_action", "as", "channel", "action_id")
    who = _user_id(trial, args["as"])
    channel = _channel_id(trial, args["as"], args["channel"])
    ts = args.get("ts") or _message_with(trial, args["as"], channel, args["action_id"])
    body = {"channel": channel, "ts": ts, "action_id": args["action_id"]}
    return _client_call(trial, who, "POST", "/actions", {**body, "block_id": args.get("block_id")})


def slack_command(trial: Trial, args: Any) -> Any:
    """Run a slash command in a channel: ``{as, channel, command, text}``."""
    _need(args, "slack_command", "as", "channel", "command")
    who = _user_id(trial, args["as"])
    text = f"{args['command']} {args.get('text', '')}".strip()
    channel = _channel_id(trial, args["as"], args["channel"])
    return _client_call(trial, who, "POST", "/commands", {"channel": channel, "text": text})


def slack_view(trial: Trial, args: Any) -> Any:
    """Submit the person's open modal: ``{as, values: {block_id: {action_id: value}}}``."""
    _need(args, "slack_view", "as")
    if args.get("action", "submit") != "submit":
        raise StepError("slack_view submits a modal; closing one is not delivered by the twin")
    who = _user_id(trial, args["as"])
    view = args.get("view_id") or (_client_call(trial, who, "GET", "/modal") or {}).get("view")
    view_id = view if isinstance(view, str) else (view or {}).get("id")
    if not view_id:
        raise StepError(f"{args['as']} has no open modal to submit")
    values = args.get("values", {})
    return _client_call(trial, who, "POST", f"/views/{view_id}/submit", {"values": values})


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
        elements = [e for b in message.get("blocks", []) for e in b.get("elements", [])]
        if any(e.get("action_id") == action_id for e in elements):
            return message["ts"]
    raise StepError(f"no message in {channel} offers {action_id!r} to {who}")
