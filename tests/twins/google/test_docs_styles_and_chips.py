"""Docs named styles, section styles, smart chips (dates, people, rich links) and replaced images
through googleapiclient, with Google's refusals and a commenter's batchUpdate refused."""

from __future__ import annotations

import httpx
import pytest
from googleapiclient.errors import HttpError
from tests.twins.google.docs_requests import refused, update

IMAGE = "https://example.com/logo.png"


@pytest.fixture
def document(docs) -> str:
    made = docs.documents().create(body={"title": "Styled"}).execute()["documentId"]
    update(docs, made, {"insertText": {"location": {"index": 1}, "text": "Hello world"}})
    return made


def fetch(docs, document_id: str) -> dict:
    return docs.documents().get(documentId=document_id).execute()


def elements(doc: dict) -> list[dict]:
    return [
        element
        for item in doc["body"]["content"]
        for element in item.get("paragraph", {}).get("elements", [])
    ]


def test_update_named_style_sets_and_resets_fields(docs, document):
    update(
        docs,
        document,
        {
            "updateNamedStyle": {
                "namedStyle": {
                    "namedStyleType": "HEADING_2",
                    "textStyle": {"bold": True},
                    "paragraphStyle": {"alignment": "CENTER"},
                },
                "fields": "named_style_type,text_style.bold,paragraphStyle.alignment",
            }
        },
    )
    styles = {s["namedStyleType"]: s for s in fetch(docs, document)["namedStyles"]["styles"]}
    heading = styles["HEADING_2"]
    assert heading["textStyle"] == {"fontSize": {"magnitude": 18, "unit": "PT"}, "bold": True}
    assert heading["paragraphStyle"]["alignment"] == "CENTER"
    assert "bold" not in styles["HEADING_3"]["textStyle"]
    update(
        docs,
        document,
        {
            "updateNamedStyle": {
                "namedStyle": {"namedStyleType": "HEADING_2"},
                "fields": "namedStyleType,textStyle.bold",
            }
        },
    )
    styles = {s["namedStyleType"]: s for s in fetch(docs, document)["namedStyles"]["styles"]}
    assert "bold" not in styles["HEADING_2"]["textStyle"]
    assert styles["HEADING_2"]["paragraphStyle"]["alignment"] == "CENTER"


def test_named_style_refusals(docs, document):
    without_type = {
        "updateNamedStyle": {
            "namedStyle": {"namedStyleType": "TITLE", "textStyle": {"bold": True}},
            "fields": "textStyle.bold",
        }
    }
    assert refused(docs, document, without_type) == (
        "Invalid requests[0].updateNamedStyle: The field mask must include namedStyleType."
    )
    unknown = {
        "updateNamedStyle": {
            "namedStyle": {"namedStyleType": "NAMED_STYLE_TYPE_UNSPECIFIED"},
            "fields": "namedStyleType",
        }
    }
    assert refused(docs, document, unknown) == (
        "Invalid requests[0].updateNamedStyle: Invalid namedStyleType: NAMED_STYLE_TYPE_UNSPECIFIED"
    )


def test_update_section_style_styles_the_sections_a_range_overlaps(docs, document):
    update(docs, document, {"insertSectionBreak": {"location": {"index": 6}}})
    margin = {"magnitude": 36, "unit": "PT"}
    update(
        docs,
        document,
        {
            "updateSectionStyle": {
                "range": {"startIndex": 8, "endIndex": 9},
                "sectionStyle": {
                    "marginLeft": margin,
                    "columnSeparatorStyle": "BETWEEN_EACH_COLUMN",
                },
                "fields": "margin_left,columnSeparatorStyle",
            }
        },
    )
    breaks = [i for i in fetch(docs, document)["body"]["content"] if "sectionBreak" in i]
    first, second = (b["sectionBreak"]["sectionStyle"] for b in breaks)
    assert "marginLeft" not in first and first["columnSeparatorStyle"] == "NONE"
    assert second["marginLeft"] == margin
    assert second["columnSeparatorStyle"] == "BETWEEN_EACH_COLUMN"
    update(
        docs,
        document,
        {
            "updateSectionStyle": {
                "range": {"startIndex": 1, "endIndex": 9},
                "sectionStyle": {"pageNumberStart": 3},
                "fields": "pageNumberStart",
            }
        },
    )
    breaks = [i for i in fetch(docs, document)["body"]["content"] if "sectionBreak" in i]
    assert [b["sectionBreak"]["sectionStyle"]["pageNumberStart"] for b in breaks] == [3, 3]


def test_section_style_refusals(docs, document):
    def section(style: dict, fields: str, end: int = 3) -> dict:
        wanted = {"range": {"startIndex": 1, "endIndex": end}, "sectionStyle": style}
        return {"updateSectionStyle": {**wanted, "fields": fields}}

    assert refused(docs, document, section({}, "marginTop")) == (
        "Invalid requests[0].updateSectionStyle: Unsetting marginTop is not supported; set a value."
    )
    assert refused(docs, document, section({"sectionType": "NEXT_PAGE"}, "sectionType")) == (
        "Invalid requests[0].updateSectionStyle: The field sectionType is read-only."
    )
    four = [{"paddingEnd": {"magnitude": 1, "unit": "PT"}}] * 4
    assert refused(docs, document, section({"columnProperties": four}, "columnProperties")) == (
        "Invalid requests[0].updateSectionStyle: A section can have at most 3 columns."
    )
    assert refused(docs, document, section({"pageNumberStart": 2}, "pageNumberStart", 40)) == (
        "Invalid requests[0].updateSectionStyle: Index 40 must be less than the end index of the"
        " referenced segment, 13."
    )


def test_dates_people_and_rich_links_take_one_index_each(docs, document, google_service_for):
    sheet = (
        google_service_for("drive", "v3")
        .files()
        .create(body={"name": "Budget", "mimeType": "application/vnd.google-apps.spreadsheet"})
    )
    sheet_id = sheet.execute()["id"]
    link = f"https://docs.google.com/spreadsheets/d/{sheet_id}/edit"
    update(
        docs,
        document,
        {
            "insertDate": {
                "location": {"index": 1},
                "dateElementProperties": {
                    "timestamp": "2026-03-04T17:05:00Z",
                    "timeFormat": "TIME_FORMAT_HOUR_MINUTE",
                },
            }
        },
        {
            "insertPerson": {
                "location": {"index": 2},
                "personProperties": {"email": "bob@example.com", "name": "Bob"},
            }
        },
        {"insertRichLink": {"endOfSegmentLocation": {}, "richLinkProperties": {"uri": link}}},
    )
    date, person, text, rich, end = elements(fetch(docs, document))
    assert (date["startIndex"], date["endIndex"]) == (1, 2)
    assert date["dateElement"]["dateElementProperties"]["displayText"] == "Mar 4, 2026 5:05 PM"
    assert date["dateElement"]["dateId"].startswith("kix.")
    assert person["person"]["personProperties"] == {"email": "bob@example.com", "name": "Bob"}
    assert (person["startIndex"], text["startIndex"]) == (2, 3)
    assert text["textRun"]["content"] == "Hello world"
    assert rich["richLink"]["richLinkProperties"] == {
        "title": "Budget",
        "uri": link,
        "mimeType": "application/vnd.google-apps.spreadsheet",
    }
    assert (rich["startIndex"], rich["endIndex"]) == (14, 15)
    assert end["textRun"]["content"] == "\n"


def test_chip_refusals(docs, document, google_service_for):
    assert refused(
        docs,
        document,
        {"insertPerson": {"location": {"index": 1}, "personProperties": {"email": "nobody"}}},
    ) == ("Invalid requests[0].insertPerson: Invalid email address: nobody")
    assert refused(
        docs, document, {"insertDate": {"location": {"index": 1}, "dateElementProperties": {}}}
    ) == ("Invalid requests[0].insertDate: The date's timestamp must be set.")
    assert refused(
        docs,
        document,
        {
            "insertDate": {
                "location": {"index": 99},
                "dateElementProperties": {"timestamp": "2026-03-04T17:05:00Z"},
            }
        },
    ) == (
        "Invalid requests[0].insertDate: Index 99 must be less than the end index of the"
        " referenced segment, 13."
    )
    bobs = (
        google_service_for("drive", "v3", user="bob@example.com")
        .files()
        .create(body={"name": "Private", "mimeType": "application/vnd.google-apps.document"})
    )
    hidden = f"https://docs.google.com/document/d/{bobs.execute()['id']}/edit"
    rich = {"insertRichLink": {"endOfSegmentLocation": {}, "richLinkProperties": {"uri": hidden}}}
    assert refused(docs, document, rich).endswith("of the rich link was not found.")
    elsewhere = {"richLinkProperties": {"uri": "https://example.com/page"}}
    assert refused(docs, document, {"insertRichLink": {"location": {"index": 1}, **elsewhere}}) == (
        "Invalid requests[0].insertRichLink: The URI https://example.com/page is not a supported"
        " rich link."
    )


def test_replace_image_keeps_its_id_and_changes_its_source(docs, document):
    reply = update(docs, document, {"insertInlineImage": {"location": {"index": 1}, "uri": IMAGE}})
    object_id = reply["replies"][0]["insertInlineImage"]["objectId"]
    fresh = "https://example.com/new.png"
    update(docs, document, {"replaceImage": {"imageObjectId": object_id, "uri": fresh}})
    image = fetch(docs, document)["inlineObjects"][object_id]["inlineObjectProperties"]
    assert image["embeddedObject"]["imageProperties"]["contentUri"] == fresh
    assert refused(
        docs, document, {"replaceImage": {"imageObjectId": "kix.none", "uri": fresh}}
    ) == ("Invalid requests[0].replaceImage: The image with ID kix.none was not found.")
    assert refused(
        docs, document, {"replaceImage": {"imageObjectId": object_id, "uri": "ftp://x"}}
    ) == (
        "Invalid requests[0].replaceImage: There was a problem retrieving the image. The provided"
        " image should be publicly accessible, within size limit, and in supported formats."
    )


def test_a_commenter_may_not_style_or_insert_chips(docs, document, google_service_for):
    google_service_for("drive", "v3").permissions().create(
        fileId=document,
        body={"type": "user", "role": "commenter", "emailAddress": "bob@example.com"},
        sendNotificationEmail=False,
    ).execute()
    bob = google_service_for("docs", "v1", user="bob@example.com")
    for request in (
        {"insertPerson": {"location": {"index": 1}, "personProperties": {"email": "a@b.co"}}},
        {
            "updateNamedStyle": {
                "namedStyle": {"namedStyleType": "TITLE", "textStyle": {"bold": True}},
                "fields": "namedStyleType,textStyle.bold",
            }
        },
    ):
        with pytest.raises(HttpError) as caught:
            update(bob, document, request)
        assert (caught.value.status_code, caught.value.reason) == (
            403,
            "The caller does not have permission",
        )
    assert len(elements(fetch(docs, document))) == 1


def test_footnotes_are_numbered_segments_that_leave_with_their_reference(docs, document):
    first = update(docs, document, {"createFootnote": {"location": {"index": 6}}})
    second = update(docs, document, {"createFootnote": {"endOfSegmentLocation": {}}})
    first_id = first["replies"][0]["createFootnote"]["footnoteId"]
    second_id = second["replies"][0]["createFootnote"]["footnoteId"]
    update(
        docs,
        document,
        {"insertText": {"location": {"index": 1, "segmentId": first_id}, "text": "Source"}},
    )
    doc = fetch(docs, document)
    references = [e for e in elements(doc) if "footnoteReference" in e]
    assert [(r["startIndex"], r["footnoteReference"]) for r in references] == [
        (6, {"footnoteId": first_id, "footnoteNumber": "1", "textStyle": {}}),
        (13, {"footnoteId": second_id, "footnoteNumber": "2", "textStyle": {}}),
    ]
    note = doc["footnotes"][first_id]
    assert note["content"][0]["paragraph"]["elements"][0]["textRun"]["content"] == " Source\n"
    assert doc["footnotes"][second_id]["content"][0]["endIndex"] == 2
    update(docs, document, {"deleteContentRange": {"range": {"startIndex": 6, "endIndex": 7}}})
    doc = fetch(docs, document)
    assert list(doc["footnotes"]) == [second_id]
    reference = next(e for e in elements(doc) if "footnoteReference" in e)
    assert reference["footnoteReference"]["footnoteNumber"] == "1"
    in_footnote = {"createFootnote": {"location": {"index": 0, "segmentId": second_id}}}
    assert refused(docs, document, in_footnote) == (
        "Invalid requests[0].createFootnote: Footnote references can only be inserted in the"
        " document body."
    )


def position(universe, document_id: str, **body):
    return httpx.post(
        f"{universe.url}/google/_docs/documents/{document_id}/positionedObjects",
        json={"author": "admin@example.com", **body},
        headers=universe.admin_headers,
        timeout=30,
    )


def test_positioned_objects_follow_their_paragraph_and_can_be_deleted(docs, document, universe):
    placed = position(universe, document, index=3, uri=IMAGE)
    assert placed.status_code == 200, placed.text
    object_id = placed.json()["objectId"]
    update(docs, document, {"insertText": {"location": {"index": 1}, "text": "Intro\n"}})
    doc = fetch(docs, document)
    anchored = [p["paragraph"].get("positionedObjectIds") for p in doc["body"]["content"][1:]]
    assert anchored == [None, [object_id]]
    shown = doc["positionedObjects"][object_id]["positionedObjectProperties"]
    assert shown["embeddedObject"]["imageProperties"]["contentUri"] == IMAGE
    assert shown["positioning"]["layout"] == "WRAP_TEXT"
    update(docs, document, {"deletePositionedObject": {"objectId": object_id}})
    doc = fetch(docs, document)
    assert "positionedObjects" not in doc
    assert all("positionedObjectIds" not in p["paragraph"] for p in doc["body"]["content"][1:])
    assert refused(docs, document, {"deletePositionedObject": {"objectId": object_id}}) == (
        f"Invalid requests[0].deletePositionedObject: The positioned object with ID {object_id}"
        " was not found."
    )


def test_a_positioned_object_goes_with_its_paragraph(docs, document, universe):
    object_id = position(universe, document, index=1, uri=IMAGE).json()["objectId"]
    update(docs, document, {"insertText": {"location": {"index": 12}, "text": "\nTail"}})
    update(docs, document, {"deleteContentRange": {"range": {"startIndex": 1, "endIndex": 13}}})
    doc = fetch(docs, document)
    assert doc["body"]["content"][1]["paragraph"]["positionedObjectIds"] == [object_id]
    reader = position(universe, document, author="dave@partner.example", index=1, uri=IMAGE)
    assert (reader.status_code, reader.json()) == (
        400,
        {"error": "The author must be able to edit the document."},
    )
