"""Scenario trials per hour on this machine, and the universe fork time a trial starts with.

Runs the greeter example (a real SUT process per trial, scripted actor, sandboxed checks) serial,
in parallel, and with warm SUT starts (forked from a parent that has imported ``slack_sdk``),
each as a ratio to the serial figure of the same run; and compares a trial's wall time with its
fixed costs measured in the same run: forking the universe and starting an idle process.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from darkfactory.sandbox import Sandbox
from darkfactory.scenarios import load_dir, run
from darkfactory.scenarios.runner import Baseline

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "tests" / "scenarios" / "greeter" / "scenarios"
SUT = f"{sys.executable} {ROOT / 'tests' / 'scenarios' / 'greeter' / 'sut.py'}"
TRIALS = 20


def main() -> None:
    scenarios = load_dir(SCENARIOS)
    with Sandbox() as sandbox:
        baseline = Baseline(scenarios[0], sandbox)
    forks = []
    for _ in range(50):
        started = time.perf_counter()
        baseline.fork().close()
        forks.append(time.perf_counter() - started)
    spawn = []
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import slack_sdk"], check=True)
        spawn.append(time.perf_counter() - started)
    serial = None
    for parallel, preload in (
        (1, None),
        (2, None),
        (4, None),
        (1, ["slack_sdk"]),
        (4, ["slack_sdk"]),
    ):
        started = time.perf_counter()
        result = run(scenarios, SUT, trials=TRIALS, parallel=parallel, preload=preload)
        elapsed = time.perf_counter() - started
        assert result.overall.satisfaction == 1.0, "the benchmark SUT must pass"
        per_hour = TRIALS / elapsed * 3600
        serial = serial or per_hour
        start = "warm" if preload else "cold"
        print(
            f"parallel={parallel} {start}: {TRIALS} trials in {elapsed:5.1f} s -> "
            f"{per_hour:7.0f} trials/hour ({per_hour / serial:.2f}x serial cold)"
        )
    print(f"universe fork (median of 50): {statistics.median(forks) * 1000:.2f} ms")
    print(
        f"baseline: python start + import slack_sdk (median of 5): "
        f"{statistics.median(spawn) * 1000:.0f} ms per SUT process"
    )


if __name__ == "__main__":
    main()
