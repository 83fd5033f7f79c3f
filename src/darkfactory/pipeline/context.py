"""The run context (spec §5.1): a thread-safe key-value store shared by every stage."""

from __future__ import annotations

import copy
import threading
from typing import Any


class Context:
    def __init__(self, values: dict[str, Any] | None = None, logs: list[str] | None = None):
        self._values: dict[str, Any] = dict(values or {})
        self._logs: list[str] = list(logs or [])
        self._changed: set[str] = set()  # keys set since the last `take_changes`
        self._lock = threading.RLock()

    def set(self, key: str, value: Any) -> None:
        with self._lock:
            self._values[key] = value
            self._changed.add(key)

    def get(self, key: str, default: Any = None) -> Any:
        with self._lock:
            return self._values.get(key, default)

    def get_string(self, key: str, default: str = "") -> str:
        value = self.get(key)
        return default if value is None else str(value)

    def append_log(self, entry: str) -> None:
        with self._lock:
            self._logs.append(entry)

    @property
    def logs(self) -> list[str]:
        with self._lock:
            return list(self._logs)

    def logs_since(self, count: int) -> list[str]:
        """The log entries after the first `count`."""
        with self._lock:
            return self._logs[count:]

    def take_changes(self) -> dict[str, Any]:
        """The keys set since the last call, with their values (what a checkpoint appends)."""
        with self._lock:
            changes = {key: self._values[key] for key in self._changed}
            self._changed.clear()
            return changes

    def snapshot(self, deep: bool = True) -> dict[str, Any]:
        """A copy of all values; `deep=False` copies only the top level, for a caller that
        serializes it at once (a checkpoint) while no other thread writes the values."""
        with self._lock:
            return copy.deepcopy(self._values) if deep else dict(self._values)

    def clone(self) -> Context:
        """A deep copy, for an isolated parallel branch."""
        with self._lock:
            return Context(copy.deepcopy(self._values), list(self._logs))

    def apply_updates(self, updates: dict[str, Any]) -> None:
        with self._lock:
            self._values.update(updates)
            self._changed.update(updates)

    def __contains__(self, key: str) -> bool:
        with self._lock:
            return key in self._values
