"""§9.5 Tool output truncation: characters first, then lines, a visible marker, the full output
kept for the event stream, the §5.2 defaults, and per-session overrides."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.agent.scripting import call, say, tool_results

from darkfactory.agent.config import SessionConfig
from darkfactory.agent.environment import LocalExecutionEnvironment
from darkfactory.agent.events import EventKind
from darkfactory.agent.registry import RegisteredTool, ToolRegistry
from darkfactory.agent.truncation import (
    DEFAULT_LINE_LIMITS,
    DEFAULT_TOOL_LIMITS,
    DEFAULT_TRUNCATION_MODES,
    FALLBACK_LIMIT,
    truncate_lines,
    truncate_output,
    truncate_tool_output,
)
from darkfactory.llm.types import ToolCall, ToolDefinition

HEAD_TAIL_MARKER = (
    "\n\n[WARNING: Tool output was truncated. {n} characters were removed from the middle. "
    "The full output is available in the event stream. If you need to see specific parts, "
    "re-run the tool with more targeted parameters.]\n\n"
)
TAIL_MARKER = (
    "[WARNING: Tool output was truncated. First {n} characters were removed. "
    "The full output is available in the event stream.]\n\n"
)


def numbered_lines(count: int) -> str:
    return "\n".join(f"line {i}" for i in range(count))


def test_dod_9_5_1_character_truncation_runs_first():
    two_huge_lines = "a" * 5_000_000 + "\n" + "b" * 5_000_000  # 2 lines: a line limit sees nothing
    shown = truncate_tool_output(two_huge_lines, "shell")
    assert len(shown) < DEFAULT_TOOL_LIMITS["shell"] + 400
    assert shown.startswith("a" * 15_000) and shown.endswith("b" * 15_000)
    assert "10000001" not in shown and "9970001 characters were removed" in shown


def test_dod_9_5_1_lines_are_cut_from_what_the_character_limit_left():
    output = "\n".join(f"{i:04d}" + "x" * 96 for i in range(1000))  # 100 KB in 1000 lines
    after_characters = truncate_output(output, 30_000, "head_tail")
    shown = truncate_tool_output(output, "shell")
    assert shown == truncate_lines(after_characters, 256)
    lines = after_characters.split("\n")  # 150 + 5 marker lines + 150
    assert shown.split("\n")[-1] == lines[-1] == "0999" + "x" * 96
    assert f"[... {len(lines) - 256} lines omitted ...]" in shown


@pytest.mark.parametrize(("tool", "limit"), [("shell", 256), ("grep", 200), ("glob", 500)])
def test_dod_9_5_2_line_truncation_where_configured(tool, limit):
    shown = truncate_tool_output(numbered_lines(2 * limit), tool)
    lines = shown.split("\n")
    assert len(lines) == limit + 1
    assert lines[0] == "line 0" and lines[-1] == f"line {2 * limit - 1}"
    assert f"[... {limit} lines omitted ...]" in lines
    assert truncate_tool_output(numbered_lines(limit), tool) == numbered_lines(limit)


def test_dod_9_5_2_no_line_limit_for_read_file_and_edit_file():
    many = numbered_lines(3000)  # under 50 000 characters
    assert truncate_tool_output(many, "read_file") == many
    assert DEFAULT_LINE_LIMITS["read_file"] is None and DEFAULT_LINE_LIMITS["edit_file"] is None


def test_dod_9_5_2_truncate_lines_splits_head_and_tail():
    shown = truncate_lines(numbered_lines(11), 5)
    assert shown == "line 0\nline 1\n[... 6 lines omitted ...]\nline 8\nline 9\nline 10"


def test_dod_9_5_3_head_tail_marker():
    output = "H" * 60 + "M" * 30 + "T" * 60
    shown = truncate_output(output, 100, "head_tail")
    assert shown == "H" * 50 + HEAD_TAIL_MARKER.format(n=50) + "T" * 50


def test_dod_9_5_3_tail_marker():
    shown = truncate_output("0123456789" * 3, 10, "tail")
    assert shown == TAIL_MARKER.format(n=20) + "0123456789"


def test_dod_9_5_3_short_output_untouched_and_unknown_mode_rejected():
    assert truncate_output("short", 10, "tail") == "short"
    with pytest.raises(ValueError, match="truncation mode"):
        truncate_output("x" * 20, 10, "middle")


def test_dod_9_5_4_full_output_kept_for_the_event_stream(tmp_path):
    env = LocalExecutionEnvironment(tmp_path)
    (tmp_path / "big.txt").write_text("x" * 100_000)
    registry = ToolRegistry([echo_tool("read_file", lambda args, env: env.read_text("big.txt"))])
    outcome = registry.execute(ToolCall("c1", "read_file", {}), env)
    assert outcome.output == "x" * 100_000
    assert "[WARNING: Tool output was truncated. 50000 characters" in outcome.content
    assert outcome.result().content == outcome.content and not outcome.is_error


def test_dod_9_5_4_session_sends_truncated_and_emits_full_output(agent, provider):
    run = agent(provider, [call("read_file", file_path="big.txt"), say("It is all x.")])
    run.env.write_file("big.txt", "x" * 100_000)
    run.submit("Read big.txt")
    [end] = run.of_kind(EventKind.TOOL_CALL_END)
    assert end.data["output"] == "1 | " + "x" * 100_000
    [sent] = tool_results(run.requests()[1])
    assert "[WARNING: Tool output was truncated. 50004 characters were removed" in sent
    assert len(sent) < 50_300


def test_dod_9_5_5_default_limits_match_the_table():
    table = {
        "read_file": 50_000,
        "shell": 30_000,
        "grep": 20_000,
        "glob": 20_000,
        "edit_file": 10_000,
        "apply_patch": 10_000,
        "write_file": 1_000,
        "spawn_agent": 20_000,
    }
    assert {tool: DEFAULT_TOOL_LIMITS[tool] for tool in table} == table
    head_tail = {"read_file", "shell", "spawn_agent"}
    for tool in ("read_file", "shell", "grep", "glob", "edit_file", "apply_patch", "write_file"):
        expected = "head_tail" if tool in head_tail else "tail"
        assert DEFAULT_TRUNCATION_MODES[tool] == expected
    assert DEFAULT_LINE_LIMITS["shell"] == 256
    assert DEFAULT_LINE_LIMITS["grep"] == 200 and DEFAULT_LINE_LIMITS["glob"] == 500


def test_dod_9_5_5_limits_apply_per_tool():
    output = "y" * 1_500
    assert truncate_tool_output(output, "write_file") == TAIL_MARKER.format(n=500) + "y" * 1_000
    assert truncate_tool_output(output, "read_file") == output
    custom = "z" * (FALLBACK_LIMIT + 1)
    assert "1 characters were removed" in truncate_tool_output(custom, "run_tests")


@pytest.mark.parametrize(
    "config",
    [
        {"tool_output_limits": {"grep": 100}, "tool_line_limits": {"read_file": 3}},
        SimpleNamespace(tool_output_limits={"grep": 100}, tool_line_limits={"read_file": 3}),
    ],
    ids=["dict", "config-object"],
)
def test_dod_9_5_6_character_and_line_limits_overridable(config):
    output = numbered_lines(30)  # 229 characters, 30 lines
    assert truncate_tool_output(output, "grep", config) == TAIL_MARKER.format(n=129) + output[-100:]
    assert truncate_tool_output(output, "read_file", config) == truncate_lines(output, 3)
    assert truncate_tool_output(output, "shell", config) == output


def test_dod_9_5_6_session_config_overrides_reach_the_model(agent, provider):
    config = SessionConfig(tool_output_limits={"shell": 500}, tool_line_limits={"shell": 4})
    run = agent(provider, [call("shell", command="seq 1 1000"), say("Counted.")], config=config)
    run.submit("Count to 1000")
    [sent] = tool_results(run.requests()[1])
    assert re.fullmatch(
        r"1\n2\n\[\.\.\. \d+ lines omitted \.\.\.\]\n1000\nExit code: 0 \(\d+ms\)", sent
    )
    assert len(run.of_kind(EventKind.TOOL_CALL_END)[0].data["output"]) > 3_900


@given(st.text(max_size=300), st.integers(min_value=2, max_value=200))
def test_dod_9_5_truncation_bounds_any_output(output, max_chars):
    for mode in ("head_tail", "tail"):
        shown = truncate_output(output, max_chars, mode)
        if len(output) <= max_chars:
            assert shown == output
            continue
        marker = (HEAD_TAIL_MARKER if mode == "head_tail" else TAIL_MARKER).format(
            n=len(output) - max_chars
        )
        assert marker in shown and len(shown) <= max_chars + len(marker)
        assert shown.endswith(output[len(output) - max_chars // 2 :])


def test_dod_9_5_6_line_limit_can_be_switched_off():
    output = numbered_lines(400)
    assert truncate_tool_output(output, "shell", {"tool_line_limits": {"shell": None}}) == output


def echo_tool(name: str, executor) -> RegisteredTool:
    return RegisteredTool(ToolDefinition(name, "test tool", {"type": "object"}), executor)
