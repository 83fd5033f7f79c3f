"""shell (§3.3, §5.4): a command in the environment's shell, with a default timeout a profile
chooses and a ceiling no call may exceed; failures and timeouts are error results."""

from __future__ import annotations

from typing import Any

from darkfactory.agent.environment import ExecResult, ExecutionEnvironment
from darkfactory.agent.registry import RegisteredTool, ToolError
from darkfactory.agent.tools.common import make_tool

DEFAULT_TIMEOUT_MS = 10_000
MAX_TIMEOUT_MS = 600_000
TIMEOUT_MESSAGE = (
    "[ERROR: Command timed out after {timeout_ms}ms. Partial output is shown above.\n"
    "You can retry with a longer timeout by setting the timeout_ms parameter.]"
)


def format_result(result: ExecResult, timeout_ms: int) -> str:
    """stdout, then stderr, then the exit code and duration, and the timeout message if any."""
    output = "\n".join(part.rstrip("\n") for part in (result.stdout, result.stderr) if part)
    lines = [output or "(no output)", f"Exit code: {result.exit_code} ({result.duration_ms}ms)"]
    if result.timed_out:
        lines.append(TIMEOUT_MESSAGE.format(timeout_ms=timeout_ms))
    return "\n".join(lines)


def shell_tool(
    default_timeout_ms: int = DEFAULT_TIMEOUT_MS, max_timeout_ms: int = MAX_TIMEOUT_MS
) -> RegisteredTool:
    description = (
        "Execute a shell command (bash) in the working directory. Returns stdout, stderr, the "
        f"exit code and duration. Commands time out after {default_timeout_ms}ms unless "
        f"timeout_ms is set (at most {max_timeout_ms}ms)."
    )
    properties = {
        "command": {"type": "string", "description": "The command to run"},
        "timeout_ms": {"type": "integer", "minimum": 1, "description": "Timeout override"},
        "description": {"type": "string", "description": "What this command does, briefly"},
    }

    def shell(arguments: dict[str, Any], env: ExecutionEnvironment) -> str:
        timeout_ms = min(arguments.get("timeout_ms") or default_timeout_ms, max_timeout_ms)
        result = env.exec_command(arguments["command"], timeout_ms)
        text = format_result(result, timeout_ms)
        if result.timed_out or result.exit_code != 0:
            raise ToolError(text)
        return text

    return make_tool("shell", description, properties, ["command"], shell)
