"""The retry decorator: transient failures are retried with doubling waits, others are not."""

import pytest
from shop.retry import TransientError, retrying


def flaky(failures, error=TransientError):
    calls = []

    def call():
        calls.append(1)
        if len(calls) <= failures:
            raise error("down")
        return "done"

    return call, calls


def test_transient_failures_are_retried_with_doubling_waits():
    waits = []
    call, calls = flaky(2)
    assert retrying(attempts=3, first_delay=0.5, sleep=waits.append)(call)() == "done"
    assert len(calls) == 3 and waits == [0.5, 1.0]


def test_the_last_transient_failure_is_raised():
    call, calls = flaky(5)
    with pytest.raises(TransientError):
        retrying(attempts=3, sleep=lambda _: None)(call)()
    assert len(calls) == 3


def test_other_errors_are_not_retried():
    call, calls = flaky(1, error=KeyError)
    with pytest.raises(KeyError):
        retrying(sleep=lambda _: None)(call)()
    assert len(calls) == 1
