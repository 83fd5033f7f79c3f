"""A simulated user: an LLM with a persona and a goal, acting in Slack through tools.

Each tool is one Slack Web API call made with ``slack_sdk`` as the actor's user (``as_user``, an
email; the workspace admin when unset), so the SUT sees the same traffic as from a person. The
actor stops when it calls ``finish`` or after ``max_turns`` model calls; every model step and tool
result becomes a turn of the trajectory.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from darkfactory.llm import SDKError, Tool, generate
from darkfactory.scenarios.templating import render

if TYPE_CHECKING:
    from darkfactory.scenarios.context import Trial
    from darkfactory.scenarios.llm import LLMSettings
    from darkfactory.scenarios.model import LLMActor

SYSTEM = (
    "You are playing a person using their company's Slack, to test a system. Stay in character."
    "\n\nPersona: {persona}\n\nYour goal: {goal}\n\nAct only through the tools. When your goal "
    "is reached, or cannot be reached, call finish with a short summary of what you saw."
)
KICKOFF = "Begin. Use the tools to pursue your goal."
MAX_WAIT_S = 10.0


class SlackActorTools:
    """The tools an LLM actor has, bound to one Slack user in one trial."""

    def __init__(self, trial: Trial, who: str) -> None:
        self.trial = trial
        self.client = WebClient(
            token=trial.slack_token(who), base_url=trial.credentials["slack"]["api_url"], timeout=10
        )
        self.finished: str | None = None

    def channel_id(self, channel: str) -> str:
        if channel[:1] in "CDG" and channel[1:].isalnum() and channel.isupper():
            return channel
        name = channel.lstrip("#")
        for page in self.client.conversations_list(types="public_channel,private_channel"):
            for found in page["channels"]:
                if found["name"] == name:
                    return found["id"]
        raise ValueError(f"no channel named {channel!r}")

    def list_channels(self) -> list[dict[str, Any]]:
        """The channels you are a member of."""
        found = self.client.users_conversations(types="public_channel,private_channel")
        return [{"id": c["id"], "name": c["name"]} for c in found["channels"]]

    def read_messages(self, channel: str, limit: int = 20) -> list[dict[str, Any]]:
        """The latest messages of a channel (name or id), oldest first."""
        history = self.client.conversations_history(channel=self.channel_id(channel), limit=limit)
        return [
            {"user": m.get("user") or m.get("bot_id"), "text": m.get("text", ""), "ts": m["ts"]}
            for m in reversed(history["messages"])
        ]

    def post_message(self, channel: str, text: str, thread_ts: str | None = None) -> str:
        """Post a message in a channel (name or id), optionally as a reply in a thread."""
        posted = self.client.chat_postMessage(
            channel=self.channel_id(channel), text=text, thread_ts=thread_ts
        )
        return f"posted as message {posted['ts']} in {channel}"

    def wait(self, seconds: float) -> str:
        """Let time pass (at most 10 s) so others can react."""
        delay = max(0.0, min(float(seconds), MAX_WAIT_S, self.trial.remaining()))
        time.sleep(delay)
        return f"waited {delay:g} s"

    def finish(self, summary: str) -> str:
        """End your part: say what you saw and whether your goal was reached."""
        self.finished = summary
        return "finished"

    def tools(self) -> list[Tool]:
        text = {"type": "string"}
        schemas = {
            "list_channels": {},
            "read_messages": {"channel": text, "limit": {"type": "integer", "minimum": 1}},
            "post_message": {"channel": text, "text": text, "thread_ts": text},
            "wait": {"seconds": {"type": "number", "minimum": 0}},
            "finish": {"summary": text},
        }
        required = {
            "read_messages": ["channel"],
            "post_message": ["channel", "text"],
            "wait": ["seconds"],
            "finish": ["summary"],
        }
        return [
            Tool(
                name,
                getattr(self, name).__doc__,
                {"type": "object", "properties": props, "required": required.get(name, [])},
                _reported(getattr(self, name)),
            )
            for name, props in schemas.items()
        ]


def _reported(method):
    """A tool handler whose Slack refusals reach the model as its tool error, not a crash."""

    def handler(**arguments: Any) -> Any:
        try:
            return method(**arguments)
        except SlackApiError as exc:
            raise RuntimeError(f"slack error: {exc.response.get('error')}") from None

    return handler


def act(trial: Trial, actor: LLMActor, settings: LLMSettings) -> list[dict[str, Any]]:
    """Run one simulated user to its end; returns the trajectory turns it made."""
    known = {**trial.saved, "n": actor.n}
    tools = SlackActorTools(trial, render(actor.as_user or "admin", known))
    persona, goal = render(actor.persona, known), render(actor.goal, known)
    client = settings.client(trial.credentials)
    try:
        result = generate(
            actor.model,
            KICKOFF,
            system=SYSTEM.format(persona=persona, goal=goal),
            tools=tools.tools(),
            max_tool_rounds=actor.max_turns - 1,
            stop_when=lambda steps: tools.finished is not None,
            provider=actor.provider,
            client=client,
        )
    except SDKError as exc:
        return [{"actor": actor.name, "error": f"{type(exc).__name__}: {exc}"}]
    finally:
        client.close()
    turns = [
        {
            "actor": actor.name,
            "step": number,
            "text": step.text,
            "tool_calls": [{"name": c.name, "arguments": c.arguments} for c in step.tool_calls],
            "tool_results": [
                {"content": r.content, "is_error": r.is_error} for r in step.tool_results
            ],
        }
        for number, step in enumerate(result.steps, 1)
    ]
    turns.append({"actor": actor.name, "finished": tools.finished})
    return turns
