"""A run's status file (``runs/RUN_ID/run.json``): what the live view, ``factory serve`` and a
resumed run read. It names the run's context in the store; the store holds everything else."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

STATUS_FILE = "run.json"
RUNNING, SUCCESS, FAIL, BUDGET_EXHAUSTED = "running", "success", "fail", "budget_exhausted"
INTERRUPTED = "interrupted"  # a stage attempt that a crash cut short


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class RunStatus:
    run_id: str
    context_id: int
    status: str = RUNNING
    reason: str = ""
    started_at: str = field(default_factory=now)
    finished_at: str = ""
    stage: str = ""
    iteration: int = 0
    satisfaction: list[dict[str, Any]] = field(default_factory=list)  # {iteration, value}
    timeline: list[dict[str, Any]] = field(default_factory=list)  # one entry per stage attempt
    spend: dict[str, Any] = field(default_factory=dict)
    budget: dict[str, Any] = field(default_factory=dict)

    @property
    def iterations(self) -> int:
        return max((e["iteration"] for e in self.timeline), default=0)

    def save(self, run_dir: Path) -> None:
        """Write atomically: a reader never sees half a file, a crash never leaves one."""
        path = run_dir / STATUS_FILE
        partial = path.with_suffix(".partial")
        partial.write_text(json.dumps(asdict(self), indent=2))
        os.replace(partial, path)

    @classmethod
    def load(cls, run_dir: Path) -> RunStatus:
        return cls(**json.loads((run_dir / STATUS_FILE).read_text()))


def runs(runs_dir: Path) -> list[tuple[Path, RunStatus]]:
    """Every run of a project, newest first."""
    found = [
        (path.parent, RunStatus.load(path.parent)) for path in runs_dir.glob(f"*/{STATUS_FILE}")
    ]
    return sorted(found, key=lambda pair: pair[1].started_at + pair[1].run_id, reverse=True)
