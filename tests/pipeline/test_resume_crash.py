"""Crash and resume: SIGKILL `darkfactory pipeline run` mid-run, `--resume` it, and compare with an
uninterrupted run of the same pipeline. The checkpoint log commits without an fsync; a killed
process loses none of it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.helpers import eventually

from darkfactory.pipeline.checkpoint import Checkpoint

STAGES = [f"s{i}" for i in range(8)]
NODES = (
    "\n".join(
        f'    {s} [shape=parallelogram, tool_command="sleep 0.15; echo {s}-$ATTRACTOR_NODE_ID"]'
        for s in STAGES[:4]
    )
    + "\n"
    + "\n".join(f'    {s} [prompt="step {s} of $goal"]' for s in STAGES[4:])
)
DOT = f"""digraph Crashy {{
    graph [goal="survive a crash"]
    start [shape=Mdiamond]
    exit [shape=Msquare]
    check [shape=diamond]
{NODES}
    start -> {" -> ".join(STAGES[:4])} -> check
    check -> {STAGES[4]} [condition="context.tool.output=s3-s3"]
    check -> exit [condition="context.tool.output!=s3-s3"]
    {" -> ".join(STAGES[4:])} -> exit
}}"""


def command(dot: Path, logs: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "darkfactory",
        "pipeline",
        "run",
        str(dot),
        "--logs-root",
        str(logs),
        *extra,
    ]


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2] / "src")}


def outcome_of(logs: Path) -> dict:
    checkpoint = Checkpoint.load(logs / "checkpoint.json")
    context = {k: v for k, v in checkpoint.context_values.items() if not k.startswith("internal.")}
    statuses = {
        n: json.loads((logs / n / "status.json").read_text()) for n in checkpoint.completed_nodes
    }
    return {
        "status": checkpoint.status,
        "current_node": checkpoint.current_node,
        "completed": checkpoint.completed_nodes,
        "context": context,
        "statuses": statuses,
        "responses": {n: (logs / n / "response.md").read_text() for n in STAGES[4:]},
    }


def test_sigkill_mid_run_then_resume_matches_an_uninterrupted_run(tmp_path):
    dot = tmp_path / "crashy.dot"
    dot.write_text(DOT)
    whole = tmp_path / "whole"
    subprocess.run(command(dot, whole), env=env(), check=True, capture_output=True, timeout=60)

    crashed = tmp_path / "crashed"
    events = tmp_path / "events.jsonl"
    proc = subprocess.Popen(
        command(dot, crashed, "--events-jsonl", str(events)),
        env=env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def mid_run():
        return Checkpoint.exists(crashed) and len(Checkpoint.load(crashed).completed_nodes) >= 3

    eventually(mid_run, timeout=30)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(10) == -signal.SIGKILL
    # what survived the kill is the checkpoint log alone: the json view is written at the end
    assert not (crashed / "checkpoint.json").exists()
    at_crash = Checkpoint.load(crashed)
    assert at_crash.status == "running" and at_crash.next_node  # killed mid-run, not after it
    assert "PipelineCompleted" not in events.read_text()

    resumed = subprocess.run(
        command(dot, crashed, "--resume"), env=env(), capture_output=True, text=True, timeout=60
    )
    assert resumed.returncode == 0, resumed.stderr
    assert "pipeline succeeded" in resumed.stderr
    assert outcome_of(crashed) == outcome_of(whole)
    final = outcome_of(crashed)
    assert final["completed"] == ["start", *STAGES[:4], "check", *STAGES[4:], "exit"]
    assert final["context"]["tool.output"] == "s3-s3"
    # the resumed process picked up where the checkpoint said, not from the start
    assert f"▶ {at_crash.completed_nodes[1]}" not in resumed.stderr
