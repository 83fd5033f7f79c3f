"""files.download and operations.get through googleapiclient: a finished operation whose
download URI gives the content to whoever may read it, and Drive's refusals."""

from __future__ import annotations

import pytest
from googleapiclient.http import MediaInMemoryUpload
from tests.twins.google.conftest import BOB, CAROL, DOCUMENT, FOLDER, error_of, share


def fetch(service, uri: str) -> tuple[int, bytes]:
    """GET ``uri`` with the service's own credentials."""
    response, content = service._http.request(uri)
    return response.status, content


def test_a_blob_downloads_through_its_operation(alice, bob, doc):
    made = alice.files().download(fileId=doc).execute()
    assert made["done"] is True and made["name"]
    answer = made["response"]
    assert answer["@type"].endswith("DownloadFileResponse")
    assert fetch(alice, answer["downloadUri"]) == (200, b"secret plans")
    assert alice.operations().get(name=made["name"]).execute() == made
    assert error_of(bob.operations().get(name=made["name"])) == (404, "notFound")
    assert error_of(bob.files().download(fileId=doc)) == (404, "notFound")
    assert fetch(bob, answer["downloadUri"])[0] == 404  # the URI itself checks access too


def test_a_revision_downloads_for_editors_only(alice, bob, doc):
    media = MediaInMemoryUpload(b"newer plans", mimetype="text/plain")
    alice.files().update(fileId=doc, media_body=media).execute()
    first = alice.revisions().list(fileId=doc).execute()["revisions"][0]["id"]
    made = alice.files().download(fileId=doc, revisionId=first).execute()
    assert fetch(alice, made["response"]["downloadUri"]) == (200, b"secret plans")
    share(alice, doc, "reader", emailAddress=BOB)
    assert error_of(bob.files().download(fileId=doc, revisionId=first))[0] == 403
    latest = bob.files().download(fileId=doc).execute()["response"]["downloadUri"]
    assert fetch(bob, latest) == (200, b"newer plans")
    missing = alice.files().download(fileId=doc, revisionId="nope")
    assert error_of(missing) == (404, "notFound")
    assert error_of(alice.files().download(fileId=doc, mimeType="application/pdf")) == (
        400,
        "invalid",
    )


@pytest.mark.usefixtures("natives")
def test_a_document_downloads_as_an_export(alice):
    made = alice.files().create(body={"name": "Plan", "mimeType": DOCUMENT}).execute()["id"]
    text = alice.files().download(fileId=made, mimeType="text/plain").execute()
    status, content = fetch(alice, text["response"]["downloadUri"])
    assert status == 200 and b"Ship the twin." in content
    default = alice.files().download(fileId=made).execute()["response"]["downloadUri"]
    assert "mimeType=application%2Fpdf" in default
    assert fetch(alice, default)[1].startswith(b"%PDF")
    refused = alice.files().download(fileId=made, mimeType="image/png")
    assert error_of(refused) == (400, "invalid")
    assert error_of(alice.files().download(fileId=made, revisionId="1")) == (400, "invalid")


def test_folders_and_restricted_files_do_not_download(alice, carol, doc):
    folder = alice.files().create(body={"name": "F", "mimeType": FOLDER}).execute()["id"]
    assert error_of(alice.files().download(fileId=folder)) == (403, "fileNotDownloadable")
    alice.files().update(fileId=doc, body={"copyRequiresWriterPermission": True}).execute()
    share(alice, doc, "reader", emailAddress=CAROL)
    assert error_of(carol.files().download(fileId=doc)) == (403, "cannotDownloadFile")
    assert alice.files().download(fileId=doc).execute()["done"] is True


def test_an_operation_lasts_a_day(universe, alice, doc):
    made = alice.files().download(fileId=doc).execute()
    universe.call(universe.universe.clock.advance, 24 * 3600 + 1)
    assert error_of(alice.operations().get(name=made["name"])) == (404, "notFound")
    assert error_of(alice.operations().get(name="unknown")) == (404, "notFound")
