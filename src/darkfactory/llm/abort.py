"""Cancellation and time budgets: AbortController/AbortSignal, TimeoutConfig, and the
per-step budget the high-level API derives from them.

The async API interrupts an in-flight call when the signal fires or time runs out; the sync API
checks the signal before each call and between stream events, and bounds each call over HTTP.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from darkfactory.llm.errors import AbortError, RequestTimeoutError

T = TypeVar("T")


class AbortSignal:
    def __init__(self) -> None:
        self._event = threading.Event()
        self._callbacks: list[Callable[[], None]] = []
        self._lock = threading.Lock()
        self.reason: str | None = None

    @property
    def aborted(self) -> bool:
        return self._event.is_set()

    def raise_if_aborted(self) -> None:
        if self.aborted:
            raise AbortError(self.reason or "the operation was aborted")

    def on_abort(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Call ``callback`` once when aborted (now, if already); returns an unsubscriber."""

        def unsubscribe() -> None:
            with self._lock:
                if callback in self._callbacks:
                    self._callbacks.remove(callback)

        with self._lock:
            if not self.aborted:
                self._callbacks.append(callback)
                return unsubscribe
        callback()
        return unsubscribe

    def _fire(self, reason: str | None) -> None:
        with self._lock:
            if self.aborted:
                return
            self.reason = reason
            self._event.set()
            callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            callback()


class AbortController:
    def __init__(self) -> None:
        self.signal = AbortSignal()

    def abort(self, reason: str | None = None) -> None:
        self.signal._fire(reason)


@dataclass
class TimeoutConfig:
    total: float | None = None  # the whole multi-step operation
    per_step: float | None = None  # each LLM call


class Budget:
    """The time left for an operation and for its next step."""

    def __init__(self, timeout: float | TimeoutConfig | None) -> None:
        config = timeout if isinstance(timeout, TimeoutConfig) else TimeoutConfig(total=timeout)
        self.per_step = config.per_step
        self.deadline = None if config.total is None else time.monotonic() + config.total

    def step_seconds(self) -> float | None:
        """Seconds the next step may take; raises RequestTimeoutError when none are left."""
        limits = [self.per_step] if self.per_step is not None else []
        if self.deadline is not None:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise RequestTimeoutError("the total timeout ran out")
            limits.append(left)
        return min(limits) if limits else None


async def guarded(awaitable: Awaitable[T], signal: AbortSignal | None, seconds: float | None) -> T:
    """Await ``awaitable``, cancelling it on abort (AbortError) or after ``seconds``
    (RequestTimeoutError)."""
    loop = asyncio.get_running_loop()
    task = asyncio.ensure_future(awaitable)
    aborted = loop.create_future()

    def wake() -> None:
        loop.call_soon_threadsafe(lambda: aborted.done() or aborted.set_result(True))

    unsubscribe = signal.on_abort(wake) if signal is not None else (lambda: None)
    try:
        done, _ = await asyncio.wait(
            {task, aborted}, timeout=seconds, return_when=asyncio.FIRST_COMPLETED
        )
    finally:
        unsubscribe()
    if task in done:
        aborted.cancel()
        return task.result()
    task.cancel()
    aborted.cancel()
    if signal is not None and signal.aborted:
        raise AbortError(signal.reason or "the operation was aborted")
    raise RequestTimeoutError(f"the step took longer than {seconds:g}s")
