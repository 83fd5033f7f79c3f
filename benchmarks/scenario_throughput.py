"""Scenario trials per hour on this machine, and the universe fork time a trial starts with.

Runs the greeter example (a real SUT process per trial, scripted actor, sandboxed checks) serial,
in parallel, and with warm SUT starts (forked from a parent that has imported ``slack_sdk``),
each as a ratio to the serial figure of the same run; then on a local Ray cluster (a head and a
second node, each started with ``ray start`` and given one CPU, inside a loopback-only network
namespace; needs root and ``darkfactory[ray]``); and compares a trial's wall time with its fixed
costs measured in the same run: forking the universe and starting an idle process.
"""

from __future__ import annotations

import importlib.util
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from darkfactory.sandbox import Sandbox
from darkfactory.scenarios import load_dir, run
from darkfactory.scenarios.ray_cluster import LocalCluster, loopback_only
from darkfactory.scenarios.runner import Baseline

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "tests" / "scenarios" / "greeter" / "scenarios"
SUT = f"{sys.executable} {ROOT / 'tests' / 'scenarios' / 'greeter' / 'sut.py'}"
TRIALS = 40


def timed(scenarios, **options) -> float:
    """Trials per hour of one run of the greeter's scenarios."""
    started = time.perf_counter()
    result = run(scenarios, SUT, trials=TRIALS, **options)
    elapsed = time.perf_counter() - started
    assert result.overall.satisfaction == 1.0, "the benchmark SUT must pass"
    return TRIALS / elapsed * 3600


def on_ray() -> None:
    """The Ray figure, printed as trials per hour (run inside a loopback-only namespace)."""
    scenarios = load_dir(SCENARIOS)
    with LocalCluster(nodes=2, cpus=1) as cluster:
        address = {"executor": "ray", "ray_address": cluster.address}
        timed(scenarios, **address)  # the workers' first trials import and rebuild the baseline
        print(timed(scenarios, parallel=4, preload=["slack_sdk"], **address))


def ray_figure() -> float | None:
    if importlib.util.find_spec("ray") is None or os.geteuid() != 0:
        return None
    command = loopback_only([sys.executable, __file__, "--ray"])
    done = subprocess.run(command, capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
        return None
    return float(done.stdout.split()[-1])


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
        (8, ["slack_sdk"]),
    ):
        per_hour = timed(scenarios, parallel=parallel, preload=preload)
        serial = serial or per_hour
        start = "warm" if preload else "cold"
        print(
            f"parallel={parallel} {start}: {per_hour:7.0f} trials/hour "
            f"({per_hour / serial:.2f}x serial cold)"
        )
    per_hour = ray_figure()
    if per_hour is None:
        print("ray (head + 1 node, 1 CPU each), parallel=4 warm: skipped (needs root and Ray)")
    else:
        print(
            f"ray (head + 1 node, 1 CPU each), parallel=4 warm: {per_hour:7.0f} trials/hour "
            f"({per_hour / serial:.2f}x serial cold)"
        )
    print(f"universe fork (median of 50): {statistics.median(forks) * 1000:.2f} ms")
    print(
        f"baseline: python start + import slack_sdk (median of 5): "
        f"{statistics.median(spawn) * 1000:.0f} ms per SUT process"
    )


if __name__ == "__main__":
    if sys.argv[1:] == ["--ray"]:
        on_ray()
    else:
        main()
