"""Requests over a range's data: findReplace, sortRange, trimWhitespace, deleteDuplicates,
textToColumns, pasteData and randomizeRange."""

from __future__ import annotations

import random
import re

from darkfactory.twins.google.sheets.a1 import Span
from darkfactory.twins.google.sheets.formula.values import SheetError, compare_key
from darkfactory.twins.google.sheets.grid import set_value
from darkfactory.twins.google.sheets.requests import Batch, RequestError, request
from darkfactory.twins.google.sheets.workbook import Sheet


def _targets(batch: Batch, body: dict) -> list[tuple[Sheet, Span]]:
    if body.get("range"):
        return [batch.grid(body["range"])]
    if "sheetId" in body:
        sheet = batch.sheet(body["sheetId"])
        return [(sheet, Span(sheet.title).bounded(sheet.rows, sheet.columns))]
    if body.get("allSheets"):
        return [(s, Span(s.title).bounded(s.rows, s.columns)) for s in batch.book.sheets]
    raise RequestError("One of range, sheetId or allSheets must be set.")


def _pattern(body: dict) -> re.Pattern:
    find = body.get("find")
    if not find:
        raise RequestError("find must not be empty.")
    source = find if body.get("searchByRegex") else re.escape(find)
    if body.get("matchEntireCell"):
        source = f"^(?:{source})$"
    try:
        return re.compile(source, 0 if body.get("matchCase") else re.IGNORECASE)
    except re.error:
        raise RequestError(f"Invalid regular expression: {find}") from None


@request("findReplace")
def find_replace(batch: Batch, body: dict) -> dict:
    pattern = _pattern(body)
    replacement = body.get("replacement", "")
    if body.get("searchByRegex"):
        replacement = re.sub(r"\$(\d)", r"\\\1", replacement)
    counts = {"values": 0, "formulas": 0, "occurrences": 0}
    rows, sheets = set(), set()
    for sheet, span in _targets(batch, body):
        for (r, c), cell in sheet.cells.items():
            inside = span.start_row <= r < span.end_row and span.start_col <= c < span.end_col
            if not inside or not cell.value:
                continue
            key = "formulaValue" if cell.formula else "stringValue"
            if key not in cell.value or (key == "formulaValue" and not body.get("includeFormulas")):
                continue
            text, hits = pattern.subn(
                replacement if body.get("searchByRegex") else lambda m: replacement, cell.value[key]
            )
            if not hits:
                continue
            cell.value = {key: text}
            counts["formulas" if key == "formulaValue" else "values"] += 1
            counts["occurrences"] += hits
            rows.add((sheet.id, r))
            sheets.add(sheet.id)
    reply = {
        "valuesChanged": counts["values"],
        "formulasChanged": counts["formulas"],
        "rowsChanged": len(rows),
        "sheetsChanged": len(sheets),
        "occurrencesChanged": counts["occurrences"],
    }
    return {k: v for k, v in reply.items() if v}


@request("sortRange")
def sort_range(batch: Batch, body: dict) -> None:
    sheet, span = batch.grid(body.get("range"))
    specs = body.get("sortSpecs") or [{"dimensionIndex": span.start_col}]
    lines = [
        {
            c: sheet.cells.pop((r, c))
            for c in range(span.start_col, span.end_col)
            if (r, c) in sheet.cells
        }
        for r in range(span.start_row, span.end_row)
    ]
    for spec in reversed(specs):
        column = spec.get("dimensionIndex", 0)
        if not span.start_col <= column < span.end_col:
            raise RequestError(f"Sort column {column} is outside the range.")
        descending = spec.get("sortOrder", "ASCENDING") == "DESCENDING"
        filled = [line for line in lines if _sort_value(line, column) is not None]
        blank = [line for line in lines if _sort_value(line, column) is None]
        filled.sort(key=lambda line: compare_key(_sort_value(line, column)), reverse=descending)
        lines = filled + blank
    for offset, line in enumerate(lines):
        for c, cell in line.items():
            sheet.cells[(span.start_row + offset, c)] = cell


def _sort_value(line: dict, column: int):
    cell = line.get(column)
    value = None if cell is None else cell.effective
    return None if isinstance(value, SheetError) else value


@request("trimWhitespace")
def trim_whitespace(batch: Batch, body: dict) -> dict:
    sheet, span = batch.grid(body.get("range"))
    changed = 0
    for (r, c), cell in sheet.cells.items():
        inside = span.start_row <= r < span.end_row and span.start_col <= c < span.end_col
        text = (cell.value or {}).get("stringValue")
        if not inside or text is None:
            continue
        trimmed = " ".join(text.split())
        if trimmed != text:
            cell.value = {"stringValue": trimmed} if trimmed else None
            changed += 1
    return {"cellsChangedCount": changed} if changed else {}


@request("deleteDuplicates")
def delete_duplicates(batch: Batch, body: dict) -> dict:
    """Remove rows of a range that repeat an earlier row (on the comparison columns)."""
    sheet, span = batch.grid(body.get("range"))
    columns = [
        c
        for dim in body.get("comparisonColumns") or []
        for c in range(dim.get("startIndex", span.start_col), dim.get("endIndex", span.end_col))
    ] or list(range(span.start_col, span.end_col))
    lines = [
        {
            c: sheet.cells.pop((r, c))
            for c in range(span.start_col, span.end_col)
            if (r, c) in sheet.cells
        }
        for r in range(span.start_row, span.end_row)
    ]
    seen, kept = set(), []
    for line in lines:
        key = tuple(_sort_value(line, c) for c in columns)
        if key in seen:
            continue
        seen.add(key)
        kept.append(line)
    for offset, line in enumerate(kept):
        for c, cell in line.items():
            sheet.cells[(span.start_row + offset, c)] = cell
    removed = len(lines) - len(kept)
    return {"duplicatesRemovedCount": removed} if removed else {}


DELIMITERS = {"COMMA": ",", "SEMICOLON": ";", "PERIOD": ".", "SPACE": " "}


def _delimiter(body: dict) -> str | None:
    """The delimiter of textToColumns/pasteData; None means "detect" (AUTODETECT)."""
    kind = body.get("delimiterType") or ("CUSTOM" if body.get("delimiter") else "COMMA")
    if kind == "CUSTOM":
        if not body.get("delimiter"):
            raise RequestError("A custom delimiter must be set.")
        return body["delimiter"]
    if kind == "AUTODETECT":
        return None
    if kind not in DELIMITERS:
        raise RequestError(f"Invalid delimiterType: {kind}")
    return DELIMITERS[kind]


def _fields_of(line: str, delimiter: str | None) -> list[str]:
    if delimiter is None:
        delimiter = next((d for d in (",", ";", "\t", " ") if d in line), ",")
    return line.split(delimiter)


@request("textToColumns")
def text_to_columns(batch: Batch, body: dict) -> None:
    sheet, span = batch.grid(body.get("source"))
    if span.end_col - span.start_col != 1:
        raise RequestError("The source range must span exactly one column.")
    delimiter = _delimiter(body)
    for r in range(span.start_row, span.end_row):
        cell = sheet.peek(r, span.start_col)
        text = (cell.value or {}).get("stringValue") if cell else None
        if text is None:
            continue
        parts = _fields_of(text, delimiter)
        if span.start_col + len(parts) > sheet.columns:
            sheet.resize(columns=span.start_col + len(parts))
        for offset, part in enumerate(parts):
            set_value(sheet.cell(r, span.start_col + offset), part, "USER_ENTERED")


@request("pasteData")
def paste_data(batch: Batch, body: dict) -> None:
    start = body.get("coordinate") or {}
    sheet = batch.sheet(start.get("sheetId", 0))
    row, col = start.get("rowIndex", 0), start.get("columnIndex", 0)
    if body.get("html"):
        raise RequestError("HTML paste is not supported; paste delimited text.")
    delimiter = body.get("delimiter")
    if not delimiter:
        raise RequestError("A delimiter must be set.")
    kind = body.get("type", "PASTE_NORMAL")
    for offset, line in enumerate(str(body.get("data", "")).split("\n")):
        parts = line.split(delimiter)
        if row + offset >= sheet.rows or col + len(parts) > sheet.columns:
            raise RequestError("The pasted data does not fit in the grid.")
        for c, part in enumerate(parts):
            target = sheet.cell(row + offset, col + c)
            if kind != "PASTE_FORMAT":
                set_value(target, part, "USER_ENTERED")


@request("randomizeRange")
def randomize_range(batch: Batch, body: dict) -> None:
    """Shuffle the rows of a range (deterministically for the spreadsheet and its content)."""
    sheet, span = batch.grid(body.get("range"))
    lines = [
        {
            c: sheet.cells.pop((r, c))
            for c in range(span.start_col, span.end_col)
            if (r, c) in sheet.cells
        }
        for r in range(span.start_row, span.end_row)
    ]
    random.Random(f"{batch.book.id}:{len(lines)}:{sheet.id}").shuffle(lines)
    for offset, line in enumerate(lines):
        for c, cell in line.items():
            sheet.cells[(span.start_row + offset, c)] = cell
