"""A schema-driven property test of the Jira twin's answers: requests the Cloud OpenAPI document
allows, generated for every served operation, must get no 5xx and, when they succeed, an answer
whose body fits the document's response schema (required members present, enums respected)."""

from __future__ import annotations

import pytest
from tests.fuzz.answers import misfits, without
from tests.fuzz.test_vendor_documents import DOCUMENTS, SOURCE, served_document

BUDGET = 20.0  # seconds for the whole document

# What Jira's own answers do not keep to: members beyond those listed
# (``additionalProperties: false``) and RFC 3339 instants (Jira writes ``+0000`` offsets).
LOOSE = (("additionalProperties", False), ("format", "date-time"))


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


@pytest.mark.timeout(180, method="thread")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_answers_fit_the_cloud_openapi_document(universe):
    if not (SOURCE / DOCUMENTS["jira"]).exists():
        pytest.skip(f"the vendor documents are not at {SOURCE}")
    document = corrected(without(served_document(universe, "jira"), LOOSE))
    tried, found = misfits(universe, "jira", document, BUDGET)
    assert tried
    assert not found, "\n".join(sorted(found.values()))
