"""Universe setup: steps run before the SUT, shared by every trial until one names the SUT's port.

Each trial picks its SUT's port before anything of it runs, so trials side by side never share
one. Setup steps run once, in the baseline every trial forks, up to the first step that names
``sut.port``; that step and the ones after it run in each trial's own fork, with that trial's
port, before its SUT starts.
"""

from __future__ import annotations

import json
import re
from typing import Any

from darkfactory.scenarios.context import StepError, Trial
from darkfactory.scenarios.steps import run_step

NAMES_PORT = re.compile(r"\bsut\s*(\.\s*port\b|\[\s*['\"]port['\"]\s*\])")


def names_port(step: dict[str, Any]) -> bool:
    """Whether a step's templates read the SUT's port (``{{ sut.port }}``)."""
    return bool(NAMES_PORT.search(json.dumps(step)))


def per_trial_from(steps: list[dict[str, Any]]) -> int:
    """The index of the first step that runs in each trial (``len(steps)``: none does)."""
    return next((i for i, step in enumerate(steps) if names_port(step)), len(steps))


def run_setup(trial: Trial, steps: list[dict[str, Any]], first_number: int = 1) -> None:
    """Run setup ``steps`` in order, numbered from ``first_number``; the first that fails raises
    a StepError naming it and the twin's answer."""
    for number, step in enumerate(steps, first_number):
        result = run_step(trial, step)
        if result.failed:
            raise StepError(f"setup step {number} {step} failed: {result.error}")
