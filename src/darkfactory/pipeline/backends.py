"""Codergen backends (§4.5): the interface, an LLM backend over `darkfactory.llm`, and a command.

No backend at all (None) is simulation mode, handled by the codergen handler itself.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
from pathlib import Path
from typing import Any, Protocol

from darkfactory.pipeline.context import Context
from darkfactory.pipeline.graph import Node
from darkfactory.pipeline.outcome import Outcome


class CodergenBackend(Protocol):
    def run(self, node: Node, prompt: str, context: Context) -> str | Outcome: ...


class CommandFailed(RuntimeError):
    """A backend or tool command exited non-zero; ``stdout`` is what it printed."""

    retryable = False

    def __init__(self, message: str, stdout: str = "") -> None:
        super().__init__(message)
        self.stdout = stdout


def stage_env(node: Node, context: Context, **extra: str) -> dict[str, str]:
    """The environment a stage's external command sees: the process's, then the run's own
    variables (the context's ``internal.env``, set by whoever started the run), then the stage's."""
    logs_root = context.get_string("internal.logs_root")
    env = dict(os.environ)
    env.update(context.get("internal.env") or {})
    env.update(
        ATTRACTOR_NODE_ID=node.id,
        ATTRACTOR_LOGS_ROOT=logs_root,
        ATTRACTOR_STAGE_DIR=str(Path(logs_root) / node.id) if logs_root else "",
        ATTRACTOR_GOAL=context.get_string("graph.goal"),
        ATTRACTOR_RUN_ID=context.get_string("internal.run_id"),
    )
    env.update(extra)
    return env


def run_command(
    command: str, node: Node, context: Context, stdin: str = "", **env: str
) -> subprocess.CompletedProcess[str]:
    """Run a shell command for a stage, bounded by the node's `timeout`."""
    timeout = node.timeout.seconds if node.timeout else None
    result = subprocess.run(
        command,
        shell=True,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=stage_env(node, context, **env),
    )
    if result.returncode != 0:
        detail = (result.stderr.strip() or result.stdout.strip())[-500:]
        raise CommandFailed(f"command exited {result.returncode}: {detail}", result.stdout)
    return result


class CommandBackend:
    """Runs an external command per stage: the prompt on stdin, the response on stdout.

    The command may instead write `$ATTRACTOR_STAGE_DIR/status.json` (Appendix C); that outcome
    then wins over stdout.
    """

    def __init__(self, command: str):
        if not command.strip():
            raise ValueError("the command backend needs a command")
        self.command = command

    def run(self, node: Node, prompt: str, context: Context) -> str | Outcome:
        status_path = Path(context.get_string("internal.logs_root")) / node.id / "status.json"
        status_path.unlink(missing_ok=True)
        result = run_command(self.command, node, context, stdin=prompt)
        if status_path.exists():
            return Outcome.from_status(json.loads(status_path.read_text(encoding="utf-8")))
        return result.stdout


class LLMBackend:
    """Calls `darkfactory.llm.generate`; nodes on `full` fidelity share a session per thread."""

    def __init__(self, model: str = "", provider: str = "", client: Any = None):
        self.model = model
        self.provider = provider
        self.client = client
        self._threads: dict[str, list[Any]] = {}
        self._lock = threading.Lock()

    def run(self, node: Node, prompt: str, context: Context) -> str:
        from darkfactory import llm  # imported here: the engine runs without an LLM client

        kwargs: dict[str, Any] = {
            "model": node.llm_model or self.model,
            "reasoning_effort": node.reasoning_effort,
        }
        if node.llm_provider or self.provider:
            kwargs["provider"] = node.llm_provider or self.provider
        if self.client is not None:
            kwargs["client"] = self.client
        if node.timeout is not None:
            kwargs["timeout"] = node.timeout.seconds
        if not kwargs["model"]:
            raise ValueError(f"stage {node.id} has no llm_model and the backend has no default")
        if context.get_string("internal.fidelity") != "full":
            return llm.generate(prompt=prompt, **kwargs).text
        thread = context.get_string("internal.thread_id") or node.id
        with self._lock:
            history = self._threads.setdefault(thread, [])
        history.append(llm.Message.user(prompt))
        result = llm.generate(messages=list(history), **kwargs)
        history.append(llm.Message.assistant(result.text))
        return result.text


def backend_from_spec(spec: str, model: str = "") -> CodergenBackend | None:
    """`simulate` -> None, `llm` -> LLMBackend, `agent[:PROVIDER]` -> AgentBackend (a coding
    agent session per stage), `command:CMD` -> CommandBackend(CMD)."""
    if spec == "simulate":
        return None
    if spec == "llm":
        return LLMBackend(model=model)
    if spec == "agent" or spec.startswith("agent:"):
        from darkfactory.pipeline.agent_backend import AgentBackend

        return AgentBackend(provider=spec.removeprefix("agent").lstrip(":"), model=model)
    if spec.startswith("command:"):
        return CommandBackend(spec.removeprefix("command:"))
    raise ValueError(
        f"unknown backend {spec!r}: use simulate, llm, agent[:PROVIDER] or command:CMD"
    )
