"""A schema-driven property test of the Jira twin's answers: requests the Cloud OpenAPI document
allows, generated for every served operation, must get no 5xx and, when they succeed, an answer
whose body fits the document's response schema (required members present, enums respected)."""

from __future__ import annotations

import signal
import time

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import FlakyStrategyDefinition, Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance
from tests.fuzz.test_vendor_documents import DOCUMENTS, SOURCE, _is_ok, admin, served_document

BUDGET = 30.0  # seconds for the whole document


LOOSE = (("additionalProperties", False), ("format", "date-time"))


def lenient(node):
    """The document without what Jira's own answers do not keep to: members beyond those listed
    (``additionalProperties: false``) and RFC 3339 instants (Jira writes ``+0000`` offsets), so
    required members, types and enums are what is held to it."""
    if isinstance(node, dict):
        return {k: lenient(v) for k, v in node.items() if (k, v) not in LOOSE}
    if isinstance(node, list):
        return [lenient(v) for v in node]
    return node


def corrected(document: dict) -> dict:
    """The document with its own errata fixed: listing an issue's remote links answers an array
    (as the operation's example shows), not one link; a screen scheme's ``screens`` are read as
    well as written (the listing's example shows them), not write-only."""
    document["components"]["schemas"]["ScreenTypes"].pop("writeOnly", None)
    listing = document["paths"].get("/rest/api/3/issue/{issueIdOrKey}/remotelink", {}).get("get")
    if listing:
        content = listing["responses"]["200"]["content"]["application/json"]
        content["schema"] = {"type": "array", "items": content["schema"]}
    return document


class Spent(Exception):
    """The operation's share of the budget is used up."""


def _answers(operation, base_url: str, headers: dict, seconds: float, found: dict) -> None:
    strategy = operation.as_strategy(generation_mode=GenerationMode.POSITIVE)
    deadline = time.monotonic() + seconds

    @settings(
        max_examples=3,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
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

    late = []

    def alarm(signum, frame):
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
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.timeout(180, method="thread")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_answers_fit_the_cloud_openapi_document(universe):
    if not (SOURCE / DOCUMENTS["jira"]).exists():
        pytest.skip(f"the vendor documents are not at {SOURCE}")
    schema = schemathesis.openapi.from_dict(corrected(lenient(served_document(universe, "jira"))))
    operations = [r.ok() for r in schema.get_all_operations() if _is_ok(r)]
    assert operations
    base_url, headers = admin(universe, "jira")
    baseline = universe.call(universe.universe.snapshot)
    found: dict[str, str] = {}
    for operation in operations:
        _answers(operation, base_url, headers, BUDGET / len(operations), found)
        universe.call(universe.universe.restore, baseline)
    assert not found, "\n".join(sorted(found.values()))
