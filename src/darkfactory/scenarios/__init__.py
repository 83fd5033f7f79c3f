"""Holdout scenarios run against a system under test and the twin universe, judged as satisfaction.

from darkfactory.scenarios import load_dir, run
result = run(load_dir("examples/onboarding/scenarios"), sut="python app.py", parallel=2)
result.overall.satisfaction        # fraction of trajectories that satisfied the user
"""

from darkfactory.scenarios.loader import ScenarioError, load, load_dir, parse
from darkfactory.scenarios.model import Scenario, header_schema
from darkfactory.scenarios.runner import Run, run
from darkfactory.scenarios.satisfaction import Score, pass_hat_k, wilson

__all__ = [
    "Run",
    "Scenario",
    "ScenarioError",
    "Score",
    "header_schema",
    "load",
    "load_dir",
    "parse",
    "pass_hat_k",
    "run",
    "wilson",
]
