"""Scenario trials as Ray tasks: the executor for runs that go past one machine.

The driver sets each scenario's universe up once (``runner.Baseline``) and ships it to the cluster
as a Ray object: an ``Image``, the baseline database's bytes with what it was seeded with. A task
runs one trial on whichever node Ray schedules it: its worker process reads each image's state
once and makes each trial's universe from it, starts the SUT on that node (warm, when the run
preloads modules) and sends the trajectory back. Trajectories stream to the driver as they finish.

Ray retries a task whose worker or node died. A trial whose task still fails for such a reason is
an infrastructure failure, not the SUT's: it is run again (up to ``RERUNS`` times) and, if it never
completes, reported with ``infrastructure=True`` and left out of satisfaction.
"""

from __future__ import annotations

import atexit
import hashlib
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import ray
from ray.exceptions import RayError, RayTaskError

from darkfactory.sandbox import Sandbox
from darkfactory.scenarios.llm import LLMSettings
from darkfactory.scenarios.model import Scenario
from darkfactory.scenarios.trajectory import Trajectory
from darkfactory.scenarios.trial import run_trial
from darkfactory.scenarios.zygote import Zygote
from darkfactory.twins.kit.store import snapshot_from_bytes
from darkfactory.twins.kit.universe import Universe

RERUNS = 2  # driver-side re-runs of a trial whose task failed for infrastructure reasons
TASK_RETRIES = 3  # Ray's own retries of a task whose worker died
TASK_CPUS = 0.5  # a trial mostly waits on its SUT and the twins: two share a core


@dataclass(frozen=True)
class Image:
    """A scenario's baseline universe as bytes, and what a trial forked from it needs."""

    key: str
    identity: dict[str, Any]
    database: bytes
    saved: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, universe: Universe, snapshot: str, saved: dict[str, Any]) -> Image:
        database = universe.snapshot_bytes(snapshot)
        key = hashlib.sha256(database).hexdigest()
        return cls(key, universe.identity(), database, saved)


class _Worker:
    """What one Ray worker process keeps between trials: its sandbox, its warm SUT parents and
    the baselines' states it has read from their bytes, each made on first use."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.sandbox: Sandbox | None = None
        self.zygotes: dict[tuple[str, ...], Zygote] = {}
        self.states: dict[str, sqlite3.Connection] = {}
        atexit.register(self.close)

    def fork(self, image: Image) -> Universe:
        """A trial's own universe, holding the baseline's state."""
        with self.lock:
            if image.key not in self.states:
                self.states[image.key] = snapshot_from_bytes(image.database)
            return Universe.from_state(self.states[image.key], **image.identity)

    def tools(self, preload: tuple[str, ...]) -> tuple[Sandbox, Zygote | None]:
        with self.lock:
            if self.sandbox is None:
                self.sandbox = Sandbox(workers=1).__enter__()
            if preload and preload not in self.zygotes:
                self.zygotes[preload] = Zygote(list(preload)).__enter__()
            return self.sandbox, self.zygotes.get(preload)

    def close(self) -> None:
        for zygote in self.zygotes.values():
            zygote.__exit__(None, None, None)
        if self.sandbox is not None:
            self.sandbox.__exit__(None, None, None)
        for state in self.states.values():
            state.close()


_worker: _Worker | None = None


def trial_task(
    scenario: Scenario,
    number: int,
    image: Image,
    sut: str | None,
    wait_port: bool,
    llm: LLMSettings,
    preload: tuple[str, ...],
) -> Trajectory:
    """One trial, run in a Ray worker process (the body of the Ray task)."""
    global _worker
    if _worker is None:
        _worker = _Worker()
    sandbox, zygote = _worker.tools(preload if sut else ())
    trajectory = run_trial(
        scenario,
        number,
        lambda: _worker.fork(image),
        sut,
        sandbox,
        wait_port,
        image.saved,
        llm,
        zygote,
    )
    trajectory.node = ray.get_runtime_context().get_node_id()
    return trajectory


def run_trials(
    jobs: list[tuple[Scenario, int]],
    images: dict[str, Image],
    sut: str | None,
    wait_port: bool,
    llm: LLMSettings,
    preload: tuple[str, ...],
    on_trial: Callable[[Trajectory], None],
    parallel: int,
    address: str | None,
) -> list[Trajectory]:
    """Run ``jobs`` (scenarios whose baseline is in ``images``) as Ray tasks on the cluster at
    ``address`` (``None``: ``RAY_ADDRESS``, or a new local one), at most ``parallel`` at once or
    as many as the cluster's CPUs take, whichever is more; in the order of ``jobs``."""
    started_here = not ray.is_initialized()
    if started_here:
        ray.init(address=address, log_to_driver=False, configure_logging=False)
    try:
        task = ray.remote(
            num_cpus=TASK_CPUS, max_retries=TASK_RETRIES, scheduling_strategy="SPREAD"
        )(trial_task)
        shipped = {key: ray.put(image) for key, image in images.items()}
        room = max(parallel, int(ray.cluster_resources().get("CPU", 1) / TASK_CPUS))
        results: dict[int, Trajectory] = {}
        attempts = dict.fromkeys(range(len(jobs)), 0)
        waiting = list(range(len(jobs)))
        running: dict[Any, int] = {}

        def finish(index: int, trajectory: Trajectory) -> None:
            results[index] = trajectory
            on_trial(trajectory)

        while waiting or running:
            while waiting and len(running) < room:
                index = waiting.pop(0)
                scenario, number = jobs[index]
                attempts[index] += 1
                ref = task.remote(
                    scenario, number, shipped[scenario.id], sut, wait_port, llm, preload
                )
                running[ref] = index
            (done,), _ = ray.wait(list(running), num_returns=1)
            index = running.pop(done)
            scenario, number = jobs[index]
            try:
                finish(index, ray.get(done))
            except RayTaskError as error:  # the trial's own code raised: the trial errored
                finish(index, Trajectory(scenario.id, number, error=str(error.cause)))
            except RayError as error:  # a worker or node died under it, past Ray's retries
                if attempts[index] <= RERUNS:
                    waiting.insert(0, index)
                    continue
                reason = f"infrastructure: {type(error).__name__}: {error}"
                finish(index, Trajectory(scenario.id, number, error=reason, infrastructure=True))
        return [results[index] for index in range(len(jobs))]
    finally:
        if started_here:
            ray.shutdown()
