"""Schema fuzzing of every operation the Okta, Jira and Slack twins serve, from the vendors' own
OpenAPI documents (``../shared/vendor-openapi/``, or ``$VENDOR_OPENAPI``).

Each served operation gets cases that fit the document and cases that break it (schemathesis),
sent as the twin's admin to a live universe, the universe restored between operations. Two
checks: no answer is a 5xx, and no body the document's types forbid is accepted (a 2xx to a body
the twin's compact vendor schema refuses would mean a wrongly typed value was stored). Bounded
to ``$FUZZ_SECONDS`` per twin (60 by default), with a fixed seed.
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import json
import os
import signal
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import FlakyStrategyDefinition, Unsatisfiable
from schemathesis import GenerationMode

from darkfactory.twins.kit.vendor_schemas import BodySchema, load, served_by, template_key
from darkfactory.twins.slack.api import METHODS

ROOT = Path(__file__).resolve().parents[2]
SOURCE = Path(os.environ.get("VENDOR_OPENAPI", ROOT.parent / "shared" / "vendor-openapi"))
DOCUMENTS = {
    "okta": "okta-management.json.gz",
    "jira": "jira-swagger-v3.v3.json.gz",
    "slack": "slack_web_openapi_v2.json.gz",
}
SECONDS = float(os.environ.get("FUZZ_SECONDS", "60"))
EXAMPLES = max(2, int(SECONDS / 30))  # per operation and mode; generating a case is the cost
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
# Okta publishes a CSR's certificate as raw DER or PEM bytes under these media types.
for certificate in (
    "application/x-x509-ca-cert",
    "application/pkix-cert",
    "application/x-pem-file",
):
    schemathesis.serializer.alias(certificate, "application/octet-stream")


def seeded(examples: int) -> settings:
    """How cases are generated from a document: ``examples`` of each, from a fixed seed, with no
    shrinking, example database or deadline."""
    return settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )


def served_keys(universe, twin: str) -> set[tuple[str, str]]:
    """``(METHOD, template)`` of every vendor operation the twin serves."""
    if twin == "slack":
        return {(m, f"/{name}") for name in METHODS for m in ("GET", "POST")}
    operations = served_by(universe.universe.twins[twin])
    return {template_key(o["method"], o["path"]) for o in operations}


def served_document(universe, twin: str) -> dict:
    """The vendor's document with only the operations the twin serves."""
    document = json.loads(gzip.decompress((SOURCE / DOCUMENTS[twin]).read_bytes()))
    served = served_keys(universe, twin)
    paths = {}
    for path, item in document["paths"].items():
        kept = {
            method: operation
            for method, operation in item.items()
            if template_key(method, path) in served or (method not in _METHODS)
        }
        if any(method in _METHODS for method in kept):
            paths[path] = kept
    document["paths"] = paths
    return document


_METHODS = {"get", "put", "post", "delete", "patch"}


def admin(universe, twin: str) -> tuple[str, dict[str, str]]:
    """The twin's base URL for the document's paths and its admin's credentials."""
    credentials = universe.credentials[twin]
    if twin == "okta":
        return credentials["org_url"], {"Authorization": f"SSWS {credentials['api_token']}"}
    if twin == "jira":
        pair = f"{credentials['email']}:{credentials['api_token']}".encode()
        return credentials["url"], {"Authorization": f"Basic {base64.b64encode(pair).decode()}"}
    return credentials["api_url"].rstrip("/"), {
        "Authorization": f"Bearer {credentials['user_token']}"
    }


def body_schemas(twin: str) -> dict[tuple[str, str], BodySchema]:
    document = load(f"darkfactory.twins.{twin}")
    return {
        template_key(o["method"], o["path"]): BodySchema(o, document["definitions"])
        for o in document["operations"]
        if o.get("body")
    }


class OutOfTime(Exception):
    """An operation's share of the fuzzing time is spent."""


class Fuzzer:
    """Sends cases of one twin's operations and keeps what went wrong, one finding per operation."""

    def __init__(self, twin: str, base_url: str, headers: dict[str, str]) -> None:
        self.base_url = base_url
        self.headers = headers
        self.schemas = body_schemas(twin) if twin != "slack" else {}
        self.failures: dict[tuple[str, str], str] = {}
        self.sent = 0
        self.out_of_time = False  # the operation being fuzzed has had its share of time
        self.running = False  # an operation is being fuzzed (an alarm after it is ignored)

    def fuzz(self, operation, seconds: float) -> None:
        """Cases of ``operation`` for ``seconds`` at most: an alarm cuts off a generation that
        runs longer (the vendors' larger schemas take seconds per case)."""
        self.out_of_time, self.running = False, True
        previous = signal.signal(signal.SIGALRM, self.time_is_up)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            self.generate(operation)
        except Exception:
            if not self.out_of_time:
                raise
        finally:
            self.running = False  # an alarm striking from here on finds nothing to cut off
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

    def time_is_up(self, signum, frame) -> None:
        if self.running:
            self.out_of_time = True
            raise OutOfTime()

    def generate(self, operation) -> None:
        for mode in MODES if operation.body else MODES[:1]:
            strategy = operation.as_strategy(generation_mode=mode)

            @seeded(EXAMPLES)
            @given(case=strategy)
            def send(case):
                if self.out_of_time:  # hypothesis replays the case that was cut off
                    raise OutOfTime()
                self.send(case)

            # Nothing of the operation can be broken, or schemathesis's generation of it varies
            # from one run to the next: the operation's other cases stand.
            with contextlib.suppress(Unsatisfiable, FlakyStrategyDefinition):
                send()

    def send(self, case) -> None:
        key = template_key(case.operation.method, case.operation.path)
        if key in self.failures:
            return
        response = case.call(base_url=self.base_url, headers=self.headers, timeout=30)
        self.sent += 1
        where = f"{key[0]} {case.operation.path}"
        if response.status_code >= 500:
            self.failures[key] = f"{where}: {response.status_code} for {case.as_curl_command()}"
        elif (
            response.status_code < 300
            and key in self.schemas
            and _is_json(case)
            and self.schemas[key].violations(case.body)
        ):
            self.failures[key] = f"{where}: accepted {case.body!r}"


@pytest.mark.timeout(SECONDS * 5 + 300, method="thread")  # the fuzzer keeps SIGALRM
# An alarm that strikes inside a finalizer is reported as "ignored"; the next case stops instead.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("twin", sorted(DOCUMENTS))
def test_no_server_errors_and_no_wrongly_typed_writes(universe, twin):
    if not (SOURCE / DOCUMENTS[twin]).exists():
        pytest.skip(f"the vendor documents are not at {SOURCE}")
    schema = schemathesis.openapi.from_dict(served_document(universe, twin))
    operations = [result.ok() for result in schema.get_all_operations() if _is_ok(result)]
    assert operations, f"no served operation of {twin} was read from the vendor document"
    fuzzer = Fuzzer(twin, *admin(universe, twin))
    baseline = universe.call(universe.universe.snapshot)
    for operation in operations:
        fuzzer.fuzz(operation, max(SECONDS / len(operations), 0.25))
        universe.call(universe.universe.restore, baseline)
    print(f"{twin}: {len(operations)} operations, {fuzzer.sent} requests")
    assert not fuzzer.failures, "\n".join(fuzzer.failures.values())


def _is_ok(result) -> bool:
    try:
        result.ok()
    except Exception:  # an operation schemathesis cannot read from the vendor's document
        return False
    return True


def _is_json(case) -> bool:
    return case.media_type is not None and "json" in case.media_type and case.body is not None
