"""The session event system (§2.9): typed events, synchronous subscribers and iterators.

Subscribers are called on the thread that emits, in order. ``EventEmitter.stream()`` and
``EventEmitter.astream()`` hand events to a host on another thread or event loop; both end
after the session's own SESSION_END (subagents' events pass through, marked with their id).
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any


class EventKind(StrEnum):
    SESSION_START = "session_start"
    SESSION_END = "session_end"
    USER_INPUT = "user_input"
    PROCESSING_END = "processing_end"
    ASSISTANT_TEXT_START = "assistant_text_start"
    ASSISTANT_TEXT_DELTA = "assistant_text_delta"
    ASSISTANT_TEXT_END = "assistant_text_end"
    TOOL_CALL_START = "tool_call_start"
    TOOL_CALL_OUTPUT_DELTA = "tool_call_output_delta"
    TOOL_CALL_END = "tool_call_end"
    STEERING_INJECTED = "steering_injected"
    TURN_LIMIT = "turn_limit"
    LOOP_DETECTION = "loop_detection"
    WARNING = "warning"
    ERROR = "error"


@dataclass
class SessionEvent:
    kind: EventKind
    session_id: str
    data: dict[str, Any] = field(default_factory=dict)
    timestamp: datetime = field(default_factory=lambda: datetime.now(UTC))


Subscriber = Callable[[SessionEvent], None]


class EventEmitter:
    """Delivers a session's events to every subscriber and keeps none of them itself."""

    def __init__(self, session_id: str) -> None:
        self.session_id = session_id
        self._subscribers: list[Subscriber] = []
        self._lock = threading.Lock()

    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]:
        """Call ``subscriber`` with every later event; returns a function that unsubscribes."""
        with self._lock:
            self._subscribers.append(subscriber)

        def unsubscribe() -> None:
            with self._lock:
                if subscriber in self._subscribers:
                    self._subscribers.remove(subscriber)

        return unsubscribe

    def emit(self, kind: EventKind, **data: Any) -> SessionEvent:
        event = SessionEvent(kind, self.session_id, data)
        self.deliver(event)
        return event

    def deliver(self, event: SessionEvent) -> None:
        """Hand an event (this session's, or a subagent's passed up) to every subscriber."""
        with self._lock:
            subscribers = list(self._subscribers)
        for subscriber in subscribers:
            subscriber(event)

    def _ends(self, event: SessionEvent) -> bool:
        return event.kind is EventKind.SESSION_END and event.session_id == self.session_id

    def stream(self) -> Iterator[SessionEvent]:
        """Every event from this call on, blocking between them, until this session's
        SESSION_END; for a host reading on another thread."""
        pending: queue.Queue[SessionEvent] = queue.Queue()
        unsubscribe = self.subscribe(pending.put)

        def drain() -> Iterator[SessionEvent]:
            try:
                while True:
                    event = pending.get()
                    yield event
                    if self._ends(event):
                        return
            finally:
                unsubscribe()

        return drain()

    def astream(self) -> AsyncIterator[SessionEvent]:
        """``stream()`` for an asyncio host (call it inside the running loop): events cross
        into the loop thread-safely."""
        loop = asyncio.get_running_loop()
        pending: asyncio.Queue[SessionEvent] = asyncio.Queue()
        unsubscribe = self.subscribe(
            lambda event: loop.call_soon_threadsafe(pending.put_nowait, event)
        )

        async def drain() -> AsyncIterator[SessionEvent]:
            try:
                while True:
                    event = await pending.get()
                    yield event
                    if self._ends(event):
                        return
            finally:
                unsubscribe()

        return drain()
