"""Retrying a call that failed for a passing reason, waiting twice as long after each failure."""

import functools
import time


class TransientError(Exception):
    """A failure worth retrying: a timeout, a 503, a dropped connection."""


def retrying(attempts=3, first_delay=0.1, sleep=time.sleep):
    """Call the decorated function up to ``attempts`` times while it raises TransientError,
    sleeping ``first_delay``, then twice that, ... between attempts; the last error is raised."""

    def decorate(call):
        @functools.wraps(call)
        def attempt(*args, **kwargs):
            delay = first_delay
            for number in range(1, attempts + 1):
                try:
                    return call(*args, **kwargs)
                except TransientError:
                    if number == attempts:
                        raise
                    sleep(delay)
                    delay *= 2
            raise AssertionError("unreachable")

        return attempt

    return decorate
