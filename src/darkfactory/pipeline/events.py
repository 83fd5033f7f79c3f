"""Typed pipeline events (spec §9.6), an observer bus, and an optional JSON-lines sink."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, ClassVar


@dataclass
class Event:
    kind: ClassVar[str] = "Event"
    at: float = field(default_factory=time.time, init=False)

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.kind, **asdict(self)}


def _event(kind: str, /, **fields: type) -> type[Event]:
    """Declare one event class with the given fields (all keyword arguments)."""
    namespace = {"__annotations__": fields, "kind": kind, "__module__": __name__}
    return dataclass(kw_only=True)(type(kind, (Event,), namespace))


PipelineStarted = _event("PipelineStarted", name=str, id=str)
PipelineCompleted = _event("PipelineCompleted", duration=float, artifact_count=int)
PipelineFailed = _event("PipelineFailed", error=str, duration=float)
StageStarted = _event("StageStarted", name=str, index=int)
StageCompleted = _event("StageCompleted", name=str, index=int, duration=float, status=str)
StageFailed = _event("StageFailed", name=str, index=int, error=str, will_retry=bool)
StageRetrying = _event("StageRetrying", name=str, index=int, attempt=int, delay=float)
ParallelStarted = _event("ParallelStarted", branch_count=int)
ParallelBranchStarted = _event("ParallelBranchStarted", branch=str, index=int)
ParallelBranchCompleted = _event(
    "ParallelBranchCompleted", branch=str, index=int, duration=float, success=bool
)
ParallelCompleted = _event(
    "ParallelCompleted", duration=float, success_count=int, failure_count=int
)
InterviewStarted = _event("InterviewStarted", question=str, stage=str)
InterviewCompleted = _event("InterviewCompleted", question=str, answer=str, duration=float)
InterviewTimeout = _event("InterviewTimeout", question=str, stage=str, duration=float)
CheckpointSaved = _event("CheckpointSaved", node_id=str)

Listener = Callable[[Event], None]


class EventBus:
    """Fans every event out to its listeners; a failing listener never stops the run. The
    listeners are a tuple replaced on every change, so emitting takes no lock."""

    def __init__(self) -> None:
        self._listeners: tuple[Listener, ...] = ()
        self._lock = threading.Lock()

    @property
    def listening(self) -> bool:
        """Whether anyone listens: an event whose fields are costly to gather can be skipped."""
        return bool(self._listeners)

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        with self._lock:
            self._listeners = (*self._listeners, listener)
        return lambda: self.unsubscribe(listener)

    def unsubscribe(self, listener: Listener) -> None:
        with self._lock:
            if listener in self._listeners:
                listeners = list(self._listeners)
                listeners.remove(listener)
                self._listeners = tuple(listeners)

    def emit(self, event: Event) -> None:
        for listener in self._listeners:
            with contextlib.suppress(Exception):  # an observer must not break the pipeline
                listener(event)


class JsonLinesSink:
    """Appends each event as one JSON line to a file (flushed per event)."""

    def __init__(self, path: str | Path):
        self._file = Path(path).open("a", encoding="utf-8")  # noqa: SIM115
        self._lock = threading.Lock()

    def __call__(self, event: Event) -> None:
        with self._lock:
            self._file.write(json.dumps(event.to_dict(), default=str) + "\n")
            self._file.flush()

    def close(self) -> None:
        self._file.close()
