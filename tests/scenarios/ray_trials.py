"""Scenario trials on a two-node Ray cluster; prints what happened as JSON.

Run by ``test_ray_executor.py`` inside a loopback-only namespace (``loopback_only``): it starts
the cluster with ``ray start``, runs the greeter's scenarios through ``run(executor="ray")`` and
through the CLI, and stops every process of the cluster before it exits.
"""

import json
import subprocess
import sys
from pathlib import Path

from darkfactory.scenarios import load_dir, run
from darkfactory.scenarios.ray_cluster import LocalCluster

GREETER = Path(__file__).parent / "greeter"
SUT = f"{sys.executable} {GREETER / 'sut.py'}"


def outcome(result) -> dict:
    return {
        "satisfaction": result.overall.satisfaction,
        "trials": [t.trial for t in result.trajectories],
        "nodes": sorted({t.node for t in result.trajectories}),
        "errors": [t.error for t in result.trajectories if t.error],
        "infrastructure": sum(t.infrastructure for t in result.trajectories),
    }


def main() -> None:
    marker = Path(sys.argv[1])
    scenarios = load_dir(GREETER / "scenarios")
    found = {}
    with LocalCluster(nodes=2, cpus=1) as cluster:
        on_ray = {"executor": "ray", "ray_address": cluster.address}
        found["good"] = outcome(run(scenarios, SUT, trials=4, parallel=4, **on_ray))
        found["broken"] = outcome(run(scenarios, f"{SUT} --broken", trials=1, **on_ray))
        dying = f"{sys.executable} {GREETER / 'dying_sut.py'} {marker}"
        found["dying"] = outcome(run(scenarios, dying, trials=1, **on_ray))
        command = [sys.executable, "-m", "darkfactory", "scenarios", "run"]
        command += [str(GREETER / "scenarios"), "--sut", SUT, "--trials", "2"]
        command += ["--preload", "slack_sdk"]  # warm SUT starts, on the Ray workers
        command += ["--executor", "ray", "--ray-address", cluster.address]
        cli = subprocess.run([*command, "--feedback", "redacted"], capture_output=True, text=True)
        found["cli"] = {
            "status": cli.returncode,
            "stdout": cli.stdout,
            "stderr": cli.stderr[-2000:],
        }
        found["running"] = len(cluster.pids())
    found["left_running"] = cluster.pids()
    print(json.dumps(found))


if __name__ == "__main__":
    main()
