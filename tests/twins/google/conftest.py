"""Drive test helpers: services acting as the seeded users of example.com."""

from __future__ import annotations

import json

import pytest
from googleapiclient.errors import HttpError
from googleapiclient.http import MediaInMemoryUpload

from darkfactory.twins.google import discovery
from darkfactory.twins.google.drive import native
from darkfactory.twins.google.drive.formats import DOCUMENT, SPREADSHEET

ALICE = "alice@example.com"
BOB = "bob@example.com"
CAROL = "carol@example.com"
DAVE = "dave@partner.example"
FOLDER = "application/vnd.google-apps.folder"
TABLE = native.Table(sheets=[("Totals", [["item", "cost"], ["widget", "3"]]), ("Other", [["x"]])])
TEXT = native.Text(
    title="Plan",
    paragraphs=[
        native.Paragraph("Plan", heading=1),
        native.Paragraph("Ship the twin."),
        native.Paragraph("tests", bullet=True),
    ],
)


@pytest.fixture
def alice(google_service_for):
    return google_service_for("drive", "v3", user=ALICE)


@pytest.fixture
def bob(google_service_for):
    return google_service_for("drive", "v3", user=BOB)


@pytest.fixture
def carol(google_service_for):
    return google_service_for("drive", "v3", user=CAROL)


def error_body(request) -> dict:
    """Run a request that must fail; Google's ``error`` object, whose code is the status."""
    with pytest.raises(HttpError) as caught:
        request.execute()
    body = json.loads(caught.value.content)["error"]
    assert body["code"] == caught.value.status_code
    return body


def error_of(request) -> tuple[int, str]:
    """Run a request that must fail; its HTTP status and Google's error reason."""
    body = error_body(request)
    return body["code"], body["errors"][0]["reason"]


def share(service, file_id: str, role: str, **grantee) -> dict:
    """Grant ``role`` on a file (to a user unless ``type`` says otherwise) as ``service``."""
    grantee.setdefault("type", "user")
    return (
        service.permissions()
        .create(fileId=file_id, body={"role": role, **grantee}, fields="id,type,role,emailAddress")
        .execute()
    )


@pytest.fixture
def doc(alice) -> str:
    """A text file Alice owns in her My Drive, shared with nobody."""
    media = MediaInMemoryUpload(b"secret plans", mimetype="text/plain")
    return alice.files().create(body={"name": "plans.txt"}, media_body=media).execute()["id"]


@pytest.fixture
def natives(monkeypatch):
    """Native types whose content is fixed (the Sheets and Docs areas register real ones)."""
    monkeypatch.setitem(
        native.REGISTRY,
        SPREADSHEET,
        native.NativeType(SPREADSHEET, lambda universe, file_id: TABLE),
    )
    monkeypatch.setitem(
        native.REGISTRY, DOCUMENT, native.NativeType(DOCUMENT, lambda universe, file_id: TEXT)
    )


V2_SCHEMAS = discovery.document("drive", "v2")["schemas"]


def assert_shaped(value, schema: str, path: str = "") -> None:
    """Every key of ``value`` is a property of the v2 ``schema`` (recursively)."""
    found = V2_SCHEMAS[schema]
    _check(value, found, path or schema)


def _check(value, schema: dict, path: str) -> None:
    while "$ref" in schema:
        schema = V2_SCHEMAS[schema["$ref"]]
    if isinstance(value, list):
        assert schema.get("type") == "array", path
        for item in value:
            _check(item, schema["items"], path + "[]")
        return
    if isinstance(value, dict):
        assert schema.get("type") == "object", path
        properties = schema.get("properties")
        for key, item in value.items():
            child = (properties or {}).get(key, schema.get("additionalProperties"))
            assert child is not None, f"{path}.{key} is not in the v2 schema"
            _check(item, child, f"{path}.{key}")


@pytest.fixture
def alice2(google_service_for):
    return google_service_for("drive", "v2", user=ALICE)


@pytest.fixture
def bob2(google_service_for):
    return google_service_for("drive", "v2", user=BOB)


@pytest.fixture
def docs(google_service_for):
    """The Docs API as the domain's admin."""
    return google_service_for("docs", "v1")
