"""Per-minute request and token budgets of an LLM twin, spent on the universe clock.

A twin's limits (``requests``, ``tokens``, ``input_tokens``, ``output_tokens`` per minute, each
provider with its own defaults) are a universe setting: ``POST /<provider>/_limits`` or the
twin's seed option ``limits``. Every answered model call spends from a sliding one-minute
window; a call finding a budget spent is refused (the provider's 429) with the wait until the
window has freed enough of it. The provider's headers report each budget's state.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from darkfactory.twins.kit.errors import TwinError

if TYPE_CHECKING:
    from darkfactory.twins.kit.store import Store
    from darkfactory.twins.kit.universe import Universe

WINDOW = 60.0
KINDS = ("requests", "tokens", "input_tokens", "output_tokens")


@dataclass
class Budget:
    """One limit's state: what is ``remaining`` of ``limit``, and in how many seconds it is
    whole again (``reset``)."""

    kind: str
    limit: int
    remaining: int
    reset: float


@dataclass
class Exceeded:
    """A call refused by ``budget``: it asked for ``requested`` and may retry in ``wait`` s."""

    budget: Budget
    used: int
    requested: int
    wait: float

    @property
    def retry_after(self) -> int:
        return max(math.ceil(self.wait), 1)


class Limits:
    """The budgets of the twin ``provider``; ``defaults`` are its limits until a setting says
    otherwise."""

    def __init__(self, universe: Universe, provider: str, defaults: dict[str, int]) -> None:
        self.universe = universe
        self.provider = provider
        self.defaults = defaults
        self.key = f"llm.{provider}.limits"
        self.window = Window(universe.store, provider)

    def limits(self) -> dict[str, int]:
        return {**self.defaults, **(self.universe.store.setting(self.key) or {})}

    def set(self, limits: Any) -> dict[str, int]:
        """Set the given limits over the defaults (``{}`` restores them all); a ``ValueError``
        names a bad one."""
        if not isinstance(limits, dict):
            raise ValueError("limits must be an object")
        for kind, value in limits.items():
            if kind not in KINDS:
                raise ValueError(f"unknown limit {kind!r}; limits are {', '.join(KINDS)}")
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{kind} must be a positive integer")
        self.universe.store.set_setting(self.key, {**limits} or None)
        return self.limits()

    @staticmethod
    def _spent(kind: str, call: tuple[float, int, int]) -> int:
        _, input_tokens, output_tokens = call
        return {
            "requests": 1,
            "tokens": input_tokens + output_tokens,
            "input_tokens": input_tokens,
            "output_tokens": output_tokens,
        }[kind]

    def budgets(self) -> dict[str, Budget]:
        """Each limit's state now, from the window's totals."""
        now = self.universe.clock.now()
        window = self.window.since(now - WINDOW)
        spent = {
            "requests": len(window.calls),
            "tokens": window.input_tokens + window.output_tokens,
            "input_tokens": window.input_tokens,
            "output_tokens": window.output_tokens,
        }
        reset = max(window.calls[-1][0] + WINDOW - now, 0.0) if window.calls else 0.0
        return {
            kind: Budget(kind, limit, max(limit - spent[kind], 0), reset)
            for kind, limit in self.limits().items()
        }

    def check(self, input_tokens: int) -> Exceeded | None:
        """Whether a call of ``input_tokens`` finds a budget spent: a request needs one request
        left, its input tokens need room, and output needs any room at all."""
        asked = {"requests": 1, "tokens": input_tokens, "input_tokens": input_tokens}
        for kind, budget in self.budgets().items():
            requested = asked.get(kind, 1)
            if budget.remaining >= max(requested, 1):
                continue
            return Exceeded(
                budget,
                budget.limit - budget.remaining,
                requested,
                self._wait(kind, budget, requested),
            )
        return None

    def _wait(self, kind: str, budget: Budget, requested: int) -> float:
        """Seconds until the window, forgetting its oldest calls, frees ``requested`` of
        ``kind``."""
        now = self.universe.clock.now()
        freed = budget.remaining
        for call in self.window.since(now - WINDOW).calls:
            freed += self._spent(kind, call)
            if freed >= requested:
                return call[0] + WINDOW - now
        return WINDOW

    def spend(self, input_tokens: int, output_tokens: int) -> None:
        """Count one answered call; calls older than the window are forgotten, in the table
        too when it holds any."""
        now = self.universe.clock.now()
        store = self.universe.store
        window = self.window.since(now - WINDOW)
        if window.behind:
            store.execute(
                "DELETE FROM llm_usage WHERE provider = ? AND at <= ?",
                (self.provider, now - WINDOW),
            )
            window.behind = False
        store.execute(
            "INSERT INTO llm_usage(provider, at, input_tokens, output_tokens) VALUES (?, ?, ?, ?)",
            (self.provider, now, input_tokens, output_tokens),
        )
        self.window.add(now, input_tokens, output_tokens)


class Window:
    """One provider's calls of the last minute as ``llm_usage`` holds them, oldest first, with
    their token totals, so that a call's budgets are not summed over the whole window again.

    Kept on the event loop's thread, where calls are answered and spent. It is read afresh from
    the table when the database changed under the store (a rollback, a restore) and when the
    clock went back, which can bring calls it let go of back into the window. ``behind`` says
    whether the table may hold calls from before the window's start: every call it holds is in
    the window otherwise, and there is nothing to delete."""

    def __init__(self, store: Store, provider: str) -> None:
        self.store = store
        self.provider = provider
        self.calls: deque[tuple[float, int, int]] = deque()  # (at, input tokens, output tokens)
        self.input_tokens = 0
        self.output_tokens = 0
        self._generation = -1  # the store's generation the calls were read in
        self._start = math.inf  # the window's start they were last cut to
        self.behind = True

    def since(self, start: float) -> Window:
        """This window, holding only the calls after ``start``."""
        if self.store.generation != self._generation or start < self._start:
            self._read(start)
        calls = self.calls
        while calls and calls[0][0] <= start:
            _, input_tokens, output_tokens = calls.popleft()
            self.behind = True
            self.input_tokens -= input_tokens
            self.output_tokens -= output_tokens
        self._start = start
        return self

    def add(self, at: float, input_tokens: int, output_tokens: int) -> None:
        """Count a call just written to the table."""
        if self.calls and at < self.calls[-1][0]:  # the clock went back: keep the table's order
            self._generation = -1
            return
        self.calls.append((at, input_tokens, output_tokens))
        self.input_tokens += input_tokens
        self.output_tokens += output_tokens

    def _read(self, start: float) -> None:
        rows = self.store.all(
            "SELECT at, input_tokens, output_tokens FROM llm_usage"
            " WHERE provider = ? AND at > ? ORDER BY at, rowid",
            (self.provider, start),
        )
        self.calls = deque((row[0], row[1], row[2]) for row in rows)
        self.behind = True
        self.input_tokens = sum(call[1] for call in self.calls)
        self.output_tokens = sum(call[2] for call in self.calls)
        self._generation = self.store.generation


def refused(exceeded: Exceeded, message: str = "", **detail: Any) -> TwinError:
    """The 429 of a call ``exceeded`` refused, for the provider's renderer."""
    return TwinError(
        "rate_limit", 429, message, retry_after=exceeded.retry_after, limit=exceeded, **detail
    )
