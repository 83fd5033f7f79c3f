"""Retry policies and backoff (spec §3.5-3.6): how many attempts, how long between them."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from darkfactory.pipeline.graph import Graph, Node, as_bool, parse_duration

RETRYABLE_STATUS = {408, 429}
TERMINAL_STATUS = {400, 401, 403, 404, 422}


@dataclass(frozen=True)
class BackoffConfig:
    initial_delay_ms: int = 200
    backoff_factor: float = 2.0
    max_delay_ms: int = 60_000
    jitter: bool = True
    kind: str = "exponential"  # or "linear" (initial * attempt) or "constant"

    def delay_for_attempt(self, attempt: int, rng: random.Random | None = None) -> float:
        """Delay in seconds before retry number `attempt` (1-indexed)."""
        if self.kind == "constant":
            delay = float(self.initial_delay_ms)
        elif self.kind == "linear":
            delay = float(self.initial_delay_ms * attempt)
        else:
            delay = self.initial_delay_ms * (self.backoff_factor ** (attempt - 1))
        delay = min(delay, self.max_delay_ms)
        if self.jitter:
            delay *= (rng or random).uniform(0.5, 1.5)
        return delay / 1000


def should_retry(error: BaseException) -> bool:
    """Transient errors (network, 429, 5xx, provider-flagged) retry; client errors don't."""
    retryable = getattr(error, "retryable", None)
    if isinstance(retryable, bool):
        return retryable
    status = getattr(error, "status_code", None) or getattr(error, "status", None)
    if isinstance(status, int):
        return status in RETRYABLE_STATUS or status >= 500
    if isinstance(error, (ValueError, TypeError, KeyError, PermissionError, FileNotFoundError)):
        return False
    return isinstance(error, (ConnectionError, TimeoutError, OSError))


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 1
    backoff: BackoffConfig = field(default_factory=BackoffConfig)
    should_retry: Callable[[BaseException], bool] = should_retry

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            object.__setattr__(self, "max_attempts", 1)


PRESETS: dict[str, tuple[int, BackoffConfig]] = {
    "none": (1, BackoffConfig()),
    "standard": (5, BackoffConfig(200, 2.0)),
    "aggressive": (5, BackoffConfig(500, 2.0)),
    "linear": (3, BackoffConfig(500, 1.0)),
    "patient": (3, BackoffConfig(2000, 3.0)),
}


def preset(name: str, jitter: bool = True) -> RetryPolicy:
    attempts, backoff = PRESETS[name]
    return RetryPolicy(
        attempts,
        BackoffConfig(
            backoff.initial_delay_ms, backoff.backoff_factor, backoff.max_delay_ms, jitter
        ),
    )


def build_retry_policy(node: Node, graph: Graph) -> RetryPolicy:
    """max_retries (or the graph default) plus the backoff of the node's `retry_policy` preset,
    adjusted by `retry_backoff` (exponential|linear|constant), `retry_initial_delay`,
    `retry_backoff_factor`, `retry_max_delay` and `retry_jitter`."""
    attempts, base = PRESETS.get(node.str_attr("retry_policy") or "standard", PRESETS["standard"])
    if node.max_retries is not None or not node.str_attr("retry_policy"):
        attempts = graph.max_retries_for(node) + 1
    initial = parse_duration(node.get("retry_initial_delay"))
    maximum = parse_duration(node.get("retry_max_delay"))
    factor = node.get("retry_backoff_factor")
    backoff = BackoffConfig(
        initial_delay_ms=initial.milliseconds if initial else base.initial_delay_ms,
        backoff_factor=float(factor) if factor not in (None, "") else base.backoff_factor,
        max_delay_ms=maximum.milliseconds if maximum else base.max_delay_ms,
        jitter=as_bool(node.get("retry_jitter"), True),
        kind=node.str_attr("retry_backoff") or "exponential",
    )
    return RetryPolicy(attempts, backoff)
