"""Clear endings: a run that matches no outgoing edge stops, saying where and on which outcome;
it is neither a success nor an ordinary failure, in the result, the checkpoint and the CLI."""

from __future__ import annotations

from click.testing import CliRunner
from tests.pipeline.engine_support import Scripted, engine_with, run_dot

from darkfactory.cli import main
from darkfactory.pipeline.checkpoint import Checkpoint
from darkfactory.pipeline.commands import EXIT_STOPPED

ONLY_ON_FAIL = """digraph Picky {
    start [shape=Mdiamond]
    exit [shape=Msquare]
    check [prompt="check"]
    start -> check
    check -> exit [condition="outcome=fail"]
}"""
REASON = "run ended at node 'check' because no outgoing edge matched outcome 'success'"


def test_no_matching_edge_stops_the_run_naming_the_node_and_the_outcome(tmp_path):
    result = run_dot(ONLY_ON_FAIL, tmp_path, engine_with(Scripted()))
    assert (result.succeeded, result.stopped) == (False, True)
    assert result.failure_reason == REASON
    assert result.completed_nodes == ["start", "check"]
    saved = Checkpoint.load(tmp_path / "checkpoint.json")
    assert (saved.status, saved.reason, saved.current_node) == ("stopped", REASON, "check")
    # resuming the ended run tells the same ending and runs nothing
    again = Scripted()
    resumed = run_dot(ONLY_ON_FAIL, tmp_path, engine_with(again), resume=True)
    assert again.order == [] and resumed.stopped and resumed.failure_reason == REASON


def test_a_matching_edge_reaches_the_exit_and_a_plain_failure_is_not_a_stop(tmp_path):
    routed = run_dot(ONLY_ON_FAIL, tmp_path / "routed", engine_with(Scripted({"check": ["fail"]})))
    assert routed.completed_nodes[-1] == "exit" and routed.succeeded and not routed.stopped
    failing = ONLY_ON_FAIL.replace('condition="outcome=fail"', 'condition="outcome=success"')
    failed = run_dot(failing, tmp_path / "failed", engine_with(Scripted({"check": ["fail"]})))
    assert (failed.succeeded, failed.stopped, failed.failure_reason) == (
        False,
        False,
        "check said fail",
    )
    assert Checkpoint.load(tmp_path / "failed").status == "fail"


def test_the_cli_says_stopped_and_exits_with_its_own_code(tmp_path):
    dot = tmp_path / "picky.dot"
    dot.write_text(ONLY_ON_FAIL)
    runner = CliRunner()
    stopped = runner.invoke(main, ["pipeline", "run", str(dot), "--logs-root", str(tmp_path / "a")])
    assert stopped.exit_code == EXIT_STOPPED == 3, stopped.output
    assert f"pipeline stopped: {REASON}" in " ".join(stopped.output.split())  # rich wraps
    assert "pipeline succeeded" not in stopped.output
    assert "[outcome_coverage]" in stopped.output  # validation warned before the run
    dot.write_text(ONLY_ON_FAIL.replace(' [condition="outcome=fail"]', ""))
    done = runner.invoke(main, ["pipeline", "run", str(dot), "--logs-root", str(tmp_path / "b")])
    assert done.exit_code == 0 and "pipeline succeeded" in done.output
    assert "outcome_coverage" not in done.output
