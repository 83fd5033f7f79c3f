"""Retry policy: exponential backoff with jitter, honouring a provider's Retry-After.

``retry()`` and ``aretry()`` wrap one call; the high-level API applies them per step.
The low-level ``Client`` never retries by itself.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from darkfactory.llm.errors import SDKError

T = TypeVar("T")


@dataclass
class RetryPolicy:
    max_retries: int = 2
    base_delay: float = 1.0
    max_delay: float = 60.0
    backoff_multiplier: float = 2.0
    jitter: bool = True
    on_retry: Callable[[BaseException, int, float], None] | None = None
    should_retry: Callable[[BaseException], bool] | None = None

    def backoff(self, attempt: int) -> float:
        """The delay before retry ``attempt`` (0-indexed), without Retry-After."""
        delay = min(self.base_delay * self.backoff_multiplier**attempt, self.max_delay)
        return delay * random.uniform(0.5, 1.5) if self.jitter else delay

    def delay_for(self, error: BaseException, attempt: int) -> float | None:
        """Seconds to wait before retrying after ``error``, or None when it must not be retried."""
        if attempt >= self.max_retries:
            return None
        wanted = self.should_retry(error) if self.should_retry else is_retryable(error)
        if not wanted:
            return None
        retry_after = getattr(error, "retry_after", None)
        if retry_after is not None:
            return retry_after if retry_after <= self.max_delay else None
        return self.backoff(attempt)


def is_retryable(error: BaseException) -> bool:
    """Library errors say so themselves; anything else unknown counts as transient."""
    if isinstance(error, SDKError):
        return error.retryable
    return not isinstance(error, (ValueError, TypeError, KeyError))


def retry(fn: Callable[[], T], policy: RetryPolicy | None = None) -> T:
    policy = policy or RetryPolicy()
    attempt = 0
    while True:
        try:
            return fn()
        except Exception as error:
            delay = _next_delay(policy, error, attempt)
            time.sleep(delay)
            attempt += 1


async def aretry(fn: Callable[[], Awaitable[T]], policy: RetryPolicy | None = None) -> T:
    policy = policy or RetryPolicy()
    attempt = 0
    while True:
        try:
            return await fn()
        except Exception as error:
            delay = _next_delay(policy, error, attempt)
            await asyncio.sleep(delay)
            attempt += 1


def _next_delay(policy: RetryPolicy, error: Exception, attempt: int) -> float:
    delay = policy.delay_for(error, attempt)
    if delay is None:
        raise error
    if policy.on_retry:
        policy.on_retry(error, attempt, delay)
    return delay
