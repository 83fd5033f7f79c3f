"""A schema-driven property test of the Okta twin's answers: requests Okta's management OpenAPI
document allows, generated for every served operation, must get no 5xx and, when they succeed,
an answer whose body fits the document's response schema."""

from __future__ import annotations

import gzip
import json
import re

import pytest
from tests.fuzz.answers import misfits
from tests.fuzz.test_vendor_documents import DOCUMENTS, SOURCE, served_document

BUDGET = 20.0  # seconds for the whole document


# Members Okta writes as null, seen in recorded answers rather than in the document's examples:
# System Log events of newer kinds carry ``legacyEventType: null``.
RECORDED_NULLS = {"legacyEventType"}

# Schemas whose every optional member Okta writes as null while unset; the document's own
# example of the org's settings shows its unset members (``expiresAt``, ``state``) as null.
UNSET_IS_NULL = {"OrgSetting"}


def nulls_in_examples(document: dict) -> set[str]:
    """The members Okta's own examples show as ``null``: Okta writes null for a member not set,
    though the document's schemas do not say so."""
    text = json.dumps(document, separators=(",", ":"))
    return set(re.findall(r'"(\w+)":\s*null', text)) | RECORDED_NULLS


def _nullable(node, names: set[str], every: bool = False):
    if isinstance(node, list):
        return [_nullable(v, names) for v in node]
    if not isinstance(node, dict):
        return node
    node = {k: _nullable(v, names, k in UNSET_IS_NULL) for k, v in node.items()}
    properties = node.get("properties")
    if isinstance(properties, dict):
        required = set(node.get("required", ()))
        node["properties"] = {
            name: {"anyOf": [schema, {"type": "null"}]}
            if (every or name in names) and name not in required
            else schema
            for name, schema in properties.items()
        }
    return node


def corrected(document: dict) -> dict:
    """The document with its own errata fixed:

    - ``TimeDuration``'s pattern accepts nothing but ``P`` (a lookahead written as ``(?:$)``);
    - ``HttpMethod`` leaves out ``PATCH``, which its own examples' link hints carry;
    - the attack-protection settings are answered as one-item lists, as Okta's SDK reads them.
    """
    schemas = document["components"]["schemas"]
    duration = schemas["TimeDuration"]
    duration["pattern"] = (
        duration["pattern"].replace("(?:$)", "(?!$)").replace("(?:\\d)", "(?=\\d)")
    )
    schemas["HttpMethod"]["enum"] = sorted({*schemas["HttpMethod"]["enum"], "PATCH"})
    for path in ("authenticator-settings", "user-lockout-settings"):
        item = document["paths"].get(f"/attack-protection/api/v1/{path}", {}).get("get")
        if item:
            content = item["responses"]["200"]["content"]["application/json"]
            content["schema"] = {"type": "array", "items": content["schema"]}
    return _nullable(document, nulls_in_examples(document))


def test_the_errata_widen_only_what_okta_writes():
    document = json.loads(gzip.decompress((SOURCE / DOCUMENTS["okta"]).read_bytes()))
    fixed = corrected(json.loads(json.dumps(document)))
    assert re.fullmatch(fixed["components"]["schemas"]["TimeDuration"]["pattern"], "P30D")
    assert not re.fullmatch(fixed["components"]["schemas"]["TimeDuration"]["pattern"], "P")
    names = nulls_in_examples(document)
    assert "captchaId" in names and "login" not in names
    user = fixed["components"]["schemas"]["User"]["properties"]
    assert "anyOf" not in user["id"] or "id" in names


@pytest.mark.timeout(240, method="thread")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_answers_fit_the_management_openapi_document(universe):
    if not (SOURCE / DOCUMENTS["okta"]).exists():
        pytest.skip(f"the vendor documents are not at {SOURCE}")
    tried, found = misfits(universe, "okta", corrected(served_document(universe, "okta")), BUDGET)
    assert tried > 400
    assert not found, "\n".join(sorted(found.values()))
