"""Docs table requests through googleapiclient: cells merged and unmerged, cell, row and column
styles, pinned header rows, their refusals, and a reader's batchUpdate refused."""

from __future__ import annotations

import pytest
from googleapiclient.errors import HttpError
from tests.twins.google.docs_requests import refused, update

PT = "PT"


@pytest.fixture
def document(docs) -> str:
    made = docs.documents().create(body={"title": "Grid"}).execute()["documentId"]
    update(docs, made, {"insertTable": {"rows": 3, "columns": 3, "endOfSegmentLocation": {}}})
    return made


def table_of(docs, document_id: str) -> dict:
    content = docs.documents().get(documentId=document_id).execute()["body"]["content"]
    return next(item for item in content if "table" in item)


def cell_text(cell: dict) -> str:
    return "".join(
        element.get("textRun", {}).get("content", "")
        for item in cell["content"]
        for element in item["paragraph"]["elements"]
    )


def table_range(start: int, row: int, column: int, rows: int, columns: int) -> dict:
    location = {"tableStartLocation": {"index": start}, "rowIndex": row, "columnIndex": column}
    return {"tableCellLocation": location, "rowSpan": rows, "columnSpan": columns}


def fill(docs, document_id: str, texts: dict[tuple[int, int], str]) -> None:
    """Type text into cells, from the last cell back so earlier indices hold."""
    table = table_of(docs, document_id)["table"]
    requests = []
    for (row, column), text in sorted(texts.items(), reverse=True):
        cell = table["tableRows"][row]["tableCells"][column]
        requests.append(
            {"insertText": {"location": {"index": cell["startIndex"] + 1}, "text": text}}
        )
    update(docs, document_id, *requests)


def test_merging_cells_joins_their_text_in_the_head_and_unmerging_keeps_it(docs, document):
    fill(docs, document, {(0, 0): "A", (0, 1): "B", (1, 1): "D"})
    start = table_of(docs, document)["startIndex"]
    update(docs, document, {"mergeTableCells": {"tableRange": table_range(start, 0, 0, 2, 2)}})
    table = table_of(docs, document)["table"]
    head = table["tableRows"][0]["tableCells"][0]
    assert (head["tableCellStyle"]["rowSpan"], head["tableCellStyle"]["columnSpan"]) == (2, 2)
    assert cell_text(head) == "A\nB\nD\n"
    covered = table["tableRows"][1]["tableCells"][1]
    assert cell_text(covered) == "\n" and covered["tableCellStyle"]["rowSpan"] == 1
    assert table["tableRows"][-1]["endIndex"] == table_of(docs, document)["endIndex"]
    update(docs, document, {"unmergeTableCells": {"tableRange": table_range(start, 0, 0, 3, 3)}})
    head = table_of(docs, document)["table"]["tableRows"][0]["tableCells"][0]
    assert (head["tableCellStyle"]["rowSpan"], head["tableCellStyle"]["columnSpan"]) == (1, 1)
    assert cell_text(head) == "A\nB\nD\n"


def test_table_ranges_outside_the_table_are_refused(docs, document):
    start = table_of(docs, document)["startIndex"]
    assert refused(
        docs, document, {"mergeTableCells": {"tableRange": table_range(start, 2, 2, 2, 1)}}
    ) == ("Invalid requests[0].mergeTableCells: The table range is out of bounds of the table.")
    assert refused(
        docs, document, {"mergeTableCells": {"tableRange": table_range(start, 0, 0, 0, 1)}}
    ) == (
        "Invalid requests[0].mergeTableCells: The table range must span at least one row and"
        " one column."
    )
    update(docs, document, {"mergeTableCells": {"tableRange": table_range(start, 0, 0, 2, 2)}})
    assert refused(
        docs, document, {"mergeTableCells": {"tableRange": table_range(start, 1, 1, 2, 2)}}
    ) == (
        "Invalid requests[0].mergeTableCells: The table range must cover any merged cells it"
        " overlaps in full."
    )


def test_cell_styles_for_a_range_or_the_whole_table(docs, document):
    start = table_of(docs, document)["startIndex"]
    blue = {"color": {"rgbColor": {"blue": 1}}}
    update(
        docs,
        document,
        {
            "updateTableCellStyle": {
                "tableStartLocation": {"index": start},
                "tableCellStyle": {"contentAlignment": "MIDDLE"},
                "fields": "contentAlignment",
            }
        },
        {
            "updateTableCellStyle": {
                "tableRange": table_range(start, 1, 0, 1, 2),
                "tableCellStyle": {
                    "backgroundColor": blue,
                    "paddingTop": {"magnitude": 4, "unit": PT},
                },
                "fields": "backgroundColor,paddingTop",
            }
        },
    )
    rows = table_of(docs, document)["table"]["tableRows"]
    styles = [[cell["tableCellStyle"] for cell in row["tableCells"]] for row in rows]
    assert {s["contentAlignment"] for row in styles for s in row} == {"MIDDLE"}
    assert styles[1][0]["backgroundColor"] == blue and styles[1][1]["paddingTop"]["magnitude"] == 4
    assert "backgroundColor" not in styles[1][2] and "backgroundColor" not in styles[0][0]
    assert (
        refused(
            docs,
            document,
            {
                "updateTableCellStyle": {
                    "tableStartLocation": {"index": start},
                    "tableCellStyle": {"rowSpan": 2},
                    "fields": "rowSpan",
                }
            },
        )
        == "Invalid requests[0].updateTableCellStyle: The field rowSpan is read-only."
    )


def test_row_styles_columns_and_pinned_header_rows(docs, document):
    start = table_of(docs, document)["startIndex"]
    location = {"index": start}
    update(
        docs,
        document,
        {
            "updateTableRowStyle": {
                "tableStartLocation": location,
                "rowIndices": [2],
                "tableRowStyle": {"minRowHeight": {"magnitude": 30, "unit": PT}},
                "fields": "min_row_height",
            }
        },
        {
            "updateTableColumnProperties": {
                "tableStartLocation": location,
                "columnIndices": [0],
                "tableColumnProperties": {
                    "widthType": "FIXED_WIDTH",
                    "width": {"magnitude": 120, "unit": PT},
                },
                "fields": "widthType,width",
            }
        },
        {"pinTableHeaderRows": {"tableStartLocation": location, "pinnedHeaderRowsCount": 2}},
    )
    table = table_of(docs, document)["table"]
    assert [r["tableRowStyle"].get("tableHeader", False) for r in table["tableRows"]] == [
        True,
        True,
        False,
    ]
    assert table["tableRows"][2]["tableRowStyle"]["minRowHeight"]["magnitude"] == 30
    columns = table["tableStyle"]["tableColumnProperties"]
    assert columns[0] == {"widthType": "FIXED_WIDTH", "width": {"magnitude": 120, "unit": PT}}
    assert columns[1] == {"widthType": "EVENLY_DISTRIBUTED"}
    cell = {"tableStartLocation": location, "rowIndex": 0, "columnIndex": 0}
    update(docs, document, {"insertTableColumn": {"tableCellLocation": cell, "insertRight": True}})
    table = table_of(docs, document)["table"]
    assert len(table["tableStyle"]["tableColumnProperties"]) == 4
    update(docs, document, {"pinTableHeaderRows": {"tableStartLocation": location}})
    table = table_of(docs, document)["table"]
    assert not any(r["tableRowStyle"].get("tableHeader") for r in table["tableRows"])


def test_row_and_column_refusals(docs, document):
    location = {"index": table_of(docs, document)["startIndex"]}
    narrow = {
        "updateTableColumnProperties": {
            "tableStartLocation": location,
            "tableColumnProperties": {"width": {"magnitude": 2, "unit": PT}},
            "fields": "width",
        }
    }
    assert refused(docs, document, narrow) == (
        "Invalid requests[0].updateTableColumnProperties: The column width must be at least"
        " 5 points."
    )
    beyond = {
        "updateTableRowStyle": {
            "tableStartLocation": location,
            "rowIndices": [3],
            "tableRowStyle": {"preventOverflow": True},
            "fields": "preventOverflow",
        }
    }
    assert refused(docs, document, beyond) == (
        "Invalid requests[0].updateTableRowStyle: The row index 3 is out of bounds of the table."
    )
    pinned = {"pinTableHeaderRows": {"tableStartLocation": location, "pinnedHeaderRowsCount": 4}}
    assert refused(docs, document, pinned) == (
        "Invalid requests[0].pinTableHeaderRows: The number of pinned header rows 4 must be"
        " between 0 and the number of rows in the table, 3."
    )
    nowhere = {"pinTableHeaderRows": {"tableStartLocation": {"index": 1}}}
    assert refused(docs, document, nowhere) == (
        "Invalid requests[0].pinTableHeaderRows: There is no table at index 1."
    )


def test_readers_and_commenters_may_not_change_tables(docs, document, google_service_for):
    start = table_of(docs, document)["startIndex"]
    drive = google_service_for("drive", "v3")
    for user, role in (("bob@example.com", "reader"), ("carol@example.com", "commenter")):
        drive.permissions().create(
            fileId=document,
            body={"type": "user", "role": role, "emailAddress": user},
            sendNotificationEmail=False,
        ).execute()
        other = google_service_for("docs", "v1", user=user)
        merge = {"mergeTableCells": {"tableRange": table_range(start, 0, 0, 1, 2)}}
        with pytest.raises(HttpError) as caught:
            update(other, document, merge)
        assert (caught.value.status_code, caught.value.reason) == (
            403,
            "The caller does not have permission",
        )
    head = table_of(docs, document)["table"]["tableRows"][0]["tableCells"][0]
    assert head["tableCellStyle"]["columnSpan"] == 1
