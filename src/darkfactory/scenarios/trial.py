"""One trial of one scenario: a forked universe, the SUT, the actors, the checks and the judge."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from darkfactory.sandbox import Sandbox
from darkfactory.scenarios import llm_actor
from darkfactory.scenarios.capabilities import evaluate, functions
from darkfactory.scenarios.context import StepError, Trial, last_journal_id
from darkfactory.scenarios.install import connect_slack_app, environment
from darkfactory.scenarios.judge import judge
from darkfactory.scenarios.llm import LLMSettings
from darkfactory.scenarios.model import Check, LLMActor, Scenario, ScriptedActor
from darkfactory.scenarios.setup import per_trial_from, run_setup
from darkfactory.scenarios.steps import parse_step, run_step
from darkfactory.scenarios.sut import SystemUnderTest
from darkfactory.scenarios.templating import render
from darkfactory.scenarios.trajectory import Trajectory, Verdict
from darkfactory.scenarios.zygote import Zygote
from darkfactory.twins.kit.server import UniverseServer, free_port
from darkfactory.twins.kit.universe import Universe

NO_JUDGE = "judge criteria not evaluated: no judge model (set the judge's model, or --judge)"


def run_trial(
    scenario: Scenario,
    number: int,
    fork_baseline: Callable[[], Universe],
    sut_command: str | None,
    sandbox: Sandbox,
    wait_port: bool = True,
    saved: dict[str, Any] | None = None,
    llm: LLMSettings | None = None,
    zygote: Zygote | None = None,
) -> Trajectory:
    started = time.monotonic()
    trajectory = Trajectory(scenario.id, number, started_at=time.time())
    llm = llm or LLMSettings()
    judged = scenario.judge is not None and bool(llm.judge_model or scenario.judge.model)
    if scenario.judge is not None and not judged:
        trajectory.notes.append(NO_JUDGE)
    fork = fork_baseline()
    server = UniverseServer(fork).start()
    try:
        trial = Trial(scenario, number, server, sandbox, llm)
        trial.saved.update(saved or {})
        port = free_port()
        trial.saved["sut"] = {**trial.saved.get("sut", {}), "port": port}
        try:
            set_up(trial)
            if sut_command:
                start_sut(trial, sut_command, port, wait_port, zygote)
            trajectory.turns, failures = perform(trial)
            trial.wait_quiet()
            pictures, unpictured = _scripted(trial, "screenshots", _pictures(trial.scenario))
            trajectory.turns += pictures
            failures += unpictured
            trajectory.verdicts = failures + [_check(trial, c) for c in scenario.checks]
        except (RuntimeError, StepError) as exc:
            trajectory.error = str(exc)
        finally:
            if trial.sut is not None:
                trajectory.sut_output = trial.sut.stop()[-20_000:]
            trajectory.requests = functions(trial)["journal"]()
        if judged and trajectory.error is None:
            passed, reason = judge(trial, trajectory, llm)
            trajectory.verdicts.append(Verdict("judge", passed, reason, kind="judge"))
    finally:
        # The trial is over: its universe's server winds down while the next trial starts.
        server.stop_in_background(then=fork.close)
    trajectory.satisfied = (
        trajectory.error is None
        and bool(trajectory.verdicts)
        and all(v.passed for v in trajectory.verdicts)
    )
    trajectory.duration_s = round(time.monotonic() - started, 3)
    return trajectory


def set_up(trial: Trial) -> None:
    """Run the setup steps that name the SUT's port, in this trial's own universe; what the
    trial's checks see of the journal starts after them."""
    steps = trial.scenario.universe.setup
    start = per_trial_from(steps)
    if start < len(steps):
        run_setup(trial, steps[start:], start + 1)
        trial.journal_start = trial.server.call(last_journal_id, trial.server.universe)


def start_sut(
    trial: Trial, command: str, port: int, wait_port: bool, zygote: Zygote | None = None
) -> None:
    """Start the SUT (warm, from ``zygote``, when given) on ``port`` with what its install gives
    it; then connect its Slack app to it."""
    env = environment(trial, port)
    timeout = min(15.0, trial.remaining())
    trial.sut = SystemUnderTest.start(command, env, port, wait_port, timeout, zygote)
    app = trial.scenario.sut.slack_app
    if app is not None:
        connect_slack_app(trial, app, trial.saved["sut"]["slack_app"]["app_id"])


def perform(trial: Trial) -> tuple[list[dict[str, Any]], list[Verdict]]:
    """Run the scenario's actors, each in its own task (one after another if it says
    ``sequential: true``); returns their turns and a failing verdict per failed step."""
    actors = trial.scenario.actors
    known = {a.name for a in actors} | set(_named_steps(actors))
    for actor in actors:
        waits = list(actor.after)
        for step in getattr(actor, "steps", []):
            parse_step(step)
            after = step.get("after", [])
            waits += after if isinstance(after, list) else [after]
        unknown = sorted(str(w) for w in waits if w not in known)
        if unknown:
            raise StepError(f"actor {actor.name!r} waits on unknown actors or steps {unknown}")
    if trial.scenario.sequential:
        outcomes = [_act(trial, actor) for actor in actors]
    else:
        with ThreadPoolExecutor(max_workers=max(1, len(actors))) as pool:
            outcomes = list(pool.map(lambda actor: _act(trial, actor), actors))
    turns = [turn for actor_turns, _ in outcomes for turn in actor_turns]
    return turns, [verdict for _, verdicts in outcomes for verdict in verdicts]


def _act(trial: Trial, actor: ScriptedActor | LLMActor) -> tuple[list[dict], list[Verdict]]:
    try:
        for name in actor.after:
            if not trial.wait_done(name):
                failed = Verdict(f"{actor.name} waiting", False, f"{name!r} never finished", "step")
                return [], [failed]
        if isinstance(actor, LLMActor):
            return llm_actor.act(trial, actor, trial.llm), []
        return _scripted(trial, actor.name, actor.steps)
    finally:  # an actor that stopped early releases whoever waits on its later steps
        for name in [actor.name, *_named_steps([actor])]:
            trial.mark_done(name)


def _named_steps(actors: list[ScriptedActor | LLMActor]) -> list[str]:
    return [
        f"{actor.name}/{step['name']}"
        for actor in actors
        for step in getattr(actor, "steps", [])
        if "name" in step
    ]


def _pictures(scenario: Scenario) -> list[dict[str, Any]]:
    """The steps that picture the pages a scenario wants seen at the end of each trial."""
    return [{"screenshot": page} for page in scenario.screenshots]


def _scripted(trial: Trial, actor: str, steps: list[dict]) -> tuple[list[dict], list[Verdict]]:
    """``actor``'s steps in order; it stops at the first step that fails, which fails the trial."""
    turns = []
    for number, step in enumerate(steps, 1):
        result = run_step(trial, step)
        turns.append(
            {
                "actor": actor,
                "step": step,
                "result": result.result,
                "error": result.error,
                "allowed": result.allowed,
                "at": result.at,
                "duration_ms": result.duration_ms,
            }
        )
        if "name" in step:
            trial.mark_done(f"{actor}/{step['name']}")
        if result.failed:
            action, _ = parse_step(step)
            label = f"{actor}, step {number} ({step.get('name') or action})"
            return turns, [Verdict(label, False, f"failed: {result.error}", kind="step")]
    return turns, []


def _check(trial: Trial, check: Check) -> Verdict:
    try:
        code = render(check.code, trial.saved)
    except StepError as exc:
        return Verdict(check.name, False, str(exc))
    outcome = evaluate(trial, code)
    if not outcome.ok:
        return Verdict(check.name, False, f"{outcome.error_type}: {outcome.error}")
    return Verdict(
        check.name,
        bool(outcome.value),
        "holds" if outcome.value else f"predicate was {outcome.value!r}",
    )
