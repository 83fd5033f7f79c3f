"""Trials as Ray tasks on a real two-node cluster (``ray start``), in a loopback-only namespace."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from darkfactory.scenarios import load_dir, run, runner
from darkfactory.scenarios.ray_cluster import loopback_only
from darkfactory.scenarios.runner import ExecutorUnavailable
from darkfactory.scenarios.trajectory import Trajectory, Verdict

HERE = Path(__file__).parent
SRC = Path(__file__).resolve().parents[2] / "src"


def namespaces_available() -> bool:
    if os.geteuid() != 0 or shutil.which("unshare") is None or shutil.which("ip") is None:
        return False
    probe = subprocess.run(loopback_only(["true"]), capture_output=True)
    return probe.returncode == 0


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_trials_run_on_both_nodes_and_survive_a_dead_worker(tmp_path):
    pytest.importorskip("ray")
    if not namespaces_available():
        pytest.skip("needs root, unshare and ip to make a loopback-only namespace")
    marker = tmp_path / "killed"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), str(HERE.parents[1])])}
    done = subprocess.run(
        loopback_only([sys.executable, str(HERE / "ray_trials.py"), str(marker)]),
        capture_output=True,
        text=True,
        env=env,
        timeout=560,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])

    good = found["good"]
    assert good["satisfaction"] == 1.0, good["errors"]
    assert good["trials"] == [1, 2, 3, 4]
    assert len(good["nodes"]) == 2, "trials are spread over the head and the second node"
    assert found["broken"]["satisfaction"] == 0.0

    # The first start of the dying SUT killed its Ray worker; Ray ran the trial again elsewhere.
    assert marker.read_text().startswith("the first start killed")
    assert found["dying"]["satisfaction"] == 1.0, found["dying"]["errors"]
    assert found["dying"]["infrastructure"] == 0

    assert found["cli"]["status"] == 0, found["cli"]["stderr"]
    assert "overall 1.000" in found["cli"]["stdout"]

    assert found["running"] > 2, "the cluster's processes were found while it ran"
    assert found["left_running"] == [], "every process the cluster started is stopped"


def test_the_ray_executor_without_ray_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # as if Ray were not installed
    monkeypatch.delitem(sys.modules, "darkfactory.scenarios.ray_executor", raising=False)
    with pytest.raises(ExecutorUnavailable, match=r"darkfactory\[ray\]"):
        run(load_dir(HERE / "greeter" / "scenarios"), None, executor="ray")


def test_an_unknown_executor_is_refused():
    with pytest.raises(ValueError, match="executor must be one of local, ray"):
        run(load_dir(HERE / "greeter" / "scenarios"), None, executor="threads")


def test_infrastructure_failures_are_reported_but_never_scored(monkeypatch):
    """A trial the cluster could not carry out stays in the report and out of satisfaction."""

    def run_trials(jobs, images, *options):
        assert set(images) == {s.id for s, _ in jobs}, "every scenario's baseline is shipped"
        return [
            Trajectory(s.id, n, error="infrastructure: NodeDiedError", infrastructure=True)
            if n == 1
            else Trajectory(s.id, n, satisfied=True, verdicts=[Verdict("ok", True, "")])
            for s, n in jobs
        ]

    cluster = SimpleNamespace(Image=SimpleNamespace(of=lambda *image: image), run_trials=run_trials)
    monkeypatch.setattr(runner, "_ray_executor", lambda: cluster)
    result = run(load_dir(HERE / "greeter" / "scenarios"), None, trials=3, executor="ray")
    assert [t.infrastructure for t in result.trajectories] == [True, False, False]
    assert (result.overall.trials, result.overall.satisfied) == (2, 2)
    assert result.overall.satisfaction == 1.0
