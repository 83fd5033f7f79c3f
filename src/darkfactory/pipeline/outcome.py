"""Outcome of one stage (spec §5.2) and its `status.json` form (Appendix C)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class StageStatus(StrEnum):
    SUCCESS = "success"
    PARTIAL_SUCCESS = "partial_success"
    RETRY = "retry"
    FAIL = "fail"
    SKIPPED = "skipped"

    @property
    def succeeded(self) -> bool:
        return self in (StageStatus.SUCCESS, StageStatus.PARTIAL_SUCCESS)


@dataclass
class Outcome:
    """What a handler returns; drives routing and context updates."""

    status: StageStatus = StageStatus.SUCCESS
    preferred_label: str = ""
    suggested_next_ids: list[str] = field(default_factory=list)
    context_updates: dict[str, Any] = field(default_factory=dict)
    notes: str = ""
    failure_reason: str = ""

    def to_status(self) -> dict[str, Any]:
        """The Appendix C status-file document (plus `failure_reason` when there is one)."""
        data: dict[str, Any] = {
            "outcome": self.status.value,
            "preferred_label": self.preferred_label,
            "suggested_next_ids": list(self.suggested_next_ids),
            "context_updates": dict(self.context_updates),
            "notes": self.notes,
        }
        if self.failure_reason:
            data["failure_reason"] = self.failure_reason
        return data

    @classmethod
    def from_status(cls, data: dict[str, Any]) -> Outcome:
        """Read a status-file document written by the engine or by an external tool."""
        if not isinstance(data, dict) or "outcome" not in data:
            raise ValueError("status.json must be an object with an 'outcome' field")
        try:
            status = StageStatus(str(data["outcome"]).lower())
        except ValueError:
            raise ValueError(f"status.json has an unknown outcome {data['outcome']!r}") from None
        return cls(
            status=status,
            preferred_label=str(data.get("preferred_label") or ""),
            suggested_next_ids=[str(i) for i in data.get("suggested_next_ids") or []],
            context_updates=dict(data.get("context_updates") or {}),
            notes=str(data.get("notes") or ""),
            failure_reason=str(data.get("failure_reason") or ""),
        )


def fail(reason: str) -> Outcome:
    return Outcome(status=StageStatus.FAIL, failure_reason=reason)
