"""A crowd of LLM actors in one scenario, each with its persona, bounded by the run's call limit."""

from __future__ import annotations

from pathlib import Path

import pytest

from darkfactory.scenarios import load_dir, run
from darkfactory.scenarios.llm import LLMSettings
from darkfactory.scenarios.loader import ScenarioError

CROWD = Path(__file__).parent / "crowd"
SKEW = 0.02
PERSONAS = ("A shy designer", "A loud engineer", "A careful accountant")


def most_at_once(requests: list[dict]) -> int:
    """The most model calls that were in flight at one moment, from the journal's timing.

    An entry's ``at`` is taken once its answer was written, which can be a moment after the client
    has read it and let the next call go; so a call counts as over ``SKEW`` seconds before its
    ``at`` (each takes the 150 ms of the scenario's latency fault, far more)."""
    edges = []
    for request in requests:
        start = request["at"] - request["duration_ms"] / 1000
        edges += [(start, 1), (request["at"] - SKEW, -1)]
    peak = now = 0
    for _, change in sorted(edges, key=lambda edge: (edge[0], edge[1])):
        now += change
        peak = max(peak, now)
    return peak


def crowd(max_calls: int):
    settings = LLMSettings(scripts=(CROWD / "models",), max_calls=max_calls)
    return run(load_dir(CROWD / "scenarios"), None, llm=settings).trajectories[0]


def test_a_crowd_of_twelve_acts_at_once_each_with_its_persona_and_its_own_user():
    trajectory = crowd(max_calls=0)
    assert trajectory.satisfied, trajectory.verdicts
    names = {turn["actor"] for turn in trajectory.turns}
    assert names == {f"hire-{n}" for n in range(1, 13)}
    calls = [r for r in trajectory.requests if r["twin"] == "openai"]
    assert len(calls) == 24, "two model calls (post, then finish) per member"
    prompts = [str(r["request"]) for r in calls]
    for persona in PERSONAS:
        assert sum(persona in text for text in prompts) == 8, "personas go to 4 members each"
    assert sum("new hire number 12." in text for text in prompts) == 2
    assert most_at_once(calls) > 3, "without a limit the members call the model together"


def test_the_run_call_limit_bounds_model_calls_in_flight():
    trajectory = crowd(max_calls=3)
    assert trajectory.satisfied, trajectory.verdicts
    calls = [r for r in trajectory.requests if r["twin"] == "openai"]
    assert len(calls) == 24
    assert 2 <= most_at_once(calls) <= 3


def test_an_llm_actor_without_any_persona_is_refused(tmp_path):
    scenario = (CROWD / "scenarios" / "new-hires.md").read_text()
    scenario = scenario.replace(
        "    personas: [A shy designer, A loud engineer, A careful accountant]\n", ""
    )
    (tmp_path / "s.md").write_text(scenario)
    with pytest.raises(ScenarioError, match="needs a persona"):
        load_dir(tmp_path)
