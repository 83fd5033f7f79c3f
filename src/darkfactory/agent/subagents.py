"""Subagents (§7): child sessions a parent drives through spawn_agent, send_input, wait and
close_agent.

A child has its own history and turn limit, shares the parent's execution environment (scoped
to a subdirectory when asked), uses the parent's profile or another model of it, and runs on its
own thread so the parent can keep working. Only sessions shallower than
``max_subagent_depth`` are offered the tools, so children cannot spawn further by default.
"""

from __future__ import annotations

import itertools
import json
import posixpath
import threading
from contextlib import suppress
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING

from darkfactory.agent.environment import DelegatingEnvironment
from darkfactory.agent.events import SessionEvent
from darkfactory.agent.registry import RegisteredTool, ToolError
from darkfactory.llm.types import ToolDefinition

if TYPE_CHECKING:
    from darkfactory.agent.session import Session


class SubAgentStatus(StrEnum):
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"


@dataclass
class SubAgentResult:
    output: str
    success: bool
    turns_used: int


class ScopedEnvironment(DelegatingEnvironment):
    """The parent's environment seen from a subdirectory: relative paths and commands start
    there; everything else is the parent's."""

    def __init__(self, inner, directory: str) -> None:
        super().__init__(inner)
        self.directory = directory

    def _path(self, path: str | None) -> str:
        return posixpath.join(self.directory, path) if path else self.directory

    def working_directory(self) -> str:
        return self.directory

    def read_text(self, path: str) -> str:
        return self.inner.read_text(self._path(path))

    def read_file(self, path: str, offset: int | None = None, limit: int | None = None) -> str:
        return self.inner.read_file(self._path(path), offset, limit)

    def write_file(self, path: str, content: str) -> None:
        self.inner.write_file(self._path(path), content)

    def file_exists(self, path: str) -> bool:
        return self.inner.file_exists(self._path(path))

    def delete_file(self, path: str) -> None:
        self.inner.delete_file(self._path(path))

    def list_directory(self, path: str, depth: int = 1):
        return self.inner.list_directory(self._path(path), depth)

    def exec_command(self, command, timeout_ms, working_dir=None, env_vars=None):
        return self.inner.exec_command(command, timeout_ms, self._path(working_dir), env_vars)

    def grep(self, pattern: str, path: str, options=None):
        return self.inner.grep(pattern, self._path(path), options)

    def glob(self, pattern: str, path: str | None = None):
        return self.inner.glob(pattern, self._path(path))


class SubAgentHandle:
    def __init__(self, agent_id: str, session: Session) -> None:
        self.id = agent_id
        self.session = session
        self.status = SubAgentStatus.RUNNING
        self.output = ""
        self.error: str | None = None
        self._thread: threading.Thread | None = None

    def start(self, message: str) -> None:
        self.status, self.error = SubAgentStatus.RUNNING, None
        self._thread = threading.Thread(
            target=self._run, args=(message,), name=f"subagent-{self.id}", daemon=True
        )
        self._thread.start()

    def _run(self, message: str) -> None:
        try:
            self.output = self.session.submit(message)
        except Exception as error:  # reported to the parent through wait()
            self.error = str(error)
            self.status = SubAgentStatus.FAILED
            return
        aborted = self.session.abort_signaled
        self.status = SubAgentStatus.FAILED if aborted else SubAgentStatus.COMPLETED

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def wait(self) -> SubAgentResult:
        if self._thread is not None:
            self._thread.join()
        output = self.output if self.error is None else f"{self.output}\n[error] {self.error}"
        success = self.status is SubAgentStatus.COMPLETED
        return SubAgentResult(output.strip(), success, self.session.turns_used)


def _definition(name: str, description: str, properties: dict, required: list[str]):
    schema = {"type": "object", "properties": properties, "required": required}
    return ToolDefinition(name, description, schema)


AGENT_ID = {"agent_id": {"type": "string", "description": "The id spawn_agent returned."}}
DEFINITIONS = {
    "spawn_agent": _definition(
        "spawn_agent",
        "Spawn a subagent to handle a scoped task autonomously. It shares this workspace, "
        "keeps its own conversation, and runs while you continue; call wait for its result.",
        {
            "task": {"type": "string", "description": "What the subagent should do."},
            "working_dir": {
                "type": "string",
                "description": "Subdirectory of the working directory to scope the agent to.",
            },
            "model": {"type": "string", "description": "Model override (default: yours)."},
            "max_turns": {"type": "integer", "description": "Turn limit (0: unlimited)."},
        },
        ["task"],
    ),
    "send_input": _definition(
        "send_input",
        "Send a message to a subagent: steering while it runs, a new request once done.",
        {**AGENT_ID, "message": {"type": "string"}},
        ["agent_id", "message"],
    ),
    "wait": _definition(
        "wait",
        "Wait for a subagent to complete and return its result.",
        AGENT_ID,
        ["agent_id"],
    ),
    "close_agent": _definition("close_agent", "Terminate a subagent.", AGENT_ID, ["agent_id"]),
}


class SubAgentManager:
    """A session's children, and the four tools that drive them."""

    def __init__(self, parent: Session) -> None:
        self.parent = parent
        self.agents: dict[str, SubAgentHandle] = {}
        self._ids = itertools.count(1)
        executors = {
            "spawn_agent": self._spawn_tool,
            "send_input": self._send_input_tool,
            "wait": self._wait_tool,
            "close_agent": self._close_tool,
        }
        self._tools = {
            name: RegisteredTool(DEFINITIONS[name], executors[name]) for name in DEFINITIONS
        }

    def tools(self) -> dict[str, RegisteredTool]:
        """The subagent tools, when this session may still spawn (§7.3 depth limit)."""
        allowed = self.parent.depth < self.parent.config.max_subagent_depth
        return self._tools if allowed else {}

    def spawn(
        self,
        task: str,
        working_dir: str | None = None,
        model: str | None = None,
        max_turns: int = 0,
    ) -> SubAgentHandle:
        from darkfactory.agent.session import Session

        parent = self.parent
        if parent.depth >= parent.config.max_subagent_depth:
            raise ToolError(
                f"subagent depth limit reached (max_subagent_depth="
                f"{parent.config.max_subagent_depth})"
            )
        env = parent.execution_env
        if working_dir:
            env = ScopedEnvironment(env, self._scoped_directory(working_dir))
        profile = parent.provider_profile.with_model(model) if model else parent.provider_profile
        config = replace(parent.config, max_turns=max_turns or 0)
        child = Session(
            profile,
            env,
            config,
            parent.llm_client,
            depth=parent.depth + 1,
            retry_policy=parent.retry_policy,
            subscribers=[self._forward],
        )
        handle = SubAgentHandle(f"agent-{next(self._ids)}", child)
        self.agents[handle.id] = handle
        handle.start(task)
        return handle

    def _scoped_directory(self, working_dir: str) -> str:
        root = self.parent.execution_env.working_directory()
        directory = posixpath.normpath(posixpath.join(root, working_dir))
        if directory != root and not directory.startswith(root.rstrip("/") + "/"):
            raise ToolError(f"working_dir {working_dir!r} is outside {root}")
        if not self.parent.execution_env.file_exists(directory):
            raise ToolError(f"working_dir {working_dir!r} does not exist")
        return directory

    def _forward(self, event: SessionEvent) -> None:
        """Children's events reach the parent's subscribers, marked by their session id."""
        self.parent.event_emitter.deliver(event)

    def get(self, agent_id: str) -> SubAgentHandle:
        if agent_id not in self.agents:
            raise ToolError(f"no subagent with id {agent_id!r}")
        return self.agents[agent_id]

    def abort_all(self) -> None:
        """Signal every child to stop, without waiting for them."""
        for handle in list(self.agents.values()):
            handle.session.abort()

    def close_all(self) -> None:
        for agent_id in list(self.agents):
            with suppress(ToolError):  # closed meanwhile by another thread
                self.close(agent_id)

    def close(self, agent_id: str) -> SubAgentStatus:
        """Abort the child if it runs, wait for it to stop, and forget it."""
        handle = self.agents.pop(agent_id, None)
        if handle is None:
            raise ToolError(f"no subagent with id {agent_id!r}")
        handle.session.abort()
        handle.wait()
        return handle.status

    # -- tool executors: (arguments, environment) -> text ---------------------------------------
    def _spawn_tool(self, args: dict, _env) -> str:
        handle = self.spawn(
            args["task"], args.get("working_dir"), args.get("model"), args.get("max_turns", 0)
        )
        return json.dumps({"agent_id": handle.id, "status": str(handle.status)})

    def _send_input_tool(self, args: dict, _env) -> str:
        handle = self.get(args["agent_id"])
        if handle.running:
            handle.session.steer(args["message"])
            return json.dumps({"agent_id": handle.id, "delivered": "steering"})
        handle.start(args["message"])
        return json.dumps({"agent_id": handle.id, "delivered": "new input"})

    def _wait_tool(self, args: dict, _env) -> str:
        result = self.get(args["agent_id"]).wait()
        return json.dumps(
            {"output": result.output, "success": result.success, "turns_used": result.turns_used}
        )

    def _close_tool(self, args: dict, _env) -> str:
        status = self.close(args["agent_id"])
        return json.dumps({"agent_id": args["agent_id"], "status": str(status)})
