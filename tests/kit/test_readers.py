"""The readers' hand-off: answers, errors, cancelled waits and closing, on each twin's thread."""

from __future__ import annotations

import asyncio
import contextvars
import os
import threading

import pytest

from darkfactory.twins.kit.readers import Readers
from darkfactory.twins.kit.store import Store

WHO = contextvars.ContextVar("who", default="nobody")


@pytest.fixture
def store():
    made = Store()
    made.ensure_schema("CREATE TABLE t(x INTEGER)")
    with made.transaction():
        made.execute("INSERT INTO t VALUES (1), (2)")
    yield made
    made.close()


def test_a_read_answers_from_its_twins_thread_in_a_snapshot_with_the_callers_context(store):
    readers = Readers(store)

    def read(extra: int) -> tuple:
        total = store.scalar("SELECT SUM(x) FROM t")
        return threading.current_thread().name, store.in_snapshot, WHO.get(), total + extra

    async def main() -> list:
        WHO.set("alice")
        return await asyncio.gather(readers.run("jira", read, 10), readers.run("slack", read, 0))

    assert asyncio.run(main()) == [
        ("reads:jira", True, "alice", 13),
        ("reads:slack", True, "alice", 3),
    ]
    readers.close()


def test_an_error_reaches_the_caller_and_the_thread_goes_on_reading(store):
    readers = Readers(store)

    def refuse() -> None:
        raise LookupError("no such issue")

    async def main() -> int:
        with pytest.raises(LookupError, match="no such issue"):
            await readers.run("jira", refuse)
        return await readers.run("jira", store.scalar, "SELECT COUNT(*) FROM t")

    assert asyncio.run(main()) == 2
    readers.close()


def test_a_caller_that_stops_waiting_leaves_the_thread_serving_the_next(store):
    readers = Readers(store)
    release = threading.Event()
    started = threading.Event()

    def slow() -> str:
        started.set()
        release.wait(5)
        return "late"

    async def main() -> str:
        waiting = asyncio.ensure_future(readers.run("jira", slow))
        while not started.is_set():
            await asyncio.sleep(0.001)
        waiting.cancel()
        release.set()
        with pytest.raises(asyncio.CancelledError):
            await waiting
        return await readers.run("jira", lambda: "next")

    assert asyncio.run(main()) == "next"
    readers.close()


def test_closing_lets_queued_reads_finish_then_ends_the_threads(store):
    others = set(threading.enumerate())  # other tests' universes may have readers of their own
    readers = Readers(store)
    done: list[int] = []
    release = threading.Event()

    def read(n: int) -> None:
        release.wait(5)
        done.append(n)

    async def queue_three() -> None:
        queued = [asyncio.ensure_future(readers.run("jira", read, n)) for n in range(3)]
        await asyncio.sleep(0)  # the tasks put their reads on the queue
        assert not any(task.done() for task in queued)

    asyncio.run(queue_three())  # the loop is gone before the reads end: nobody is answered
    threads = [t for t in set(threading.enumerate()) - others if t.name == "reads:jira"]
    release.set()
    readers.close()
    assert done == [0, 1, 2]
    assert threads and not any(t.is_alive() for t in threads)


@pytest.mark.skipif(not hasattr(os, "SCHED_BATCH"), reason="Linux's scheduling policies")
def test_the_reads_run_as_batch_work_and_the_callers_thread_as_it_was(store):
    """A worker the loop wakes does not take the core of the loop that woke it."""
    readers = Readers(store)
    policy = os.sched_getscheduler(0)

    async def main() -> int:
        return await readers.run("jira", os.sched_getscheduler, 0)

    assert asyncio.run(main()) == os.SCHED_BATCH
    assert os.sched_getscheduler(0) == policy != os.SCHED_BATCH
    readers.close()
