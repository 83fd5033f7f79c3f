"""What a trial leaves behind: its verdicts and its trajectory (turns, requests, output, timing)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Verdict:
    """One judgement of a trial: a check, the judge, or a step that failed (``kind="step"``)."""

    name: str
    passed: bool
    reason: str
    kind: str = "check"


@dataclass
class Trajectory:
    """Everything observed in a trial, and whether it satisfied the user.

    ``error`` is set when the trial could not be carried out at all (its scenario's setup
    failed, the SUT never listened, a step was malformed): the trial is then *errored*. An
    ``infrastructure`` failure is one of the machinery running it (a Ray worker or node died past
    every retry), not of the SUT: it is reported, but not scored. ``node`` names the Ray node the
    trial ran on (empty for a local run); ``context_id``, the context recording the trial in a
    context store, when the run had one."""

    scenario: str
    trial: int
    satisfied: bool = False
    error: str | None = None
    started_at: float = 0.0
    duration_s: float = 0.0
    turns: list[dict[str, Any]] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    sut_output: str = ""
    verdicts: list[Verdict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    infrastructure: bool = False
    node: str = ""
    context_id: int | None = None

    @property
    def errored(self) -> bool:
        return self.error is not None

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "errored": self.errored}
