"""Running untrusted, LLM-written Python in Monty: no files, no network, no imports, bounded time.

The code sees only the functions the host hands it. Each run gets a fresh session from a warm
worker pool; a run that raises, times out or exhausts memory comes back as an ``Outcome`` with the
error's type and message rather than as an exception in the host.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pydantic_monty

DEFAULT_SECONDS = 2.0
DEFAULT_MEMORY = 64 * 1024 * 1024


@dataclass(frozen=True)
class Outcome:
    """What a sandboxed run came to: a value, or the error that stopped it."""

    value: Any = None
    error_type: str | None = None
    error: str | None = None
    stdout: str = ""

    @property
    def ok(self) -> bool:
        return self.error_type is None


class Sandbox:
    """A pool of Monty workers; ``run`` is safe to call from several threads at once."""

    def __init__(
        self, seconds: float = DEFAULT_SECONDS, memory: int = DEFAULT_MEMORY, workers: int = 2
    ) -> None:
        self.limits: pydantic_monty.ResourceLimits = {
            "max_feed_duration_secs": seconds,
            "max_memory": memory,
            "max_recursion_depth": 200,
        }
        self._pool = pydantic_monty.Monty(
            min_processes=1, max_processes=workers, request_timeout=seconds + 5
        )
        self._lock = threading.Lock()
        self._open = False

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            if self._open:
                self._pool.__exit__(None, None, None)
                self._open = False

    def _ensure_open(self) -> None:
        with self._lock:
            if not self._open:
                self._pool.__enter__()
                self._open = True

    def run(
        self,
        code: str,
        functions: dict[str, Callable[..., Any]] | None = None,
        inputs: dict[str, Any] | None = None,
        name: str = "check.py",
    ) -> Outcome:
        """Run ``code``; its last expression is the value. ``functions`` are its only powers."""
        self._ensure_open()
        printed = pydantic_monty.CollectString()
        try:
            with self._pool.checkout(script_name=name, limits=self.limits) as session:
                value = session.feed_run(
                    code, inputs=inputs, external_lookup=functions or {}, print_callback=printed
                )
        except pydantic_monty.MontyError as exc:
            error_type, _, message = str(exc).partition(": ")
            if not message:
                error_type, message = type(exc).__name__, str(exc)
            return Outcome(
                error_type=error_type.strip(), error=message.strip(), stdout=_text(printed)
            )
        return Outcome(value=value, stdout=_text(printed))


def _text(collector: pydantic_monty.CollectString) -> str:
    return str(getattr(collector, "output", "") or "")
