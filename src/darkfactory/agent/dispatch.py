"""Tool dispatch for a session (§2.5 execute_tool_calls): each call through the registry's
pipeline (§3.8), framed by TOOL_CALL_START and TOOL_CALL_END events.

TOOL_CALL_END carries the full output (or the error); the model gets the truncated result.
Calls of one round run concurrently when the profile supports parallel tool calls.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from darkfactory.agent.events import EventEmitter, EventKind
from darkfactory.agent.registry import ToolRegistry
from darkfactory.llm.types import ToolCall, ToolResult


class ToolDispatcher:
    def __init__(self, registry: ToolRegistry, env, config, events: EventEmitter) -> None:
        self.registry = registry
        self.env = env
        self.config = config
        self.events = events

    def execute_all(self, calls: list[ToolCall], parallel: bool) -> list[ToolResult]:
        if parallel and len(calls) > 1:
            with ThreadPoolExecutor(max_workers=len(calls)) as pool:
                return list(pool.map(self.execute, calls))
        return [self.execute(call) for call in calls]

    def execute(self, call: ToolCall) -> ToolResult:
        self.events.emit(
            EventKind.TOOL_CALL_START,
            tool_name=call.name,
            call_id=call.id,
            arguments=call.arguments,
        )
        outcome = self.registry.execute(call, self.env, self.config)
        detail = {"error": outcome.output} if outcome.is_error else {"output": outcome.output}
        self.events.emit(EventKind.TOOL_CALL_END, tool_name=call.name, call_id=call.id, **detail)
        return outcome.result()
