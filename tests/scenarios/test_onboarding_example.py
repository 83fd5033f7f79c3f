"""The shipped onboarding example: its scenarios satisfy the real app and catch the broken one."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from darkfactory.scenarios import load_dir, run
from darkfactory.scenarios.llm import LLMSettings

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "onboarding"
SUT = f"{sys.executable} {EXAMPLE / 'app.py'}"

pytestmark = pytest.mark.slow


def test_app_satisfies_its_scenarios_and_the_broken_variant_scores_lower():
    scenarios = load_dir(EXAMPLE / "scenarios")
    assert {s.id for s in scenarios} >= {
        "welcome-on-activation",
        "groups-move-channels",
        "offboarding",
        "new-hire-finds-their-way",
    }
    scripted = LLMSettings(scripts=(EXAMPLE / "models",))
    good = run(scenarios, SUT, trials=1, parallel=3, llm=scripted)
    broken = run(scenarios, f"{SUT} --broken", trials=1, parallel=3, llm=scripted)
    reasons = {
        t.scenario: [v.reason for v in t.verdicts if not v.passed] for t in good.trajectories
    }
    assert good.overall.satisfaction == 1.0, reasons
    assert broken.overall.satisfaction < good.overall.satisfaction
    welcome = next(t for t in broken.trajectories if t.scenario == "welcome-on-activation")
    assert not welcome.satisfied
    assert any("onboarding ready" in t.sut_output for t in good.trajectories)
