"""A run's spend: every LLM call's tokens and dollars, summed per stage, model and iteration."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

AXES = ("stage", "model", "iteration")


@dataclass(frozen=True)
class Call:
    """One LLM call as the run accounts for it."""

    stage: str
    iteration: int
    model: str
    input_tokens: int
    output_tokens: int
    usd: float

    @property
    def tokens(self) -> int:
        return self.input_tokens + self.output_tokens


@dataclass
class Total:
    calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    usd: float = 0.0

    @property
    def tokens(self) -> int:
        return self.input_tokens + self.output_tokens

    def add(self, call: Call) -> None:
        self.calls += 1
        self.input_tokens += call.input_tokens
        self.output_tokens += call.output_tokens
        self.usd += call.usd

    def as_dict(self) -> dict[str, float | int]:
        return {
            "calls": self.calls,
            "input_tokens": self.input_tokens,
            "output_tokens": self.output_tokens,
            "tokens": self.tokens,
            "usd": round(self.usd, 6),
        }


@dataclass
class Ledger:
    calls: list[Call] = field(default_factory=list)

    @classmethod
    def of(cls, calls: Iterable[Call]) -> Ledger:
        return cls(list(calls))

    def add(self, call: Call) -> None:
        self.calls.append(call)

    @property
    def total(self) -> Total:
        total = Total()
        for call in self.calls:
            total.add(call)
        return total

    def by(self, axis: str) -> dict[str | int, Total]:
        """Totals per stage, model or iteration, in the order each first appears."""
        if axis not in AXES:
            raise ValueError(f"unknown axis {axis!r}; use one of {', '.join(AXES)}")
        totals: dict[str | int, Total] = defaultdict(Total)
        for call in self.calls:
            totals[getattr(call, axis)].add(call)
        return dict(totals)

    def summary(self) -> dict[str, object]:
        return {
            "total": self.total.as_dict(),
            **{
                f"by_{axis}": {str(k): t.as_dict() for k, t in self.by(axis).items()}
                for axis in AXES
            },
        }
