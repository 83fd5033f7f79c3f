"""Tool call hooks (§9.7): `tool_hooks.pre` / `tool_hooks.post` shell commands around tool calls.

Each hook gets the call as environment variables (ATTRACTOR_TOOL_NAME, ATTRACTOR_NODE_ID) and as
JSON on stdin. A pre-hook exiting non-zero skips the call; a post-hook's failure is only recorded.
Every hook run is appended to `{logs_root}/{node_id}/tool_hooks.jsonl`.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from darkfactory.pipeline.graph import Graph, Node

HOOK_TIMEOUT = 60.0


@dataclass(frozen=True)
class ToolHooks:
    pre: str
    post: str
    logs_root: Path | None = None

    @classmethod
    def for_node(cls, node: Node, graph: Graph, logs_root: Path | None = None) -> ToolHooks:
        """Node attributes override the graph's."""
        pick = lambda key: node.str_attr(key) or graph.str_attr(key)  # noqa: E731
        return cls(pick("tool_hooks.pre"), pick("tool_hooks.post"), logs_root)

    def before(self, node: Node, tool: str, arguments: dict[str, Any]) -> bool:
        """Run the pre-hook; False means skip the tool call."""
        if not self.pre:
            return True
        return self._run("pre", self.pre, node, tool, {"arguments": arguments}) == 0

    def after(self, node: Node, tool: str, arguments: dict[str, Any], result: Any) -> None:
        if self.post:
            self._run("post", self.post, node, tool, {"arguments": arguments, "result": result})

    def wrap(self, node: Node, tool: str, execute: Callable[..., Any]) -> Callable[..., Any]:
        """An LLM tool's execute function with the hooks around it."""

        def hooked(**arguments: Any) -> Any:
            if not self.before(node, tool, arguments):
                return f"tool call {tool} skipped by pre-hook"
            result = execute(**arguments)
            self.after(node, tool, arguments, result)
            return result

        return hooked

    def _run(self, phase: str, command: str, node: Node, tool: str, payload: dict) -> int:
        env = {
            **os.environ,
            "ATTRACTOR_TOOL_NAME": tool,
            "ATTRACTOR_NODE_ID": node.id,
            "ATTRACTOR_HOOK_PHASE": phase,
        }
        document = json.dumps({"tool": tool, "node_id": node.id, **payload}, default=str)
        try:
            done = subprocess.run(
                command,
                shell=True,
                input=document,
                capture_output=True,
                text=True,
                env=env,
                timeout=HOOK_TIMEOUT,
            )
            code, output = done.returncode, (done.stdout + done.stderr).strip()
        except subprocess.TimeoutExpired:
            code, output = -1, "hook timed out"
        self._log({"phase": phase, "tool": tool, "exit_code": code, "output": output[-2000:]}, node)
        return code

    def _log(self, entry: dict[str, Any], node: Node) -> None:
        if self.logs_root is None:
            return
        stage = Path(self.logs_root) / node.id
        stage.mkdir(parents=True, exist_ok=True)
        with (stage / "tool_hooks.jsonl").open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry) + "\n")
