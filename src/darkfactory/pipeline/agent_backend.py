"""The agent codergen backend: each codergen stage runs a coding agent Session
(``darkfactory.agent``) in the stage's working directory, so stages edit and test real files.

The working directory is the node's ``working_dir``, else the graph's, else the backend's
(the current directory by default). Provider and model come from the node (``llm_provider``,
``llm_model``) or the backend; the node's ``reasoning_effort`` and ``timeout`` apply. The
session's events are written to ``<logs_root>/<node>/agent-events.jsonl``, and handed to the
subscribers ``observe(node, context)`` returns for the stage (a recorder, a live view). ``tools``
are added to every session's own (a factory's summaries tool).
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from darkfactory.agent import (
    LocalExecutionEnvironment,
    Session,
    SessionConfig,
    SessionEvent,
    SessionState,
    create_profile,
)
from darkfactory.agent.events import Subscriber
from darkfactory.agent.registry import RegisteredTool
from darkfactory.llm.client import Client, get_default_client
from darkfactory.pipeline.context import Context
from darkfactory.pipeline.graph import Node

EVENTS_FILE = "agent-events.jsonl"


class EventLog:
    """Appends a session's events, one JSON object a line."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.file = path.open("a", encoding="utf-8")
        self.lock = threading.Lock()

    def __call__(self, event: SessionEvent) -> None:
        line = json.dumps(
            {"kind": str(event.kind), "session_id": event.session_id,
             "timestamp": event.timestamp.isoformat(), "data": event.data},
            default=str,
        )  # fmt: skip
        with self.lock:
            self.file.write(line + "\n")

    def close(self) -> None:
        self.file.close()


class AgentBackend:
    def __init__(
        self,
        provider: str = "",
        model: str = "",
        working_dir: str | os.PathLike[str] | None = None,
        client: Client | None = None,
        config: SessionConfig | None = None,
        observe: Callable[[Node, Context], Sequence[Subscriber]] | None = None,
        tools: Sequence[RegisteredTool] = (),
    ):
        self.provider = provider
        self.model = model
        self.working_dir = working_dir
        self.client = client
        self.config = config or SessionConfig()
        self.observe = observe
        self.tools = tools

    def working_directory(self, node: Node, context: Context) -> Path:
        chosen = node.str_attr("working_dir") or context.get_string("graph.working_dir")
        return Path(chosen or self.working_dir or os.getcwd()).resolve()

    def run(self, node: Node, prompt: str, context: Context) -> str:
        client = self.client or get_default_client()
        provider = node.llm_provider or self.provider or client.default_provider
        if not provider:
            raise ValueError(f"stage {node.id}: no llm_provider, and the backend has none")
        model = node.llm_model or self.model
        profile = create_profile(provider, model or None)
        for tool in self.tools:
            profile.tool_registry.register(tool)
        config = replace(self.config, reasoning_effort=node.reasoning_effort or None)
        env = LocalExecutionEnvironment(self.working_directory(node, context))
        logs_root = context.get_string("internal.logs_root")
        log = EventLog(Path(logs_root or ".") / node.id / EVENTS_FILE)
        observers = self.observe(node, context) if self.observe else ()
        session = Session(profile, env, config, client, subscribers=[log, *observers])
        timer = self._deadline(node, session)
        try:
            return session.submit(prompt)
        finally:
            if timer is not None:
                timer.cancel()
            if session.state is not SessionState.CLOSED:
                session.close()
            log.close()

    @staticmethod
    def _deadline(node: Node, session: Session) -> Any:
        """Abort the session when the node's timeout passes."""
        if node.timeout is None:
            return None
        timer = threading.Timer(node.timeout.seconds, session.abort)
        timer.daemon = True
        timer.start()
        return timer
