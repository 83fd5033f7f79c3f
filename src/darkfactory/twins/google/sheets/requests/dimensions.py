"""Row and column requests: insertDimension, deleteDimension, appendDimension, moveDimension,
updateDimensionProperties, autoResizeDimensions. Cells, merges, row/column metadata and the
formulas that point at them all move with the rows or columns."""

from __future__ import annotations

from collections.abc import Callable

from darkfactory.twins.google import masks
from darkfactory.twins.google.sheets.references import (
    move_dimension_formulas,
    shift_band_formulas,
    shift_formulas,
)
from darkfactory.twins.google.sheets.requests import Batch, RequestError, request, tables
from darkfactory.twins.google.sheets.workbook import Sheet

AXIS = {"ROWS": 0, "COLUMNS": 1}
FOLLOWING = ("tables", "commentAnchors")  # the sheet's extras whose ranges follow their cells
MERGE_KEYS = {
    "ROWS": ("startRowIndex", "endRowIndex"),
    "COLUMNS": ("startColumnIndex", "endColumnIndex"),
}


def _range(batch: Batch, body: dict) -> tuple[Sheet, str, int, int]:
    """(sheet, dimension, start, end) of a ``DimensionRange``, checked against the grid."""
    dimension = body.get("dimension")
    if dimension not in AXIS:
        raise RequestError("dimension must be ROWS or COLUMNS.")
    sheet = batch.sheet(body.get("sheetId"))
    size = sheet.rows if dimension == "ROWS" else sheet.columns
    start = body.get("startIndex", 0)
    end = body.get("endIndex", size)
    if start < 0 or end <= start:
        raise RequestError(f"Invalid dimension range: startIndex {start}, endIndex {end}.")
    return sheet, dimension, start, end


def _size(sheet: Sheet, dimension: str) -> int:
    return sheet.rows if dimension == "ROWS" else sheet.columns


def _grow(sheet: Sheet, dimension: str, by: int) -> None:
    if dimension == "ROWS":
        sheet.resize(rows=sheet.rows + by)
    else:
        sheet.resize(columns=sheet.columns + by)


def _follow(sheet: Sheet, dimension: str, point: Callable[[int], int | None]) -> None:
    """Carry each table and comment anchor on the sheet to where ``point`` takes its rows (or
    columns; None: deleted). One left with none goes: a table is deleted, a comment is no longer
    on a cell. A table's columns follow theirs."""
    low, high = MERGE_KEYS[dimension]
    for key in FOLLOWING:
        kept = []
        for item in sheet.extras.get(key, []):
            grid = item["range"]
            moved = {index: point(index) for index in range(grid[low], grid[high])}
            alive = [index for index in moved.values() if index is not None]
            if not alive:
                continue
            old_start = grid[low]
            grid[low], grid[high] = min(alive), max(alive) + 1
            if key == "tables" and dimension == "COLUMNS":
                tables.follow_columns(sheet, item, moved, old_start)
            kept.append(item)
        if key in sheet.extras:
            sheet.extras[key] = kept


def move(sheet: Sheet, dimension: str, start: int, count: int) -> None:
    """Shift cells, merges, tables, comment anchors and metadata at or after ``start`` by
    ``count`` (negative: delete)."""
    axis = AXIS[dimension]
    moved = {}
    for key, cell in sheet.cells.items():
        index = key[axis]
        if index < start:
            moved[key] = cell
        elif count < 0 and index < start - count:
            continue
        else:
            new = list(key)
            new[axis] = index + count
            moved[tuple(new)] = cell
    sheet.cells = moved
    low, high = MERGE_KEYS[dimension]
    merges = []
    for merge in sheet.merges():
        merge = dict(merge)
        for key in (low, high):
            if merge[key] >= start:
                merge[key] = max(start, merge[key] + count)
        if merge[high] > merge[low]:
            merges.append(merge)
    sheet.extras["merges"] = merges

    def point(index: int) -> int | None:
        if index < start:
            return index
        return None if count < 0 and index < start - count else index + count

    _follow(sheet, dimension, point)
    metadata = sheet.extras.get(dimension, {})
    shifted = {}
    for index, props in metadata.items():
        number = int(index)
        if number < start:
            shifted[index] = props
        elif not (count < 0 and number < start - count):
            shifted[str(number + count)] = props
    sheet.extras[dimension] = shifted


@request("insertDimension")
def insert_dimension(batch: Batch, body: dict) -> None:
    sheet, dimension, start, end = _range(batch, body.get("range") or {})
    if start > _size(sheet, dimension):
        raise RequestError(
            f"Invalid dimension range: startIndex {start} is beyond the grid's last index."
        )
    count = end - start
    move(sheet, dimension, start, count)
    _grow(sheet, dimension, count)
    shift_formulas(batch.book, sheet, dimension, start, count)


@request("deleteDimension")
def delete_dimension(batch: Batch, body: dict) -> None:
    sheet, dimension, start, end = _range(batch, body.get("range") or {})
    size = _size(sheet, dimension)
    end = min(end, size)
    if start >= size:
        raise RequestError(f"Invalid dimension range: startIndex {start} is beyond the grid.")
    if start == 0 and end == size:
        noun = "rows" if dimension == "ROWS" else "columns"
        raise RequestError(f"You can't delete all the {noun} on the sheet.")
    move(sheet, dimension, start, start - end)
    _grow(sheet, dimension, start - end)
    shift_formulas(batch.book, sheet, dimension, start, start - end)


@request("appendDimension")
def append_dimension(batch: Batch, body: dict) -> None:
    sheet = batch.sheet(body.get("sheetId"))
    dimension = body.get("dimension")
    if dimension not in AXIS:
        raise RequestError("dimension must be ROWS or COLUMNS.")
    length = body.get("length", 0)
    if not isinstance(length, int) or length < 1:
        raise RequestError("length must be greater than zero.")
    _grow(sheet, dimension, length)


@request("updateDimensionProperties")
def update_dimension_properties(batch: Batch, body: dict) -> None:
    sheet, dimension, start, end = _range(batch, body.get("range") or {})
    if not body.get("fields"):
        raise RequestError("At least one field must be updated, but 'fields' is empty.")
    metadata = sheet.extras.setdefault(dimension, {})
    for index in range(start, min(end, _size(sheet, dimension))):
        current = metadata.get(str(index), {})
        metadata[str(index)] = masks.apply(
            current, body.get("properties") or {}, body["fields"], ("pixelSize", "hiddenByUser")
        )


@request("autoResizeDimensions")
def auto_resize_dimensions(batch: Batch, body: dict) -> None:
    sheet, dimension, start, end = _range(batch, body.get("dimensions") or {})
    metadata = sheet.extras.setdefault(dimension, {})
    axis = AXIS[dimension]
    for index in range(start, min(end, _size(sheet, dimension))):
        texts = [c.formatted() or "" for k, c in sheet.cells.items() if k[axis] == index]
        if dimension == "COLUMNS":
            size = max([7 * len(t) + 10 for t in texts] + [100 if not texts else 20])
        else:
            size = 21 * max([t.count("\n") + 1 for t in texts] + [1])
        metadata[str(index)] = {**metadata.get(str(index), {}), "pixelSize": size}


@request("moveDimension")
def move_dimension(batch: Batch, body: dict) -> None:
    """Move rows (or columns) ``[start, end)`` to before ``destinationIndex``."""
    sheet, dimension, start, end = _range(batch, body.get("source") or {})
    size = _size(sheet, dimension)
    end = min(end, size)
    destination = body.get("destinationIndex")
    if not isinstance(destination, int) or not 0 <= destination <= size:
        raise RequestError(f"Invalid destinationIndex: {destination}")
    count = end - start

    def mapping(index: int) -> int:
        if destination < start <= index < end:
            return destination + index - start
        if destination < start and destination <= index < start:
            return index + count
        if destination > end and start <= index < end:
            return destination - count + index - start
        if destination > end and end <= index < destination:
            return index - count
        return index

    axis = AXIS[dimension]
    moved = {}
    for key, cell in sheet.cells.items():
        new = list(key)
        new[axis] = mapping(key[axis])
        moved[tuple(new)] = cell
    sheet.cells = moved
    metadata = sheet.extras.get(dimension, {})
    sheet.extras[dimension] = {str(mapping(int(i))): p for i, p in metadata.items()}
    low, high = MERGE_KEYS[dimension]
    for merge in sheet.merges():
        first, last = mapping(merge[low]), mapping(merge[high] - 1)
        merge[low], merge[high] = min(first, last), max(first, last) + 1
    _follow(sheet, dimension, mapping)
    move_dimension_formulas(batch.book, sheet, dimension, mapping)


def _shift_band(sheet: Sheet, dimension: str, start: int, count: int, band: range) -> None:
    """Shift the cells of ``band`` (columns for ROWS) at or after ``start`` by ``count``."""
    axis, other = AXIS[dimension], 1 - AXIS[dimension]
    moved = {}
    for key, cell in sheet.cells.items():
        index = key[axis]
        if key[other] not in band or index < start:
            moved[key] = cell
        elif count < 0 and index < start - count:
            continue
        else:
            new = list(key)
            new[axis] = index + count
            moved[tuple(new)] = cell
    sheet.cells = moved


def _range_shift(batch: Batch, body: dict, sign: int) -> None:
    """Shift the cells of the range's band: ``sign`` 1 opens the range, -1 closes it."""
    sheet, span = batch.grid(body.get("range"))
    dimension = body.get("shiftDimension")
    if dimension not in AXIS:
        raise RequestError("shiftDimension must be ROWS or COLUMNS.")
    rows = dimension == "ROWS"
    start, end = (span.start_row, span.end_row) if rows else (span.start_col, span.end_col)
    band = (span.start_col, span.end_col) if rows else (span.start_row, span.end_row)
    count, axis = end - start, AXIS[dimension]
    if sign > 0:
        used = [
            k[axis] for k, c in sheet.cells.items() if c.value and band[0] <= k[1 - axis] < band[1]
        ]
        overflow = max(used, default=-1) + count + 1 - _size(sheet, dimension)
        if overflow > 0:
            _grow(sheet, dimension, overflow)
    _shift_band(sheet, dimension, start, sign * count, range(*band))
    shift_band_formulas(batch.book, sheet, dimension, start, sign * count, band)


@request("insertRange")
def insert_range(batch: Batch, body: dict) -> None:
    """Insert empty cells over a range, shifting the cells there down (or right)."""
    _range_shift(batch, body, 1)


@request("deleteRange")
def delete_range(batch: Batch, body: dict) -> None:
    """Delete the cells of a range, shifting the cells below (or right) into the gap."""
    _range_shift(batch, body, -1)
