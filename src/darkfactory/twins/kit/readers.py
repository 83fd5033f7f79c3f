"""Read-only operations off the event loop: one worker thread per twin, each reading a snapshot.

An operation declared as reading only (``@operation(name, reads=True)``) runs its handler here,
on its twin's worker thread, with that thread's own connection to the store (``Store.reading``),
while the event loop goes on serving every other request and doing every write. Each twin has one
thread of its own, so a twin's slow searches queue behind each other and never in front of another
twin's calls, and at most one thread per twin competes with the loop for the interpreter.

A read is handed over through a plain queue and handed back with ``call_soon_threadsafe``: about
half of what ``run_in_executor`` costs (its executor's and its futures' bookkeeping), which a
cheap read would otherwise pay on top of its own work.

The event loop lets go of the interpreter at every SQLite statement and every socket it waits on,
and a thread that wants it back waits for the one holding it to be told to switch. Python tells
it every 5 ms; once a worker runs, the universe has it told every ``SWITCH_SECONDS`` instead, so
that a cheap call on the loop does not wait 5 ms at each statement behind a long search.

A worker thread runs as batch work (Linux's ``SCHED_BATCH``, at the same priority as the rest of
the process): the kernel then never lets a worker it wakes take the core from the thread that
woke it. The loop wakes a worker while it holds the interpreter; had the worker taken its core
there, the loop would stay set aside holding the interpreter that the worker waits for, and every
twin's calls would wait with it. A worker still runs on a core that is free, and in its turn on a
busy one; under a load heavier than the machine, the reads wait more and the loop's calls less.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import os
import queue
import sys
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from darkfactory.twins.kit.store import Store

T = TypeVar("T")
SWITCH_SECONDS = 0.0005
# A read to run: the loop and future to answer, and what to call in which context.
Work = tuple[asyncio.AbstractEventLoop, asyncio.Future, contextvars.Context, Callable, tuple]


class Readers:
    """The worker threads of one universe's store, made as twins first need them."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._threads: dict[str, tuple[threading.Thread, queue.SimpleQueue[Work | None]]] = {}

    async def run(self, twin: str, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` on ``twin``'s worker thread, in one snapshot, with the caller's
        context variables."""
        worker = self._threads.get(twin)
        if worker is None:
            worker = self._start(twin)
        loop = asyncio.get_running_loop()
        answer = loop.create_future()
        worker[1].put((loop, answer, contextvars.copy_context(), fn, args))
        return await answer

    def _start(self, twin: str) -> tuple[threading.Thread, queue.SimpleQueue[Work | None]]:
        work: queue.SimpleQueue[Work | None] = queue.SimpleQueue()
        thread = threading.Thread(
            target=self._serve, args=(work,), name=f"reads:{twin}", daemon=True
        )
        self._threads[twin] = (thread, work)
        sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_SECONDS))
        thread.start()
        return thread, work

    def _serve(self, work: queue.SimpleQueue[Work | None]) -> None:
        """Run reads in the order they came until told to stop (``None``)."""
        _as_batch_work()
        while (item := work.get()) is not None:
            loop, answer, context, fn, args = item
            try:
                result = context.run(self._read, fn, *args)
            except BaseException as error:  # handed to the awaiting request, whatever it is
                _answer(loop, answer, answer.set_exception, error)
            else:
                _answer(loop, answer, answer.set_result, result)

    def _read(self, fn: Callable[..., T], *args: Any) -> T:
        with self.store.reading():
            return fn(*args)

    def close(self) -> None:
        """Let the reads under way and queued finish, then end the threads."""
        for _, work in self._threads.values():
            work.put(None)
        for thread, _ in self._threads.values():
            thread.join()
        self._threads.clear()


def _as_batch_work() -> None:
    """Have the kernel schedule the calling thread as batch work, where it can (see the module)."""
    with contextlib.suppress(AttributeError, OSError):  # not Linux, or not allowed here
        os.sched_setscheduler(0, os.SCHED_BATCH, os.sched_param(0))


def _answer(
    loop: asyncio.AbstractEventLoop, answer: asyncio.Future, settle: Callable, value: Any
) -> None:
    """Settle ``answer`` on its loop, unless the request gave up waiting (it was cancelled) or
    the loop has closed meanwhile."""

    def settle_unless_cancelled() -> None:
        if not answer.cancelled():
            settle(value)

    with contextlib.suppress(RuntimeError):  # the loop is closed: nobody waits any more
        loop.call_soon_threadsafe(settle_unless_cancelled)
