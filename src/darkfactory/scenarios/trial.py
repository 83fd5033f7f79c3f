"""One trial of one scenario: a forked universe, the SUT, the actors, the checks and the judge."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from darkfactory.sandbox import Outcome, Sandbox
from darkfactory.scenarios import capabilities, llm_actor
from darkfactory.scenarios.judge import judge
from darkfactory.scenarios.llm import LLMSettings
from darkfactory.scenarios.model import Scenario, ScriptedActor
from darkfactory.scenarios.steps import StepError, run_step
from darkfactory.scenarios.sut import SystemUnderTest
from darkfactory.twins.kit.server import UniverseServer
from darkfactory.twins.kit.universe import Universe

QUIET_SECONDS = 0.5
NO_JUDGE = "judge criteria not evaluated: no judge model (set the judge's model, or --judge)"


@dataclass
class Verdict:
    name: str
    passed: bool
    reason: str
    kind: str = "check"


@dataclass
class Trajectory:
    """Everything observed in a trial, and whether it satisfied the user."""

    scenario: str
    trial: int
    satisfied: bool = False
    error: str | None = None
    duration_s: float = 0.0
    turns: list[dict[str, Any]] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    sut_output: str = ""
    verdicts: list[Verdict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class Trial:
    """The running context a trial's steps, checks and actors share."""

    def __init__(
        self,
        scenario: Scenario,
        number: int,
        server: UniverseServer,
        sandbox: Sandbox,
        llm: LLMSettings | None = None,
    ) -> None:
        self.scenario = scenario
        self.number = number
        self.server = server
        self.sandbox = sandbox
        self.llm = llm or LLMSettings()
        self.url = server.url
        self.credentials = server.call(server.universe.credentials)
        self.saved: dict[str, Any] = {}
        self.deadline = time.monotonic() + scenario.timeout
        self.journal_start = server.call(_last_journal_id, server.universe)
        self.sut: SystemUnderTest | None = None

    def remaining(self) -> float:
        return max(0.0, self.deadline - time.monotonic())

    def slack_token(self, who: str) -> str:
        """The token to act as ``who``: ``bot``, ``admin``, or a user's email."""
        creds = self.credentials["slack"]
        if who == "bot":
            return creds["bot_token"]
        if who == "admin":
            return creds["user_token"]
        twin = self.server.universe.twins["slack"]

        def token() -> str:
            row = twin.state.db.one(
                "SELECT id FROM slack_users WHERE lower(email) = lower(?)", (who,)
            )
            if row is None:
                raise StepError(f"no Slack user with email {who!r}")
            with twin.state.db.transaction():
                return twin.user_token(row["id"])

        return self.server.call(token)

    def evaluate(self, code: str) -> Outcome:
        return self.sandbox.run(code, capabilities.functions(self))

    def sut_output(self) -> str:
        return self.sut.output() if self.sut else ""

    def wait_quiet(self) -> None:
        """Wait until twin state has not changed for a moment (or the trial's time is up).

        Reads do not count, so a SUT that polls an API does not keep the trial busy."""
        universe = self.server.universe
        last, quiet_since = None, time.monotonic()
        while self.remaining() > 0:
            current = self.server.call(universe.state_version)
            if current != last:
                last, quiet_since = current, time.monotonic()
            elif time.monotonic() - quiet_since >= QUIET_SECONDS:
                return
            time.sleep(0.05)


def _last_journal_id(universe: Universe) -> int:
    return int(universe.store.scalar("SELECT COALESCE(MAX(id), 0) FROM kit_journal"))


def run_trial(
    scenario: Scenario,
    number: int,
    fork_baseline: Callable[[], Universe],
    sut_command: str | None,
    sandbox: Sandbox,
    wait_port: bool = True,
    saved: dict[str, Any] | None = None,
    llm: LLMSettings | None = None,
) -> Trajectory:
    started = time.monotonic()
    trajectory = Trajectory(scenario.id, number)
    llm = llm or LLMSettings()
    judged = scenario.judge is not None and bool(llm.judge_model or scenario.judge.model)
    if scenario.judge is not None and not judged:
        trajectory.notes.append(NO_JUDGE)
    fork = fork_baseline()
    with UniverseServer(fork) as server:
        trial = Trial(scenario, number, server, sandbox, llm)
        trial.saved.update(saved or {})
        try:
            if sut_command:
                trial.sut = SystemUnderTest.start(
                    sut_command,
                    trial.url,
                    trial.credentials,
                    wait_port,
                    min(15.0, trial.remaining()),
                )
            for actor in scenario.actors:
                trajectory.turns.extend(_act(trial, actor))
            trial.wait_quiet()
            trajectory.verdicts = [_check(trial, c.name, c.code) for c in scenario.checks]
        except (RuntimeError, StepError) as exc:
            trajectory.error = str(exc)
        finally:
            if trial.sut is not None:
                trajectory.sut_output = trial.sut.stop()[-20_000:]
            trajectory.requests = capabilities.functions(trial)["journal"]()
        if judged and trajectory.error is None:
            passed, reason = judge(trial, trajectory, llm)
            trajectory.verdicts.append(Verdict("judge", passed, reason, kind="judge"))
    fork.close()
    trajectory.satisfied = (
        trajectory.error is None
        and bool(trajectory.verdicts)
        and all(v.passed for v in trajectory.verdicts)
    )
    trajectory.duration_s = round(time.monotonic() - started, 3)
    return trajectory


def _act(trial: Trial, actor) -> list[dict[str, Any]]:
    if isinstance(actor, ScriptedActor):
        turns = []
        for step in actor.steps:
            result = run_step(trial, step)
            turns.append(
                {"actor": actor.name, "step": step, "result": result.result, "error": result.error}
            )
        return turns
    return llm_actor.act(trial, actor, trial.llm)


def _check(trial: Trial, name: str, code: str) -> Verdict:
    outcome = trial.evaluate(code)
    if not outcome.ok:
        return Verdict(name, False, f"{outcome.error_type}: {outcome.error}")
    return Verdict(
        name, bool(outcome.value), "holds" if outcome.value else f"predicate was {outcome.value!r}"
    )
