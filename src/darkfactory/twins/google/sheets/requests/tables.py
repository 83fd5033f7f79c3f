"""Tables, kept on their sheet and shown by ``spreadsheets.get``: addTable, updateTable,
deleteTable.

A table's first row is its header: each column is named by its ``columnName`` (written into the
header cell), else by the header's text, else ``Column N``. A column's type formats the data rows
below the header as Sheets does (a percent column shows ``12.50%``, a dropdown column validates
against its list, a boolean column holds checkboxes). Deleting a table keeps its cells. A table
follows the rows and columns inserted, deleted or moved around it (see ``dimensions``), and a
copied sheet's tables get ids and names of their own.
"""

from __future__ import annotations

from darkfactory.twins.google import masks
from darkfactory.twins.google.sheets.a1 import Span
from darkfactory.twins.google.sheets.numbers import DEFAULT_PATTERNS
from darkfactory.twins.google.sheets.requests import Batch, RequestError, request
from darkfactory.twins.google.sheets.requests.cells import overlaps
from darkfactory.twins.google.sheets.workbook import Cell, Sheet

TABLE_FIELDS = ("name", "range", "rowsProperties", "columnProperties")
NUMBER_TYPES = {"DOUBLE": "NUMBER", "CURRENCY": "CURRENCY", "PERCENT": "PERCENT"}
NUMBER_TYPES |= {"DATE": "DATE", "TIME": "TIME", "DATE_TIME": "DATE_TIME"}


def _tables(batch: Batch):
    for sheet in batch.book.sheets:
        for table in sheet.extras.get("tables", []):
            yield sheet, table


def _find(batch: Batch, table_id) -> tuple[Sheet, dict]:
    for sheet, table in _tables(batch):
        if table["tableId"] == table_id:
            return sheet, table
    raise RequestError(f"No table with id: {table_id}")


def _place(batch: Batch, table: dict) -> tuple[Sheet, Span]:
    """The table's sheet and span, checked against the grid, other tables and merges."""
    if not table.get("range"):
        raise RequestError("A table must have a range.")
    sheet, span = batch.grid(table["range"])
    for other_sheet, other in _tables(batch):
        if other is table or other_sheet is not sheet:
            continue
        if overlaps(other["range"], span):
            raise RequestError("A table can't overlap another table.")
    if any(overlaps(m, span) for m in sheet.merges()):
        raise RequestError("A table can't contain merged cells.")
    return sheet, span


def _taken(batch: Batch, name: str, table: dict | None) -> bool:
    """Whether a table other than ``table`` is called ``name`` (in any case)."""
    return any(o is not table and o["name"].lower() == name.lower() for _, o in _tables(batch))


def _check_name(batch: Batch, table: dict) -> None:
    name = table.get("name", "")
    if not name.strip():
        raise RequestError("A table's name can't be empty.")
    if _taken(batch, name, table):
        raise RequestError(f'A table with the name "{name}" already exists.')
    if any(n["name"].lower() == name.lower() for n in batch.book.named_ranges):
        raise RequestError(f'A named range with the name "{name}" already exists.')


def _default_name(batch: Batch) -> str:
    number = 1
    while _taken(batch, f"Table{number}", None):
        number += 1
    return f"Table{number}"


def _text(cell: Cell | None) -> str | None:
    """What a header cell says: the string entered (this batch may have just entered it), else
    its shown value."""
    if cell is None:
        return None
    return (cell.value or {}).get("stringValue") or cell.formatted()


def _columns(sheet: Sheet, span: Span, given: list[dict]) -> list[dict]:
    """Every column's properties: the ``given`` ones by index, the rest named from the header."""
    width = span.end_col - span.start_col
    by_index: dict[int, dict] = {}
    for column in given:
        index = column.get("columnIndex", 0)
        if not isinstance(index, int) or not 0 <= index < width:
            raise RequestError(f"Column index {index} is outside the table's range.")
        by_index[index] = column
    out = []
    for index in range(width):
        column = dict(by_index.get(index) or {})
        text = _text(sheet.peek(span.start_row, span.start_col + index))
        column["columnIndex"] = index
        column["columnName"] = column.get("columnName") or text or f"Column {index + 1}"
        out.append(column)
    names = [c["columnName"].lower() for c in out]
    if len(set(names)) != len(names):
        raise RequestError("A table's column names must be unique.")
    return out


def _validation(column: dict) -> dict | None:
    kind = column.get("columnType")
    if kind == "BOOLEAN":
        return {"condition": {"type": "BOOLEAN"}}
    if kind == "DROPDOWN":
        condition = (column.get("dataValidationRule") or {}).get("condition")
        if not condition:
            raise RequestError("A dropdown column needs a dataValidationRule.")
        return {"condition": condition, "strict": True, "showCustomUi": True}
    return None


def _lay_out(sheet: Sheet, span: Span, columns: list[dict]) -> None:
    """Write the header names and give each data cell its column's format and validation."""
    for column in columns:
        col = span.start_col + column["columnIndex"]
        header = sheet.cell(span.start_row, col)
        if _text(header) != column["columnName"]:
            header.value = {"stringValue": column["columnName"]}
        kind = column.get("columnType")
        validation = _validation(column)
        for row in range(span.start_row + 1, span.end_row):
            cell = sheet.cell(row, col)
            if kind in NUMBER_TYPES:
                number_type = NUMBER_TYPES[kind]
                number = {"type": number_type, "pattern": DEFAULT_PATTERNS[number_type]}
                cell.format = {**(cell.format or {}), "numberFormat": number}
            elif kind == "TEXT":
                cell.format = {**(cell.format or {}), "numberFormat": {"type": "TEXT"}}
            if validation:
                cell.validation = validation


def _settle(batch: Batch, table: dict) -> Sheet:
    """Check ``table`` where it stands and lay it out on the grid; its sheet."""
    sheet, span = _place(batch, table)
    table["range"] = span.grid_range(sheet.id)
    _check_name(batch, table)
    table["columnProperties"] = _columns(sheet, span, table.get("columnProperties") or [])
    _lay_out(sheet, span, table["columnProperties"])
    return sheet


def renew(batch: Batch, sheet: Sheet) -> None:
    """Give the tables of a freshly copied ``sheet`` their own ids, free names and its id."""
    for table in sheet.extras.get("tables", []):
        table["tableId"] = str(batch.new_id("table"))
        table["range"] = {**table["range"], "sheetId": sheet.id}
        stem, number = table["name"], 1
        while _taken(batch, table["name"], table):
            table["name"] = f"{stem}_{number}"
            number += 1


def follow_columns(sheet: Sheet, table: dict, moved: dict[int, int | None], old_start: int) -> None:
    """Renumber a table's columns after its sheet's columns moved (``moved``: old to new index,
    None when deleted); a column inserted inside it is named as a new column is."""
    start = table["range"]["startColumnIndex"]
    columns = []
    for column in table["columnProperties"]:
        new = moved.get(old_start + column["columnIndex"])
        if new is not None:
            columns.append({**column, "columnIndex": new - start})
    width = table["range"]["endColumnIndex"] - start
    named = {c["columnIndex"] for c in columns}
    for index in range(width):
        if index not in named:
            number = index + 1
            while any(c["columnName"].lower() == f"column {number}" for c in columns):
                number += 1
            columns.append({"columnIndex": index, "columnName": f"Column {number}"})
    table["columnProperties"] = sorted(columns, key=lambda c: c["columnIndex"])
    span = Span.of_grid_range(table["range"], sheet.title)
    _lay_out(sheet, span, table["columnProperties"])


@request("addTable")
def add_table(batch: Batch, body: dict) -> dict:
    table = dict(body.get("table") or {})
    if table.get("tableId"):
        if any(t["tableId"] == table["tableId"] for _, t in _tables(batch)):
            raise RequestError(f"A table with id {table['tableId']} already exists.")
    else:
        table["tableId"] = str(batch.new_id("table"))
    table.setdefault("name", _default_name(batch))
    sheet = _settle(batch, table)
    sheet.extras.setdefault("tables", []).append(table)
    return {"table": table}


@request("updateTable")
def update_table(batch: Batch, body: dict) -> None:
    wanted = body.get("table") or {}
    sheet, table = _find(batch, wanted.get("tableId"))
    if not body.get("fields"):
        raise RequestError("At least one field must be updated, but 'fields' is empty.")
    updated = masks.apply(table, wanted, body["fields"], TABLE_FIELDS)
    updated["tableId"] = table["tableId"]
    for field in ("name", "range"):
        if not updated.get(field):
            raise RequestError(f"A table's {field} can't be cleared.")
    sheet.extras["tables"].remove(table)
    target = _settle(batch, updated)
    target.extras.setdefault("tables", []).append(updated)


@request("deleteTable")
def delete_table(batch: Batch, body: dict) -> None:
    sheet, table = _find(batch, body.get("tableId"))
    sheet.extras["tables"].remove(table)
