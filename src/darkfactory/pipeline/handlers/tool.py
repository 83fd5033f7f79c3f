"""The tool handler (§4.10): run the node's `tool_command`, wrapped in the tool call hooks."""

from __future__ import annotations

import subprocess
from pathlib import Path

from darkfactory.pipeline.backends import CommandFailed, run_command
from darkfactory.pipeline.context import Context
from darkfactory.pipeline.graph import Graph, Node
from darkfactory.pipeline.hooks import ToolHooks
from darkfactory.pipeline.outcome import Outcome, StageStatus, fail


class ToolHandler:
    def execute(self, node: Node, context: Context, graph: Graph, logs_root: Path) -> Outcome:
        command = node.str_attr("tool_command")
        if not command:
            return fail("No tool_command specified")
        hooks = ToolHooks.for_node(node, graph, logs_root)
        call = {"command": command}
        if not hooks.before(node, "shell", call):
            return fail(f"pre-hook refused tool call: {command}")
        try:
            result = run_command(command, node, context)
        except subprocess.TimeoutExpired:
            hooks.after(node, "shell", call, {"error": "timeout"})
            return fail(f"tool timed out after {node.timeout}: {command}")
        except CommandFailed as error:
            hooks.after(node, "shell", call, {"error": str(error)})
            # what a failed check printed is what the stage that retries needs to read
            return Outcome(
                status=StageStatus.FAIL,
                failure_reason=str(error),
                context_updates={"tool.output": error.stdout.strip()},
            )
        hooks.after(node, "shell", call, {"stdout": result.stdout, "exit_code": 0})
        return Outcome(
            context_updates={"tool.output": result.stdout.strip()},
            notes=f"Tool completed: {command}",
        )
