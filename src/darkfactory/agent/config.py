"""Session configuration (§2.2): limits, timeouts, reasoning effort, truncation overrides.

Every field may be changed between two turns of a running session; the next LLM call and the
next tool call read the values then in force.
"""

from __future__ import annotations

from dataclasses import dataclass, field

REASONING_EFFORTS = ("low", "medium", "high")


@dataclass
class SessionConfig:
    max_turns: int = 0  # 0 = unlimited, across the whole session
    max_tool_rounds_per_input: int = 0  # 0 = unlimited, per user input
    default_command_timeout_ms: int = 10_000  # a profile may set its own (Anthropic: §3.5)
    max_command_timeout_ms: int = 600_000
    reasoning_effort: str | None = None  # "low" | "medium" | "high" | None (provider default)
    tool_output_limits: dict[str, int] = field(default_factory=dict)
    tool_line_limits: dict[str, int | None] = field(default_factory=dict)
    enable_loop_detection: bool = True
    loop_detection_window: int = 10
    max_subagent_depth: int = 1
    stream_responses: bool = False  # Client.stream with ASSISTANT_TEXT_DELTA events
    user_instructions: str | None = None  # §6.1 layer 5: appended last to the system prompt
