"""files.export of native files: the owning area's content hook, written in each format."""

from __future__ import annotations

import io
import zipfile

from tests.twins.google.conftest import BOB, error_of

from darkfactory.twins.google.drive.formats import DOCUMENT, SPREADSHEET


def make(service, mime: str) -> str:
    return service.files().create(body={"name": "n", "mimeType": mime}).execute()["id"]


def test_spreadsheet_exports(alice, natives):
    sheet = make(alice, SPREADSHEET)
    csv = alice.files().export(fileId=sheet, mimeType="text/csv").execute()
    assert csv == b"item,cost\r\nwidget,3"
    xlsx = (
        alice.files()
        .export(
            fileId=sheet,
            mimeType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        .execute()
    )
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(xlsx))
    assert book.sheetnames == ["Totals", "Other"] and book["Totals"]["A2"].value == "widget"
    pdf = alice.files().export(fileId=sheet, mimeType="application/pdf").execute()
    assert pdf.startswith(b"%PDF")


def test_document_exports(alice, natives):
    doc = make(alice, DOCUMENT)
    text = alice.files().export(fileId=doc, mimeType="text/plain").execute()
    assert text.decode("utf-8-sig") == "Plan\r\nShip the twin.\r\ntests"
    docx = (
        alice.files()
        .export(
            fileId=doc,
            mimeType="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        .execute()
    )
    assert "Ship the twin." in zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode()
    markdown = alice.files().export(fileId=doc, mimeType="text/markdown").execute()
    assert markdown.startswith(b"# Plan")


def test_export_rules(alice, bob, natives):
    doc = make(alice, DOCUMENT)
    assert error_of(alice.files().export(fileId=doc, mimeType="image/png")) == (400, "badRequest")
    plain = alice.files().create(body={"name": "p", "mimeType": "text/plain"}).execute()["id"]
    assert error_of(alice.files().export(fileId=plain, mimeType="text/plain")) == (
        403,
        "fileNotExportable",
    )
    assert error_of(bob.files().export(fileId=doc, mimeType="text/plain"))[0] == 404
    alice.permissions().create(
        fileId=doc, body={"type": "user", "role": "reader", "emailAddress": BOB}
    ).execute()
    assert bob.files().export(fileId=doc, mimeType="text/html").execute().startswith(b"<html>")


def test_export_links_and_full_text_use_the_hook(alice, natives):
    doc = make(alice, DOCUMENT)
    links = alice.files().get(fileId=doc, fields="exportLinks").execute()["exportLinks"]
    assert "application/pdf" in links
    found = alice.files().list(q="fullText contains 'ship the'").execute()["files"]
    assert [f["id"] for f in found] == [doc]
