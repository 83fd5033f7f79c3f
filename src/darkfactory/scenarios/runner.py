"""Running scenarios: a seeded baseline per scenario, then trials in parallel, each in a fork.

Trials run in threads of this process (the ``local`` executor), or as Ray tasks on a cluster
(``ray``, see ``darkfactory.scenarios.ray_executor``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass

from darkfactory.context import ContextStore
from darkfactory.sandbox import Sandbox
from darkfactory.scenarios.context import StepError, Trial
from darkfactory.scenarios.install import install_slack_app
from darkfactory.scenarios.llm import LLMSettings
from darkfactory.scenarios.model import Scenario
from darkfactory.scenarios.record import record_trial
from darkfactory.scenarios.satisfaction import Score, overall, score
from darkfactory.scenarios.setup import per_trial_from, run_setup
from darkfactory.scenarios.trajectory import Trajectory
from darkfactory.scenarios.trial import run_trial
from darkfactory.scenarios.zygote import Zygote
from darkfactory.twins.kit.server import UniverseServer
from darkfactory.twins.kit.universe import Universe

EXECUTORS = ("local", "ray")


class ExecutorUnavailable(RuntimeError):
    """The executor a run asks for cannot run here (Ray is not installed)."""


@dataclass
class Run:
    """The outcome of running scenarios: per-scenario scores, the pooled score, trajectories."""

    scores: list[Score]
    overall: Score
    trajectories: list[Trajectory]

    def as_dict(self, redacted: bool = False) -> dict:
        data = {"overall": self.overall.as_dict(), "scenarios": [s.as_dict() for s in self.scores]}
        if not redacted:
            data["trajectories"] = [t.as_dict() for t in self.trajectories]
        return data


class Baseline:
    """A scenario's seeded universe after its shared setup steps (those before the first that
    names the SUT's port), from which every trial forks."""

    def __init__(
        self, scenario: Scenario, sandbox: Sandbox, llm: LLMSettings | None = None
    ) -> None:
        llm = llm or LLMSettings()
        try:
            self.universe = Universe(
                seed=scenario.universe.seed, fixtures=scenario.universe.fixtures
            )
        except ValueError as exc:  # fixtures that name what the universe lacks
            raise StepError(f"universe fixtures: {exc}") from None
        self._lock = threading.Lock()
        self.saved: dict = {}
        llm.register_scripts(self.universe)
        try:
            if scenario.sut.slack_app is not None:
                app = install_slack_app(self.universe, scenario.sut.slack_app)
                self.saved["sut"] = {"slack_app": app}
            shared = scenario.universe.setup[: per_trial_from(scenario.universe.setup)]
            if shared:
                self._set_up(scenario, shared, sandbox, llm)
        except StepError:
            self.universe.close()
            raise
        self.snapshot = self.universe.snapshot()

    def _set_up(
        self, scenario: Scenario, steps: list[dict], sandbox: Sandbox, llm: LLMSettings
    ) -> None:
        with UniverseServer(self.universe) as server:
            setup = Trial(scenario, 0, server, sandbox, llm)
            setup.saved.update(self.saved)
            run_setup(setup, steps)
            self.saved = setup.saved

    def fork(self) -> Universe:
        with self._lock:
            return self.universe.fork(self.snapshot)


def run(
    scenarios: list[Scenario],
    sut: str | None,
    trials: int | None = None,
    parallel: int = 1,
    wait_port: bool = True,
    on_trial: Callable[[Trajectory], None] | None = None,
    llm: LLMSettings | None = None,
    preload: list[str] | None = None,
    executor: str = "local",
    ray_address: str | None = None,
    store: ContextStore | None = None,
) -> Run:
    """Run every scenario ``trials`` times (default: each scenario's own count).

    ``llm`` says where judges and LLM actors find their models (the universe's twins by default).
    ``preload`` names modules a warm parent imports once, to fork each trial's SUT from (see
    ``darkfactory.scenarios.zygote``); without it every SUT starts cold. ``executor`` is
    ``local`` (threads here) or ``ray`` (tasks on the Ray cluster at ``ray_address``). With a
    context ``store``, each trial is recorded there as a context as it ends (see
    ``darkfactory.scenarios.record``), and its trajectory names that context.
    """
    if executor not in EXECUTORS:
        raise ValueError(f"executor must be one of {', '.join(EXECUTORS)}, not {executor!r}")
    remote = _ray_executor() if executor == "ray" else None
    llm = llm or LLMSettings()
    with (
        Sandbox(workers=max(1, parallel)) as sandbox,
        Zygote(preload) if preload and sut and remote is None else nullcontext() as zygote,
    ):
        baselines, failures = {}, {}
        for s in scenarios:
            try:
                baselines[s.id] = Baseline(s, sandbox, llm)
            except StepError as exc:
                failures[s.id] = f"setup failed: {exc}"
        jobs = [(s, n) for s in scenarios for n in range(1, (trials or s.trials) + 1)]
        notify = _recording(store, on_trial)
        errored = [Trajectory(s.id, n, error=failures[s.id]) for s, n in jobs if s.id in failures]
        for trajectory in errored:
            notify(trajectory)
        jobs = [(s, n) for s, n in jobs if s.id not in failures]

        def one(job: tuple[Scenario, int]) -> Trajectory:
            scenario, number = job
            baseline = baselines[scenario.id]
            trajectory = run_trial(
                scenario,
                number,
                baseline.fork,
                sut,
                sandbox,
                wait_port,
                baseline.saved,
                llm,
                zygote,
            )
            notify(trajectory)
            return trajectory

        if remote is not None:
            images = {
                s: remote.Image.of(b.universe, b.snapshot, b.saved) for s, b in baselines.items()
            }
            ran = remote.run_trials(
                jobs,
                images,
                sut,
                wait_port,
                llm,
                tuple(preload or ()),
                notify,
                parallel,
                ray_address,
            )
        else:
            with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
                ran = list(pool.map(one, jobs))
        for baseline in baselines.values():
            baseline.universe.close()
    order = {s.id: i for i, s in enumerate(scenarios)}
    trajectories = sorted(errored + ran, key=lambda t: (order[t.scenario], t.trial))
    scores = [
        score(
            s.id, [t.satisfied for t in trajectories if t.scenario == s.id and not t.infrastructure]
        )
        for s in scenarios
    ]
    return Run(scores, overall(scores), trajectories)


def _recording(
    store: ContextStore | None, on_trial: Callable[[Trajectory], None] | None
) -> Callable[[Trajectory], None]:
    """What to call as each trial ends: record it in ``store`` (when given), then ``on_trial``."""

    def notify(trajectory: Trajectory) -> None:
        if store is not None:
            trajectory.context_id = record_trial(store, trajectory)
        if on_trial is not None:
            on_trial(trajectory)

    return notify


def _ray_executor():
    """``darkfactory.scenarios.ray_executor``, which needs the optional Ray."""
    try:
        from darkfactory.scenarios import ray_executor
    except ModuleNotFoundError as missing:
        if missing.name != "ray":
            raise
        raise ExecutorUnavailable(
            "the ray executor needs Ray: pip install 'darkfactory[ray]'"
        ) from None
    return ray_executor
