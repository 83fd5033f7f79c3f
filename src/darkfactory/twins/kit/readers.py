"""Read-only operations off the event loop: one worker thread per twin, each reading a snapshot.

An operation declared as reading only (``@operation(name, reads=True)``) runs its handler here,
on its twin's worker thread, with that thread's own connection to the store (``Store.reading``),
while the event loop goes on serving every other request and doing every write. Each twin has one
thread of its own, so a twin's slow searches queue behind each other and never in front of another
twin's calls, and at most one thread per twin competes with the loop for the interpreter.

The event loop lets go of the interpreter at every SQLite statement and every socket it waits on,
and a thread that wants it back waits for the one holding it to be told to switch. Python tells
it every 5 ms; once a worker runs, the universe has it told every ``SWITCH_SECONDS`` instead, so
that a cheap call on the loop does not wait 5 ms at each statement behind a long search.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from darkfactory.twins.kit.store import Store

T = TypeVar("T")
SWITCH_SECONDS = 0.0005


class Readers:
    """The worker threads of one universe's store, made as twins first need them."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._threads: dict[str, ThreadPoolExecutor] = {}

    async def run(self, twin: str, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` on ``twin``'s worker thread, in one snapshot, with the caller's
        context variables."""
        thread = self._threads.get(twin)
        if thread is None:
            thread = ThreadPoolExecutor(1, thread_name_prefix=f"reads:{twin}")
            self._threads[twin] = thread
            sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_SECONDS))
        context = contextvars.copy_context()
        read = functools.partial(context.run, self._read, fn, *args)
        return await asyncio.get_running_loop().run_in_executor(thread, read)

    def _read(self, fn: Callable[..., T], *args: Any) -> T:
        with self.store.reading():
            return fn(*args)

    def close(self) -> None:
        """Let the reads under way finish, then end the threads."""
        for thread in self._threads.values():
            thread.shutdown(wait=True)
        self._threads.clear()
