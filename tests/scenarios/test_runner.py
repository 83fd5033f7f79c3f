"""Running scenarios end to end against a real SUT process and forked universes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from darkfactory.cli import main
from darkfactory.scenarios import load_dir, run

HERE = Path(__file__).parent
SCENARIOS = HERE / "greeter" / "scenarios"
SUT = f"{sys.executable} {HERE / 'greeter' / 'sut.py'}"

pytestmark = pytest.mark.slow


def test_working_sut_satisfies_and_broken_one_scores_lower():
    good = run(load_dir(SCENARIOS), SUT, trials=2, parallel=2)
    broken = run(load_dir(SCENARIOS), f"{SUT} --broken", trials=2, parallel=2)
    assert good.overall.satisfaction == 1.0, [t.verdicts for t in good.trajectories]
    assert broken.overall.satisfaction < good.overall.satisfaction
    failed = broken.trajectories[0].verdicts[0]
    assert failed.name == "welcomed in the thread" and not failed.passed
    trajectory = good.trajectories[0]
    assert "greeter ready" in trajectory.sut_output
    operations = [r["operation"] for r in trajectory.requests]
    assert operations.count("chat.postMessage") == 2
    assert trajectory.turns[1]["result"]["ok"] is True


def test_trials_are_isolated_in_their_own_universes():
    result = run(load_dir(SCENARIOS), SUT, trials=3, parallel=3)
    assert result.overall.satisfied == 3, "a shared universe would show several replies"


def test_cli_prints_satisfaction_and_writes_reports(tmp_path):
    outcome = CliRunner().invoke(
        main,
        [
            "scenarios",
            "run",
            str(SCENARIOS),
            "--sut",
            SUT,
            "--trials",
            "1",
            "--report",
            str(tmp_path),
        ],
    )
    assert outcome.exit_code == 0, outcome.output
    assert "greeted-back" in outcome.output and "100%" in outcome.output
    data = json.loads((tmp_path / "report.json").read_text())
    assert data["overall"]["satisfaction"] == 1.0
    assert data["trajectories"][0]["requests"]
    assert (tmp_path / "index.html").read_text().count('class="trajectory"') == 1


def test_redacted_feedback_prints_only_ids_and_scores():
    outcome = CliRunner().invoke(
        main,
        [
            "scenarios",
            "run",
            str(SCENARIOS),
            "--sut",
            f"{SUT} --broken",
            "--trials",
            "1",
            "--feedback",
            "redacted",
            "--min-satisfaction",
            "0.5",
        ],
    )
    assert outcome.exit_code == 1
    lines = [line for line in outcome.output.splitlines() if line.strip()]
    assert lines == ["greeted-back 0.000", "overall 0.000"]


def test_sut_that_never_listens_is_a_trial_error(tmp_path):
    result = run(load_dir(SCENARIOS), f"{sys.executable} -c 'import sys; sys.exit(3)'", trials=1)
    trajectory = result.trajectories[0]
    assert not trajectory.satisfied
    assert "exited with 3" in trajectory.error
