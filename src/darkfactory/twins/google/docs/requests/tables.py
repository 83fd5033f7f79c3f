"""Requests on tables: insert one, add and remove rows and columns, merge cells, and style
cells, rows and columns."""

from __future__ import annotations

from darkfactory.twins.google.docs import tables
from darkfactory.twins.google.docs.edits import EditError
from darkfactory.twins.google.docs.requests.batch import (
    Batch,
    cell_of,
    fields_of,
    index_of,
    request,
    table_range,
    table_start,
)


@request("insertTable")
def insert_table(batch: Batch, body: dict) -> None:
    tables.insert_table(
        *index_of(batch, body), int(body.get("rows", 0)), int(body.get("columns", 0))
    )


@request("insertTableRow")
def insert_table_row(batch: Batch, body: dict) -> None:
    segment, start, row, _ = cell_of(batch, body)
    tables.insert_table_row(segment, start, row, bool(body.get("insertBelow")))


@request("deleteTableRow")
def delete_table_row(batch: Batch, body: dict) -> None:
    segment, start, row, _ = cell_of(batch, body)
    tables.delete_table_row(segment, start, row)


@request("insertTableColumn")
def insert_table_column(batch: Batch, body: dict) -> None:
    segment, start, _, column = cell_of(batch, body)
    tables.insert_table_column(segment, start, column, bool(body.get("insertRight")))


@request("deleteTableColumn")
def delete_table_column(batch: Batch, body: dict) -> None:
    segment, start, _, column = cell_of(batch, body)
    tables.delete_table_column(segment, start, column)


@request("mergeTableCells")
def merge_table_cells(batch: Batch, body: dict) -> None:
    tables.merge_cells(*table_range(batch, body))


@request("unmergeTableCells")
def unmerge_table_cells(batch: Batch, body: dict) -> None:
    tables.unmerge_cells(*table_range(batch, body))


@request("updateTableCellStyle")
def update_table_cell_style(batch: Batch, body: dict) -> None:
    if "tableRange" in body:
        segment, start, cells = table_range(batch, body)
    elif "tableStartLocation" in body:
        (segment, start), cells = table_start(batch, body), None
    else:
        raise EditError("Either tableRange or tableStartLocation must be set.")
    tables.style_cells(segment, start, cells, body.get("tableCellStyle") or {}, fields_of(body))


@request("updateTableRowStyle")
def update_table_row_style(batch: Batch, body: dict) -> None:
    segment, start = table_start(batch, body)
    style = body.get("tableRowStyle") or {}
    tables.style_rows(segment, start, body.get("rowIndices"), style, fields_of(body))


@request("updateTableColumnProperties")
def update_table_column_properties(batch: Batch, body: dict) -> None:
    segment, start = table_start(batch, body)
    properties = body.get("tableColumnProperties") or {}
    tables.style_columns(segment, start, body.get("columnIndices"), properties, fields_of(body))


@request("pinTableHeaderRows")
def pin_table_header_rows(batch: Batch, body: dict) -> None:
    segment, start = table_start(batch, body)
    tables.pin_header_rows(segment, start, int(body.get("pinnedHeaderRowsCount", 0)))
