"""Fault injection: latency, error answers, outages and rate limits, per twin and operation.

A fault is stored in the universe (so snapshots carry it) and matched by twin name and an
``fnmatch`` pattern over operation names. What the client sees is rendered by the twin, in its
service's own dialect; the kit only decides *whether* and *which* fault applies. A fault with
``after_deltas`` strikes a streamed answer midway on twins that stream (the LLM providers).
"""

from __future__ import annotations

import asyncio
import fnmatch
import math
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from darkfactory.twins.kit.clock import Clock
from darkfactory.twins.kit.store import Store

FaultKind = Literal["latency", "error", "outage", "rate_limit"]


class Fault(BaseModel):
    """One injected fault, as posted to ``POST /_universe/faults``."""

    id: str = ""
    twin: str
    operation: str = "*"
    kind: FaultKind
    latency_ms: float = Field(0, ge=0, le=60_000)
    status: int | None = Field(None, ge=400, le=599)
    code: str | None = None
    message: str | None = None
    limit: int | None = Field(None, ge=0)
    window_s: float = Field(60, gt=0)
    times: int | None = Field(None, ge=1, description="apply to this many calls, then retire")
    after_deltas: int | None = Field(
        None, ge=0, description="strike a streamed answer after this many content deltas"
    )

    @model_validator(mode="after")
    def _complete(self) -> Fault:
        if self.kind == "rate_limit" and self.limit is None:
            raise ValueError("a rate_limit fault needs 'limit' (calls allowed per window_s)")
        if self.kind == "latency" and not self.latency_ms:
            raise ValueError("a latency fault needs 'latency_ms' > 0")
        if self.kind == "latency" and self.after_deltas is not None:
            raise ValueError("'after_deltas' is for error, outage and rate_limit faults")
        return self

    def matches(self, twin: str, operation: str) -> bool:
        return self.twin in (twin, "*") and fnmatch.fnmatchcase(operation, self.operation)


class Trip(BaseModel):
    """A fault that fired on one call, with how long a rate-limited client should wait."""

    fault: Fault
    retry_after: int = 0


class Faults:
    def __init__(self, store: Store, clock: Clock) -> None:
        self.store = store
        self.clock = clock
        self._calls: dict[str, list[float]] = {}
        # The faults as last read, and the store generation they were read in: every call
        # checks them, and they change only through this class or a restore.
        self._cache: tuple[int, list[Fault]] | None = None

    def add(self, fault: Fault) -> Fault:
        number = int(self.store.setting("faults.counter", 0)) + 1
        self.store.set_setting("faults.counter", number)
        fault = fault.model_copy(update={"id": fault.id or f"fault-{number}"})
        self.store.execute(
            "INSERT OR REPLACE INTO kit_faults(id, spec) VALUES (?, ?)",
            (fault.id, fault.model_dump_json()),
        )
        self._cache = None
        return fault

    def all(self) -> list[Fault]:
        if self._cache is None or self._cache[0] != self.store.generation:
            rows = self.store.all("SELECT spec FROM kit_faults ORDER BY rowid")
            faults = [Fault.model_validate_json(r["spec"]) for r in rows]
            self._cache = (self.store.generation, faults)
        return list(self._cache[1])

    def remove(self, fault_id: str | None = None) -> int:
        self._cache = None
        if fault_id is None:
            self._calls.clear()
            return self.store.execute("DELETE FROM kit_faults").rowcount
        self._calls.pop(fault_id, None)
        return self.store.execute("DELETE FROM kit_faults WHERE id = ?", (fault_id,)).rowcount

    def matching(self, twin: str, operation: str) -> list[Fault]:
        """The faults that apply to one call of ``operation`` on ``twin``, in the order added."""
        return [fault for fault in self.all() if fault.matches(twin, operation)]

    async def check(self, faults: list[Fault]) -> Trip | None:
        """Apply the ``matching`` faults to one call: sleep for latency, return the first that
        trips."""
        for fault in faults:
            if fault.kind == "latency":
                self._spend(fault)
                await asyncio.sleep(fault.latency_ms / 1000)
                continue
            if fault.kind == "rate_limit":
                wait = self._over_limit(fault)
                if wait is None:
                    continue
                return Trip(fault=fault, retry_after=wait)
            self._spend(fault)
            return Trip(fault=fault, retry_after=1)
        return None

    def _spend(self, fault: Fault) -> None:
        if fault.times is None:
            return
        if fault.times <= 1:
            self.remove(fault.id)
        else:
            spec = fault.model_copy(update={"times": fault.times - 1})
            self.store.execute(
                "UPDATE kit_faults SET spec = ? WHERE id = ?", (spec.model_dump_json(), fault.id)
            )
            self._cache = None

    def _over_limit(self, fault: Fault) -> int | None:
        """Sliding-window limit: None if the call is allowed, else seconds until a slot frees."""
        now = self.clock.now()
        calls = [t for t in self._calls.get(fault.id, []) if t > now - fault.window_s]
        if len(calls) < (fault.limit or 0):
            calls.append(now)
            self._calls[fault.id] = calls
            return None
        self._calls[fault.id] = calls
        oldest = calls[0] if calls else now
        self._spend(fault)
        return max(1, math.ceil(oldest + fault.window_s - now))


def parse_faults(payload: object) -> list[Fault]:
    """Faults from a control-plane body: one object, a list, or ``{"faults": [...]}``."""
    if isinstance(payload, dict) and "faults" in payload:
        payload = payload["faults"]
    items = payload if isinstance(payload, list) else [payload]
    return [Fault.model_validate(item) for item in items]
