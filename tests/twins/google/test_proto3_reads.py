"""Sheets and Docs reads checked against the discovery schema and proto3 JSON: every field one
the schema defines, of the type (and enum value) it declares, and no member written at its
default (``false``, ``0``, ``""``, ``[]``, an empty map) except where Google writes it.

``KEPT`` lists the fields Google writes even at their default, each as ``Schema.field``: those
it gives explicit presence (a sheet's ``sheetId`` and ``index``, a range's bounds, the flags of
Sheets' default text format, the style flags Docs keeps because they were set).
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from darkfactory.twins.google import discovery

KEPT = {
    "sheets": {
        "SheetProperties.sheetId",
        "SheetProperties.index",
        "GridRange.startRowIndex",
        "GridRange.startColumnIndex",
        "DimensionRange.startIndex",
        "DeveloperMetadataLocation.sheetId",
        "ExtendedValue.numberValue",  # members of a oneof are written when set
        "ExtendedValue.stringValue",
        "ExtendedValue.boolValue",
        "TextFormat.bold",
        "TextFormat.italic",
        "TextFormat.strikethrough",
        "TextFormat.underline",
    },
    "docs": {
        "TextStyle.bold",
        "TextStyle.italic",
        "TextStyle.underline",
        "TextStyle.strikethrough",
        "TextStyle.smallCaps",
    },
}
TYPES = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
}


def problems(value: Any, api: str, version: str, schema: str) -> list[str]:
    """Where ``value`` strays from the discovery ``schema`` or writes a proto3 default."""
    schemas = discovery.document(api, version)["schemas"]
    found: list[str] = []

    def resolve(node: dict) -> tuple[str | None, dict]:
        name = None
        while "$ref" in node:
            name = node["$ref"]
            node = schemas[name]
        return name, node

    def walk(item: Any, node: dict, path: str) -> None:
        name, node = resolve(node)
        kind = node.get("type")
        if kind == "any" or kind is None:
            return
        if (isinstance(item, bool) and kind != "boolean") or not isinstance(item, TYPES[kind]):
            found.append(f"{path}: {type(item).__name__} where {kind} is declared")
            return
        if kind == "string" and "enum" in node and item not in node["enum"]:
            found.append(f"{path}: {item!r} is not one of the enum's values")
        if kind == "array":
            for index, each in enumerate(item):
                walk(each, node.get("items", {}), f"{path}[{index}]")
        if kind != "object":
            return
        known = node.get("properties", {})
        extra = node.get("additionalProperties")
        for key, child in item.items():
            here = f"{path}.{key}"
            if key not in known and extra is None:
                found.append(f"{here}: not a field of {name}")
                continue
            if key in known and f"{name}.{key}" not in KEPT[api] and at_default(child, known[key]):
                found.append(f"{here}: {child!r} written at its default")
            walk(child, known.get(key, extra or {}), here)

    def at_default(item: Any, node: dict) -> bool:
        _, node = resolve(node)
        if item is False or item == "" or item == []:
            return True
        if item == 0 and not isinstance(item, bool):
            return True
        return item == {} and "additionalProperties" in node

    walk(value, {"$ref": schema}, schema)
    return found


def assert_proto3(value: dict, api: str, version: str, schema: str) -> dict:
    assert problems(value, api, version, schema) == []
    return value


# -- Sheets ------------------------------------------------------------------------------------
@pytest.fixture
def sheets(google_service_for):
    return google_service_for("sheets", "v4")


@pytest.fixture
def spreadsheet(sheets) -> str:
    """A spreadsheet with numbers, a formula, a bold header, a merge, a frozen row and a
    developer metadata entry."""
    body = {"properties": {"title": "Ledger"}, "sheets": [{"properties": {"title": "Costs"}}]}
    made = sheets.spreadsheets().create(body=body).execute()["spreadsheetId"]
    sheets.spreadsheets().values().update(
        spreadsheetId=made,
        range="Costs!A1:B4",
        valueInputOption="USER_ENTERED",
        body={
            "values": [["item", "cost"], ["widget", "3.5"], ["gadget", "0"], ["", "=SUM(B2:B3)"]]
        },
    ).execute()
    header = {"sheetId": 0, "startRowIndex": 0, "endRowIndex": 1}
    requests = [
        {
            "repeatCell": {
                "range": header,
                "cell": {"userEnteredFormat": {"textFormat": {"bold": True}}},
                "fields": "userEnteredFormat.textFormat.bold",
            }
        },
        {"mergeCells": {"range": {**header, "startColumnIndex": 2, "endColumnIndex": 4}}},
        {
            "updateSheetProperties": {
                "properties": {"sheetId": 0, "gridProperties": {"frozenRowCount": 1}},
                "fields": "gridProperties.frozenRowCount",
            }
        },
        {
            "createDeveloperMetadata": {
                "developerMetadata": {
                    "metadataKey": "source",
                    "metadataValue": "ledger-app",
                    "location": {"sheetId": 0},
                    "visibility": "DOCUMENT",
                }
            }
        },
    ]
    sheets.spreadsheets().batchUpdate(spreadsheetId=made, body={"requests": requests}).execute()
    return made


def sheets_reads(sheets, spreadsheet: str) -> list[tuple[str, str, Any]]:
    """(name, response schema, request) for every Sheets read checked."""
    books = sheets.spreadsheets()
    values = books.values()
    lookup = {"developerMetadataLookup": {"metadataKey": "source"}}
    found = books.developerMetadata().search(
        spreadsheetId=spreadsheet, body={"dataFilters": [lookup]}
    )
    metadata_id = found.execute()["matchedDeveloperMetadata"][0]["developerMetadata"]["metadataId"]
    reads = [
        ("spreadsheets.get", "Spreadsheet", books.get(spreadsheetId=spreadsheet)),
        (
            "spreadsheets.get with grid data",
            "Spreadsheet",
            books.get(spreadsheetId=spreadsheet, includeGridData=True),
        ),
        (
            "spreadsheets.get of ranges with grid data",
            "Spreadsheet",
            books.get(spreadsheetId=spreadsheet, ranges=["Costs!A1:B2"], includeGridData=True),
        ),
        (
            "spreadsheets.get with a field mask",
            "Spreadsheet",
            books.get(
                spreadsheetId=spreadsheet,
                fields="spreadsheetId,sheets(properties(sheetId,title,gridProperties),merges)",
            ),
        ),
        (
            "spreadsheets.getByDataFilter",
            "Spreadsheet",
            books.getByDataFilter(
                spreadsheetId=spreadsheet,
                body={"dataFilters": [{"a1Range": "Costs!A1:B4"}], "includeGridData": True},
            ),
        ),
        (
            "developerMetadata.get",
            "DeveloperMetadata",
            books.developerMetadata().get(spreadsheetId=spreadsheet, metadataId=metadata_id),
        ),
        ("developerMetadata.search", "SearchDeveloperMetadataResponse", found),
    ]
    for option in ("FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA"):
        reads += [
            (
                f"values.get {option}",
                "ValueRange",
                values.get(
                    spreadsheetId=spreadsheet, range="Costs!A1:C5", valueRenderOption=option
                ),
            ),
            (
                f"values.batchGet {option}",
                "BatchGetValuesResponse",
                values.batchGet(
                    spreadsheetId=spreadsheet,
                    ranges=["Costs!A1:B2", "Costs!B3:B4"],
                    valueRenderOption=option,
                    majorDimension="COLUMNS",
                ),
            ),
        ]
    reads.append(
        (
            "values.batchGetByDataFilter",
            "BatchGetValuesByDataFilterResponse",
            values.batchGetByDataFilter(
                spreadsheetId=spreadsheet, body={"dataFilters": [{"a1Range": "Costs!A1:B4"}]}
            ),
        )
    )
    return reads


def test_sheets_reads_are_proto3_json_of_the_discovery_schema(sheets, spreadsheet):
    reads = sheets_reads(sheets, spreadsheet)
    assert len(reads) >= 13
    found = {}
    for name, schema, request in reads:
        answer = request.execute()
        assert answer, name
        found[name] = problems(answer, "sheets", "v4", schema)
    assert {name: listed for name, listed in found.items() if listed} == {}


def test_the_sheets_check_catches_what_proto3_leaves_out(sheets, spreadsheet):
    answer = sheets.spreadsheets().get(spreadsheetId=spreadsheet).execute()
    grid = answer["sheets"][0]["properties"]["gridProperties"]
    assert problems({**answer, "spreadsheetUrl": ""}, "sheets", "v4", "Spreadsheet") == [
        "Spreadsheet.spreadsheetUrl: '' written at its default"
    ]
    grid["frozenColumnCount"] = 0
    grid["rowCount"] = "20"
    assert problems(answer, "sheets", "v4", "Spreadsheet") == [
        "Spreadsheet.sheets[0].properties.gridProperties.rowCount: str where integer is declared",
        "Spreadsheet.sheets[0].properties.gridProperties.frozenColumnCount: 0 written at its"
        " default",
    ]


# -- Docs --------------------------------------------------------------------------------------
@pytest.fixture
def document(docs) -> str:
    """A document with a heading, a bulleted list, a table, a header, a named range, a second
    tab, a date and a person, a comment, a changed named style and a section style."""
    made = docs.documents().create(body={"title": "Report"}).execute()["documentId"]
    requests = [
        {"insertText": {"location": {"index": 1}, "text": "Report\nfirst\nsecond\n"}},
        {
            "updateParagraphStyle": {
                "range": {"startIndex": 1, "endIndex": 2},
                "paragraphStyle": {"namedStyleType": "HEADING_1"},
                "fields": "namedStyleType",
            }
        },
        {"createParagraphBullets": {"range": {"startIndex": 8, "endIndex": 20}}},
        {"insertTable": {"rows": 2, "columns": 2, "endOfSegmentLocation": {}}},
        {"createHeader": {"type": "DEFAULT"}},
        {"createNamedRange": {"name": "title", "range": {"startIndex": 1, "endIndex": 7}}},
        {"addDocumentTab": {"tabProperties": {"title": "Notes"}}},
        {
            "insertDate": {
                "location": {"index": 1},
                "dateElementProperties": {"timestamp": "2026-01-02T03:04:05Z"},
            }
        },
        {"insertPerson": {"location": {"index": 1}, "personProperties": {"email": "a@b.example"}}},
        {"insertComment": {"range": {"startIndex": 3, "endIndex": 6}, "content": "Check"}},
        {
            "updateNamedStyle": {
                "namedStyle": {"namedStyleType": "TITLE", "textStyle": {"italic": False}},
                "fields": "namedStyleType,textStyle.italic",
            }
        },
        {
            "updateSectionStyle": {
                "range": {"startIndex": 1, "endIndex": 2},
                "sectionStyle": {"marginTop": {"magnitude": 0, "unit": "PT"}},
                "fields": "marginTop",
            }
        },
    ]
    docs.documents().batchUpdate(documentId=made, body={"requests": requests}).execute()
    return made


def test_docs_reads_are_proto3_json_of_the_discovery_schema(docs, document, universe):
    seeded = httpx.post(
        f"{universe.url}/google/_docs/documents/{document}/suggestions",
        json={"author": "admin@example.com", "insertText": {"index": 2, "text": "new "}},
        headers=universe.admin_headers,
        timeout=30,
    )
    assert seeded.status_code == 200, seeded.text
    reads = [
        (mode, tabs)
        for mode in (
            "SUGGESTIONS_INLINE",
            "PREVIEW_SUGGESTIONS_ACCEPTED",
            "PREVIEW_WITHOUT_SUGGESTIONS",
        )
        for tabs in (False, True)
    ]
    for mode, tabs in reads:
        answer = (
            docs.documents()
            .get(documentId=document, suggestionsViewMode=mode, includeTabsContent=tabs)
            .execute()
        )
        assert ("tabs" in answer, "body" in answer) == (tabs, not tabs)
        assert ((mode, tabs), problems(answer, "docs", "v1", "Document")) == ((mode, tabs), [])
    masked = docs.documents().get(documentId=document, fields="tabs(tabProperties,childTabs)")
    assert_proto3(masked.execute(), "docs", "v1", "Document")
    with_comments = docs.documents().get(
        documentId=document,
        includeTabsContent=True,
        commentsViewMode="COMMENTS_VIEW_MODE_INCLUDED",
        suggestionsViewMode="SUGGESTIONS_INLINE",
    )
    shown = assert_proto3(with_comments.execute(), "docs", "v1", "Document")
    assert shown["comments"][0]["headPost"]["content"] == "Check"
    plain = docs.documents().get(documentId=document).execute()
    assert plain["body"]["content"][0] == {
        "endIndex": 1,
        "sectionBreak": plain["body"]["content"][0]["sectionBreak"],
    }
    header = next(iter(plain["headers"].values()))
    assert "startIndex" not in header["content"][0]


def test_docs_batch_update_replies_are_proto3_json(docs, document):
    reply = docs.documents().batchUpdate(
        documentId=document,
        body={
            "requests": [
                {"replaceAllText": {"containsText": {"text": "absent"}, "replaceText": "x"}},
                {"insertText": {"location": {"index": 1}, "text": "A"}},
            ]
        },
    )
    answer = assert_proto3(reply.execute(), "docs", "v1", "BatchUpdateDocumentResponse")
    assert answer["replies"] == [{"replaceAllText": {}}, {}]
