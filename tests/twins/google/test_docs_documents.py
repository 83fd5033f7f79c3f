"""Docs v1 through googleapiclient: the structural model, requests, index rules, revisions."""

from __future__ import annotations

import pytest
from googleapiclient.errors import HttpError


@pytest.fixture
def document(docs) -> str:
    return docs.documents().create(body={"title": "Notes"}).execute()["documentId"]


def update(docs, document_id: str, *requests, **extra) -> dict:
    body = {"requests": list(requests), **extra}
    return docs.documents().batchUpdate(documentId=document_id, body=body).execute()


def paragraphs(doc: dict) -> list[dict]:
    return [e for e in doc["body"]["content"] if "paragraph" in e]


def test_a_new_document_is_a_section_break_and_one_newline(docs):
    created = docs.documents().create(body={"title": "Fresh"}).execute()
    assert created["title"] == "Fresh"
    content = created["body"]["content"]
    assert content[0] == {
        "endIndex": 1,
        "sectionBreak": content[0]["sectionBreak"],
    }
    assert content[1]["startIndex"] == 1 and content[1]["endIndex"] == 2
    run = content[1]["paragraph"]["elements"][0]
    assert run["textRun"]["content"] == "\n"


def test_insert_text_splits_paragraphs_with_utf16_indices(docs, document):
    update(docs, document, {"insertText": {"location": {"index": 1}, "text": "Hi 😀\nSecond"}})
    doc = docs.documents().get(documentId=document).execute()
    first, second = paragraphs(doc)
    assert first["paragraph"]["elements"][0]["textRun"]["content"] == "Hi 😀\n"
    assert (first["startIndex"], first["endIndex"]) == (1, 7)  # the emoji is two code units
    assert (second["startIndex"], second["endIndex"]) == (7, 14)
    assert second["paragraph"]["elements"][0]["textRun"]["content"] == "Second\n"


def test_index_past_the_segment_is_refused_as_google_words_it(docs, document):
    with pytest.raises(HttpError) as caught:
        update(docs, document, {"insertText": {"location": {"index": 5}, "text": "x"}})
    assert caught.value.status_code == 400
    assert caught.value.reason == (
        "Invalid requests[0].insertText: Index 5 must be less than the end index of the"
        " referenced segment, 2."
    )


def text_of(doc: dict) -> str:
    return "".join(
        el.get("textRun", {}).get("content", "")
        for p in paragraphs(doc)
        for el in p["paragraph"]["elements"]
    )


def fetch(docs, document_id: str) -> dict:
    return docs.documents().get(documentId=document_id).execute()


def test_delete_merges_paragraphs_and_guards_the_final_newline(docs, document):
    update(docs, document, {"insertText": {"location": {"index": 1}, "text": "one\ntwo\nthree"}})
    update(docs, document, {"deleteContentRange": {"range": {"startIndex": 3, "endIndex": 7}}})
    doc = fetch(docs, document)
    assert text_of(doc) == "ono\nthree\n"
    assert [p["endIndex"] for p in paragraphs(doc)] == [5, 11]
    with pytest.raises(HttpError) as caught:
        update(docs, document, {"deleteContentRange": {"range": {"startIndex": 5, "endIndex": 11}}})
    assert caught.value.reason == (
        "Invalid requests[0].deleteContentRange: The range cannot include the newline"
        " character at the end of the segment."
    )
    with pytest.raises(HttpError) as empty:
        update(docs, document, {"deleteContentRange": {"range": {"startIndex": 2, "endIndex": 2}}})
    assert empty.value.reason.endswith("The range should not be empty.")


def test_replace_all_text_and_text_styles(docs, document):
    update(docs, document, {"insertText": {"location": {"index": 1}, "text": "Dear NAME, hi NAME"}})
    reply = update(
        docs,
        document,
        {
            "replaceAllText": {
                "containsText": {"text": "name", "matchCase": False},
                "replaceText": "Ada",
            }
        },
        {
            "updateTextStyle": {
                "range": {"startIndex": 1, "endIndex": 5},
                "textStyle": {"bold": True, "fontSize": {"magnitude": 14, "unit": "PT"}},
                "fields": "bold,fontSize",
            }
        },
    )
    assert reply["replies"][0] == {"replaceAllText": {"occurrencesChanged": 2}}
    doc = fetch(docs, document)
    assert text_of(doc) == "Dear Ada, hi Ada\n"
    first, rest = paragraphs(doc)[0]["paragraph"]["elements"][:2]
    assert first["textRun"] == {
        "content": "Dear",
        "textStyle": {"bold": True, "fontSize": {"magnitude": 14, "unit": "PT"}},
    }
    assert (first["startIndex"], first["endIndex"], rest["startIndex"]) == (1, 5, 5)
    assert rest["textRun"]["textStyle"] == {}


def test_paragraph_styles_and_bullets(docs, document):
    update(
        docs, document, {"insertText": {"location": {"index": 1}, "text": "Title\nfirst\n\tsecond"}}
    )
    update(
        docs,
        document,
        {
            "updateParagraphStyle": {
                "range": {"startIndex": 1, "endIndex": 2},
                "paragraphStyle": {"namedStyleType": "HEADING_1", "alignment": "CENTER"},
                "fields": "namedStyleType,alignment",
            }
        },
        {
            "createParagraphBullets": {
                "range": {"startIndex": 7, "endIndex": 20},
                "bulletPreset": "NUMBERED_DECIMAL_ALPHA_ROMAN",
            }
        },
    )
    doc = fetch(docs, document)
    title, first, second = paragraphs(doc)
    assert title["paragraph"]["paragraphStyle"]["namedStyleType"] == "HEADING_1"
    assert title["paragraph"]["paragraphStyle"]["alignment"] == "CENTER"
    list_id = first["paragraph"]["bullet"]["listId"]
    assert second["paragraph"]["bullet"] == {
        "listId": list_id,
        "nestingLevel": 1,
        "textStyle": {"underline": False},
    }
    assert text_of(doc) == "Title\nfirst\nsecond\n"  # the leading tab became the nesting level
    assert doc["lists"][list_id]["listProperties"]["nestingLevels"][0]["glyphType"] == "DECIMAL"


def test_insert_table_and_page_break(docs, document):
    update(docs, document, {"insertText": {"location": {"index": 1}, "text": "ab"}})
    update(docs, document, {"insertTable": {"rows": 2, "columns": 2, "location": {"index": 2}}})
    doc = fetch(docs, document)
    before, table, after = doc["body"]["content"][1:]
    assert before["paragraph"]["elements"][0]["textRun"]["content"] == "a\n"
    assert (table["startIndex"], table["endIndex"]) == (3, 14)
    cells = table["table"]["tableRows"][0]["tableCells"]
    assert (cells[0]["startIndex"], cells[0]["content"][0]["startIndex"]) == (5, 6)
    assert (table["table"]["rows"], table["table"]["columns"]) == (2, 2)
    assert after["startIndex"] == 14 and text_of({"body": {"content": [after]}}) == "b\n"
    update(docs, document, {"insertText": {"location": {"index": 6}, "text": "cell"}})
    doc = fetch(docs, document)
    cell = doc["body"]["content"][2]["table"]["tableRows"][0]["tableCells"][0]
    assert cell["content"][0]["paragraph"]["elements"][0]["textRun"]["content"] == "cell\n"
    update(docs, document, {"insertPageBreak": {"endOfSegmentLocation": {}}})
    last = fetch(docs, document)["body"]["content"][-2]
    assert "pageBreak" in last["paragraph"]["elements"][1]
    with pytest.raises(HttpError) as caught:
        update(docs, document, {"deleteContentRange": {"range": {"startIndex": 2, "endIndex": 8}}})
    assert "partially cover a table" in caught.value.reason


def test_named_ranges_follow_the_text(docs, document):
    update(docs, document, {"insertText": {"location": {"index": 1}, "text": "hello world"}})
    reply = update(
        docs,
        document,
        {"createNamedRange": {"name": "greeting", "range": {"startIndex": 7, "endIndex": 12}}},
    )
    range_id = reply["replies"][0]["createNamedRange"]["namedRangeId"]
    update(docs, document, {"insertText": {"location": {"index": 1}, "text": ">> "}})
    named = fetch(docs, document)["namedRanges"]["greeting"]["namedRanges"][0]
    assert named == {
        "namedRangeId": range_id,
        "name": "greeting",
        "ranges": [{"startIndex": 10, "endIndex": 15}],
    }
    update(docs, document, {"deleteNamedRange": {"namedRangeId": range_id}})
    assert "namedRanges" not in fetch(docs, document)


def test_required_revision_id_guards_against_stale_writes(docs, document):
    first = fetch(docs, document)["revisionId"]
    reply = update(
        docs,
        document,
        {"insertText": {"location": {"index": 1}, "text": "x"}},
        writeControl={"requiredRevisionId": first},
    )
    second = reply["writeControl"]["requiredRevisionId"]
    assert second != first and fetch(docs, document)["revisionId"] == second
    with pytest.raises(HttpError) as caught:
        update(
            docs,
            document,
            {"insertText": {"location": {"index": 1}, "text": "y"}},
            writeControl={"requiredRevisionId": first},
        )
    assert caught.value.status_code == 400
    assert text_of(fetch(docs, document)) == "x\n"


def test_a_document_is_a_drive_file_shared_through_drive(docs, document, google_service_for):
    drive = google_service_for("drive", "v3")
    bob_docs = google_service_for("docs", "v1", user="bob@example.com")
    assert drive.files().get(fileId=document, fields="mimeType").execute() == {
        "mimeType": "application/vnd.google-apps.document"
    }
    with pytest.raises(HttpError) as hidden:
        bob_docs.documents().get(documentId=document).execute()
    assert (hidden.value.status_code, hidden.value.reason) == (
        403,
        "The caller does not have permission",
    )
    with pytest.raises(HttpError) as missing:
        bob_docs.documents().get(documentId="no-such-document").execute()
    assert (missing.value.status_code, missing.value.reason) == (
        404,
        "Requested entity was not found.",
    )
    drive.permissions().create(
        fileId=document,
        body={"type": "user", "role": "reader", "emailAddress": "bob@example.com"},
        sendNotificationEmail=False,
    ).execute()
    assert bob_docs.documents().get(documentId=document).execute()["title"] == "Notes"
    with pytest.raises(HttpError) as denied:
        update(bob_docs, document, {"insertText": {"location": {"index": 1}, "text": "x"}})
    assert denied.value.status_code == 403
    update(docs, document, {"insertText": {"location": {"index": 1}, "text": "Exported text"}})
    exported = drive.files().export(fileId=document, mimeType="text/plain").execute()
    assert exported.decode("utf-8-sig").strip() == "Exported text"


def test_drive_files_create_makes_an_empty_document(docs, google_service_for):
    drive = google_service_for("drive", "v3")
    made = (
        drive.files()
        .create(body={"name": "From Drive", "mimeType": "application/vnd.google-apps.document"})
        .execute()
    )
    doc = docs.documents().get(documentId=made["id"], includeTabsContent=True).execute()
    assert doc["title"] == "From Drive"
    tab = doc["tabs"][0]
    assert tab["tabProperties"]["tabId"] == "t.0"
    assert tab["documentTab"]["body"]["content"][1]["endIndex"] == 2


def test_table_rows_and_columns(docs, document):
    update(docs, document, {"insertTable": {"rows": 1, "columns": 1, "endOfSegmentLocation": {}}})
    table = fetch(docs, document)["body"]["content"][2]
    start = table["startIndex"]
    cell = {"tableStartLocation": {"index": start}, "rowIndex": 0, "columnIndex": 0}
    update(
        docs,
        document,
        {"insertTableRow": {"tableCellLocation": cell, "insertBelow": True}},
        {"insertTableColumn": {"tableCellLocation": cell, "insertRight": True}},
    )
    grown = fetch(docs, document)["body"]["content"][2]["table"]
    assert (grown["rows"], grown["columns"]) == (2, 2)
    assert [len(r["tableCells"]) for r in grown["tableRows"]] == [2, 2]
    update(
        docs,
        document,
        {"deleteTableRow": {"tableCellLocation": cell}},
        {"deleteTableColumn": {"tableCellLocation": cell}},
    )
    shrunk = fetch(docs, document)["body"]["content"][2]["table"]
    assert (shrunk["rows"], shrunk["columns"]) == (1, 1)
    with pytest.raises(HttpError) as caught:
        update(
            docs,
            document,
            {"deleteTableRow": {"tableCellLocation": {**cell, "tableStartLocation": {"index": 1}}}},
        )
    assert (
        caught.value.reason == "Invalid requests[0].deleteTableRow: There is no table at index 1."
    )


def test_replace_named_range_content(docs, document):
    update(
        docs,
        document,
        {"insertText": {"location": {"index": 1}, "text": "Hello NAME!"}},
        {"createNamedRange": {"name": "who", "range": {"startIndex": 7, "endIndex": 11}}},
    )
    update(docs, document, {"replaceNamedRangeContent": {"namedRangeName": "who", "text": "Grace"}})
    doc = fetch(docs, document)
    assert text_of(doc) == "Hello Grace!\n"
    assert doc["namedRanges"]["who"]["namedRanges"][0]["ranges"] == [
        {"startIndex": 7, "endIndex": 12}
    ]


def test_update_document_style(docs, document):
    landscape = {
        "height": {"magnitude": 612, "unit": "PT"},
        "width": {"magnitude": 792, "unit": "PT"},
    }
    update(
        docs,
        document,
        {
            "updateDocumentStyle": {
                "documentStyle": {
                    "pageSize": landscape,
                    "marginTop": {"magnitude": 36, "unit": "PT"},
                },
                "fields": "pageSize,marginTop",
            }
        },
    )
    style = fetch(docs, document)["documentStyle"]
    assert style["pageSize"] == landscape
    assert style["marginTop"] == {"magnitude": 36, "unit": "PT"}
    assert style["marginBottom"] == {"magnitude": 72, "unit": "PT"}


def test_insertions_must_land_inside_a_paragraph(docs, document):
    update(docs, document, {"insertTable": {"rows": 1, "columns": 1, "location": {"index": 1}}})
    table = fetch(docs, document)["body"]["content"][2]
    for index in (0, table["startIndex"]):
        with pytest.raises(HttpError) as caught:
            update(docs, document, {"insertText": {"location": {"index": index}, "text": "x"}})
        assert caught.value.reason == (
            "Invalid requests[0].insertText: The insertion index must be inside the bounds of an"
            " existing paragraph. You can still create new paragraphs by inserting newlines."
        )
    with pytest.raises(HttpError) as segment:
        update(
            docs,
            document,
            {"insertText": {"location": {"index": 1, "segmentId": "kix.header"}, "text": "x"}},
        )
    assert segment.value.status_code == 400


def test_headers_and_footers_are_segments_of_their_own(docs, document):
    reply = update(
        docs, document, {"createHeader": {"type": "DEFAULT"}}, {"createFooter": {"type": "DEFAULT"}}
    )
    header_id = reply["replies"][0]["createHeader"]["headerId"]
    footer_id = reply["replies"][1]["createFooter"]["footerId"]
    update(
        docs,
        document,
        {
            "insertText": {
                "location": {"segmentId": header_id, "index": 0},
                "text": "ACME confidential",
            }
        },
        {"insertText": {"endOfSegmentLocation": {"segmentId": footer_id}, "text": "page"}},
        {
            "updateTextStyle": {
                "range": {"segmentId": header_id, "startIndex": 0, "endIndex": 4},
                "textStyle": {"bold": True},
                "fields": "bold",
            }
        },
    )
    doc = fetch(docs, document)
    assert doc["documentStyle"]["defaultHeaderId"] == header_id
    header = doc["headers"][header_id]
    first, rest = header["content"][0]["paragraph"]["elements"]
    assert "startIndex" not in first  # proto3 leaves out the index 0
    assert (first["endIndex"], first["textRun"]["content"]) == (4, "ACME")
    assert first["textRun"]["textStyle"] == {"bold": True}
    assert rest["textRun"]["content"] == " confidential\n"
    assert doc["footers"][footer_id]["content"][0]["endIndex"] == 5
    assert text_of(doc) == "\n"  # the body is untouched
    with pytest.raises(HttpError) as twice:
        update(docs, document, {"createHeader": {"type": "DEFAULT"}})
    assert (
        twice.value.reason == "Invalid requests[0].createHeader: A default header already exists."
    )
    update(docs, document, {"deleteHeader": {"headerId": header_id}})
    doc = fetch(docs, document)
    assert "headers" not in doc and "defaultHeaderId" not in doc["documentStyle"]


def test_insert_section_break(docs, document):
    update(docs, document, {"insertText": {"location": {"index": 1}, "text": "onetwo"}})
    update(
        docs,
        document,
        {"insertSectionBreak": {"location": {"index": 4}, "sectionType": "NEXT_PAGE"}},
    )
    content = fetch(docs, document)["body"]["content"]
    first, section, second = content[1:]
    assert text_of({"body": {"content": [first]}}) == "one\n"
    assert (section["startIndex"], section["endIndex"]) == (5, 6)
    assert section["sectionBreak"]["sectionStyle"]["sectionType"] == "NEXT_PAGE"
    assert (second["startIndex"], text_of({"body": {"content": [second]}})) == (6, "two\n")
    update(docs, document, {"insertText": {"location": {"index": 7}, "text": "X"}})
    assert text_of(fetch(docs, document)) == "one\ntXwo\n"


def test_inline_images_take_one_index_and_leave_with_their_text(docs, document):
    update(docs, document, {"insertText": {"location": {"index": 1}, "text": "ab"}})
    reply = update(
        docs,
        document,
        {"insertInlineImage": {"location": {"index": 2}, "uri": "https://example.com/logo.png"}},
    )
    object_id = reply["replies"][0]["insertInlineImage"]["objectId"]
    doc = fetch(docs, document)
    elements = paragraphs(doc)[0]["paragraph"]["elements"]
    assert [e.get("inlineObjectElement", {}).get("inlineObjectId") for e in elements] == [
        None,
        object_id,
        None,
    ]
    assert (elements[1]["startIndex"], elements[1]["endIndex"]) == (2, 3)
    image = doc["inlineObjects"][object_id]["inlineObjectProperties"]["embeddedObject"]
    assert image["imageProperties"]["sourceUri"] == "https://example.com/logo.png"
    update(docs, document, {"deleteContentRange": {"range": {"startIndex": 2, "endIndex": 3}}})
    doc = fetch(docs, document)
    assert "inlineObjects" not in doc and text_of(doc) == "ab\n"
    with pytest.raises(HttpError) as caught:
        update(
            docs,
            document,
            {"insertInlineImage": {"location": {"index": 1}, "uri": "file:///etc/passwd"}},
        )
    assert caught.value.status_code == 400
