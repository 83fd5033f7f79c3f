"""darkfactory.agent: the coding agent loop (specs/attractor/coding-agent-loop-spec.md).

A ``Session`` pairs a ``ProviderProfile`` (tools and system prompt aligned with the model
family's own agent) with an ``ExecutionEnvironment`` (where tools run) and drives the model one
``Client.complete()`` at a time: tool rounds, truncation, steering, events, loop detection and
subagents.
"""

from __future__ import annotations

from darkfactory.agent.config import SessionConfig
from darkfactory.agent.environment import (
    DirEntry,
    ExecResult,
    ExecutionEnvironment,
    GrepOptions,
    LocalExecutionEnvironment,
)
from darkfactory.agent.events import EventEmitter, EventKind, SessionEvent
from darkfactory.agent.history import (
    AssistantTurn,
    SteeringTurn,
    SystemTurn,
    ToolResultsTurn,
    Turn,
    UserTurn,
)
from darkfactory.agent.loop_detection import detect_loop, tool_call_signature
from darkfactory.agent.profiles import (
    ProviderProfile,
    create_anthropic_profile,
    create_gemini_profile,
    create_openai_profile,
    create_profile,
)
from darkfactory.agent.prompts import discover_project_docs
from darkfactory.agent.registry import RegisteredTool, ToolError, ToolRegistry
from darkfactory.agent.session import Session, SessionClosedError, SessionState
from darkfactory.agent.subagents import SubAgentHandle, SubAgentResult, SubAgentStatus
from darkfactory.agent.truncation import truncate_tool_output

__all__ = [
    "AssistantTurn", "DirEntry", "EventEmitter", "EventKind", "ExecResult",
    "ExecutionEnvironment", "GrepOptions", "LocalExecutionEnvironment", "ProviderProfile",
    "RegisteredTool", "Session", "SessionClosedError", "SessionConfig", "SessionEvent",
    "SessionState", "SteeringTurn", "SubAgentHandle", "SubAgentResult", "SubAgentStatus",
    "SystemTurn", "ToolError", "ToolRegistry", "ToolResultsTurn", "Turn", "UserTurn",
    "create_anthropic_profile", "create_gemini_profile", "create_openai_profile",
    "create_profile", "detect_loop", "discover_project_docs", "tool_call_signature",
    "truncate_tool_output",
]  # fmt: skip
