"""The factory loop of ``examples/factory``: a coding agent (a scripted model on the Anthropic
twin) writes the bot, the holdout scenarios judge it, and the redacted failure sends the agent
back until satisfaction is 1 — the pipeline engine, the agent, the LLM twins and the scenario
runner, each as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from darkfactory.scenarios import load_dir

ROOT = Path(__file__).resolve().parents[2]
FACTORY = ROOT / "examples" / "factory"
ONBOARDING = ROOT / "examples" / "onboarding"

pytestmark = pytest.mark.slow


def test_the_factory_iterates_until_the_holdout_scenarios_are_satisfied(
    universe, llm_script, llm_exchanges, tmp_path
):
    llm_script(FACTORY / "models" / "coder.yaml", providers=("anthropic",))
    build, logs = tmp_path / "build", tmp_path / "runs"
    build.mkdir()
    anthropic = universe.credentials["anthropic"]
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONPATH": str(ROOT / "src"),
        "ANTHROPIC_API_KEY": anthropic["api_key"],
        "ANTHROPIC_BASE_URL": f"{universe.url}/anthropic",
        "DARKFACTORY_HOLDOUT": str(ONBOARDING),
        "ONBOARDING_APP": str(ONBOARDING / "app.py"),
    }
    for secret in ("OPENAI_API_KEY", "GEMINI_API_KEY", "GOOGLE_API_KEY"):
        env.pop(secret, None)
    finished = subprocess.run(
        [
            sys.executable,
            "-m",
            "darkfactory",
            "pipeline",
            "run",
            str(FACTORY / "factory.dot"),
            "--logs-root",
            str(logs),
            "--backend",
            "agent:anthropic",
            "--model",
            "factory-coder",
        ],
        cwd=build,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert finished.returncode == 0, finished.stdout[-2000:] + finished.stderr[-2000:]

    checkpoint = json.loads((logs / "checkpoint.json").read_text())
    assert checkpoint["completed_nodes"] == [
        "start",
        "implement",
        "holdout",
        "implement",
        "holdout",
        "exit",
    ]
    assert checkpoint["node_outcomes"]["holdout"]["outcome"] == "success"
    assert "--broken" not in (build / "app.py").read_text(), "the agent's fix is on disk"
    scores = checkpoint["context"]["tool.output"]
    assert "overall" in scores.lower() and "1.00" in scores
    for scenario in load_dir(ONBOARDING / "scenarios"):
        assert scenario.id in scores, "the feedback names each scenario and its score"
        assert scenario.title not in scores, "and never tells its story"

    asked = [x["prompt"] for x in llm_exchanges("anthropic", "factory-coder")]
    first, second = asked[0], asked[2]
    assert "holdout: fail" not in json.dumps(first)
    assert "holdout: fail" in json.dumps(second), "the second pass hears the holdout failed"
