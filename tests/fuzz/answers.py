"""Checking a twin's answers against its vendor's OpenAPI document, operation by operation.

Requests the document allows are generated for every operation the twin serves (schemathesis,
positive cases, a fixed seed) and sent as the twin's admin to a live universe, which is restored
between operations. An answer fails when it is a 5xx or, for a 2xx with a body, when the body
breaks the document's response schema (required members, types, enums, patterns).
"""

from __future__ import annotations

import signal
import time

import schemathesis
from hypothesis import given
from hypothesis.errors import FlakyStrategyDefinition, Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance
from tests.fuzz.test_vendor_documents import _is_ok, admin, seeded


def without(node, loose: tuple[tuple[str, object], ...]):
    """The schema ``node`` with every ``key: value`` member listed in ``loose`` taken out."""
    if isinstance(node, dict):
        return {k: without(v, loose) for k, v in node.items() if (k, v) not in loose}
    if isinstance(node, list):
        return [without(v, loose) for v in node]
    return node


class Spent(Exception):
    """The operation's share of the budget is used up."""


def _answers(operation, base_url: str, headers: dict, seconds: float, found: dict) -> None:
    strategy = operation.as_strategy(generation_mode=GenerationMode.POSITIVE)
    deadline = time.monotonic() + seconds

    @seeded(3)
    @given(case=strategy)
    def send(case):
        if time.monotonic() > deadline or operation.label in found:
            raise Spent()
        response = case.call(base_url=base_url, headers=headers, timeout=30)
        where = f"{case.operation.method.upper()} {case.operation.path}"
        if response.status_code >= 500:
            found[operation.label] = f"{where}: {response.status_code} {response.text[:200]}"
        elif response.status_code < 300 and response.content:
            try:
                case.validate_response(response, checks=(response_schema_conformance,))
            except BaseExceptionGroup as failure:  # schemathesis groups what failed
                found[operation.label] = f"{where}: {str(failure)[:400]}"

    late, running = [], [True]

    def alarm(signum, frame):
        if running:  # an alarm striking once the operation is done finds nothing to cut off
            late.append(True)
            raise Spent()

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds + 1)
    try:
        send()
    except (Spent, Unsatisfiable, FlakyStrategyDefinition):
        pass
    except Exception:  # an alarm inside generation surfaces as whatever it interrupted
        if not late:
            raise
    finally:
        running.clear()
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def misfits(universe, twin: str, document: dict, budget: float) -> tuple[int, dict[str, str]]:
    """How many operations were tried, and the failure of each one whose answer misfits."""
    schema = schemathesis.openapi.from_dict(document)
    operations = [r.ok() for r in schema.get_all_operations() if _is_ok(r)]
    base_url, headers = admin(universe, twin)
    baseline = universe.call(universe.universe.snapshot)
    found: dict[str, str] = {}
    for operation in operations:
        _answers(operation, base_url, headers, budget / max(len(operations), 1), found)
        universe.call(universe.universe.restore, baseline)
    return len(operations), found
