"""`darkfactory pipeline run`: progress, interviewers, backends, JSON-lines events, exit codes."""

from __future__ import annotations

import json
import sys

from click.testing import CliRunner

from darkfactory.cli import main

GATE = """digraph Gate {
    graph [goal="decide"]
    start [shape=Mdiamond]
    exit [shape=Msquare]
    gate [shape=hexagon, label="Go on?"]
    go [prompt="go"]
    stop [prompt="stop"]
    start -> gate
    gate -> go [label="[G] Go"]
    gate -> stop [label="[S] Stop"]
    go -> exit
    stop -> exit
}"""


def invoke(*args: str, stdin: str | None = None):
    return CliRunner().invoke(main, ["pipeline", "run", *args], input=stdin)


def test_run_shows_progress_and_writes_events_as_json_lines(tmp_path):
    dot = tmp_path / "gate.dot"
    dot.write_text(GATE)
    events = tmp_path / "events.jsonl"
    result = invoke(str(dot), "--logs-root", str(tmp_path / "run"), "--events-jsonl", str(events))
    assert result.exit_code == 0, result.output
    assert "▶ gate" in result.output and "pipeline succeeded" in result.output
    lines = [json.loads(line) for line in events.read_text().splitlines()]
    assert lines[0]["type"] == "PipelineStarted" and lines[-1]["type"] == "PipelineCompleted"
    assert {"StageStarted", "StageCompleted", "CheckpointSaved", "InterviewStarted"} <= {
        e["type"] for e in lines
    }
    assert (tmp_path / "run" / "go" / "response.md").exists()


def test_run_with_console_interviewer_reads_the_choice_from_stdin(tmp_path):
    dot = tmp_path / "gate.dot"
    dot.write_text(GATE)
    result = invoke(
        str(dot), "--logs-root", str(tmp_path / "run"), "--interviewer", "console", stdin="S\n"
    )
    assert result.exit_code == 0, result.output
    assert "[?] Go on?" in result.output and "[S] [S] Stop" in result.output
    assert (tmp_path / "run" / "stop" / "response.md").exists()
    assert not (tmp_path / "run" / "go").exists()


def test_run_with_a_command_backend_and_a_failing_pipeline_exits_1(tmp_path):
    dot = tmp_path / "gate.dot"
    dot.write_text(GATE)
    ok = invoke(
        str(dot),
        "--logs-root",
        str(tmp_path / "ok"),
        "--backend",
        f"command:{sys.executable} -c \"print('from command')\"",
    )
    assert ok.exit_code == 0, ok.output
    assert (tmp_path / "ok" / "go" / "response.md").read_text().strip() == "from command"
    failing = invoke(str(dot), "--logs-root", str(tmp_path / "bad"), "--backend", "command:exit 4")
    assert failing.exit_code == 1
    assert "pipeline failed" in failing.output and "exited 4" in failing.output


def test_run_rejects_bad_input_with_a_message(tmp_path):
    broken = tmp_path / "broken.dot"
    broken.write_text("digraph G {\n  a -> \n}")
    result = invoke(str(broken), "--logs-root", str(tmp_path / "r"))
    assert result.exit_code == 1 and "broken.dot:3:" in result.output
    invalid = tmp_path / "invalid.dot"
    invalid.write_text("digraph G { a [prompt=x] }")
    result = invoke(str(invalid), "--logs-root", str(tmp_path / "r"))
    assert result.exit_code == 1 and "start_node" in result.output
    good = tmp_path / "good.dot"
    good.write_text(GATE)
    result = invoke(str(good), "--logs-root", str(tmp_path / "r"), "--backend", "carrier-pigeon")
    assert result.exit_code == 2 and "unknown backend" in result.output
