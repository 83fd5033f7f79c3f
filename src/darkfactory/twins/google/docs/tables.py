"""Tables in a document: insertTable, rows and columns added or removed, cells merged and styled,
rows and columns given their properties.

A table keeps, beside its rows of cells, the style of each row (``rows``), of each cell
(``cells``, merges as a head cell's ``rowSpan``/``columnSpan``) and each column's properties
(``columns``) in ``Table.style``, aligned with the rows and columns as they come and go.
"""

from __future__ import annotations

from darkfactory.twins.google import masks
from darkfactory.twins.google.docs.edits import (
    Document,
    EditError,
    insert_between_paragraphs,
    shift_ranges,
)
from darkfactory.twins.google.docs.model import Paragraph, Table, empty_paragraph

COLUMN = {"widthType": "EVENLY_DISTRIBUTED"}
CELL_FIELDS = (
    "backgroundColor",
    "borderBottom",
    "borderLeft",
    "borderRight",
    "borderTop",
    "contentAlignment",
    "paddingBottom",
    "paddingLeft",
    "paddingRight",
    "paddingTop",
)
ROW_FIELDS = ("minRowHeight", "preventOverflow", "tableHeader")
COLUMN_FIELDS = ("width", "widthType")


def grid(table: Table) -> dict:
    """``table.style`` with a style for every row, cell and column (defaults where unset)."""
    height, width = len(table.rows), len(table.rows[0]) if table.rows else 0
    style = table.style
    style.setdefault("rows", [{} for _ in range(height)])
    style.setdefault("cells", [[{} for _ in range(width)] for _ in range(height)])
    style.setdefault("columns", [dict(COLUMN) for _ in range(width)])
    return style


def insert_table(doc: Document, index: int, rows: int, columns: int) -> None:
    if rows < 1 or columns < 1:
        raise EditError("A table must have at least one row and one column.")
    table = Table([[[empty_paragraph()] for _ in range(columns)] for _ in range(rows)])
    insert_between_paragraphs(doc, index, table, "A table")


def _table_at(doc: Document, start: int) -> tuple[Table, int]:
    """The body-level table starting at ``start``, and its position in the body."""
    index = doc.first
    for position, element in enumerate(doc.body):
        if isinstance(element, Table) and index == start:
            return element, position
        index += element.length
    raise EditError(f"There is no table at index {start}.")


def _row_length(row: list[list[Paragraph]]) -> int:
    return 1 + sum(1 + sum(p.length for p in cell) for cell in row)


def insert_table_row(doc: Document, start: int, row: int, below: bool) -> None:
    table, _ = _table_at(doc, start)
    if not 0 <= row < len(table.rows):
        raise EditError(f"Row index {row} is out of bounds for the table.")
    at = row + 1 if below else row
    fresh = [[empty_paragraph()] for _ in table.rows[0]]
    offset = start + 1 + sum(_row_length(r) for r in table.rows[:at])
    style = grid(table)
    style["rows"].insert(at, {k: v for k, v in style["rows"][row].items() if k != "tableHeader"})
    style["cells"].insert(at, [_unspanned(cell) for cell in style["cells"][row]])
    table.rows.insert(at, fresh)
    shift_ranges(doc, offset, _row_length(fresh))


def delete_table_row(doc: Document, start: int, row: int) -> None:
    table, position = _table_at(doc, start)
    if not 0 <= row < len(table.rows):
        raise EditError(f"Row index {row} is out of bounds for the table.")
    if len(table.rows) == 1:
        del doc.body[position]
        shift_ranges(doc, start, -table.length)
        return
    offset = start + 1 + sum(_row_length(r) for r in table.rows[:row])
    length = _row_length(table.rows[row])
    style = grid(table)
    del style["rows"][row], style["cells"][row], table.rows[row]
    shift_ranges(doc, offset, -length)


def insert_table_column(doc: Document, start: int, column: int, right: bool) -> None:
    table, _ = _table_at(doc, start)
    if not 0 <= column < len(table.rows[0]):
        raise EditError(f"Column index {column} is out of bounds for the table.")
    at = column + 1 if right else column
    style = grid(table)
    style["columns"].insert(at, dict(style["columns"][column]))
    for line, cells in zip(table.rows, style["cells"], strict=True):
        line.insert(at, [empty_paragraph()])
        cells.insert(at, _unspanned(cells[column]))


def delete_table_column(doc: Document, start: int, column: int) -> None:
    table, position = _table_at(doc, start)
    if not 0 <= column < len(table.rows[0]):
        raise EditError(f"Column index {column} is out of bounds for the table.")
    if len(table.rows[0]) == 1:
        del doc.body[position]
        shift_ranges(doc, start, -table.length)
        return
    style = grid(table)
    del style["columns"][column]
    for line, cells in zip(table.rows, style["cells"], strict=True):
        del line[column], cells[column]


def _unspanned(style: dict) -> dict:
    return {k: v for k, v in style.items() if k not in ("rowSpan", "columnSpan")}


def table_at(doc: Document, start: int) -> Table:
    return _table_at(doc, start)[0]


def cell_range(table: Table, row: int, column: int, rows: int, columns: int) -> list:
    """The (row, column) pairs of a ``TableRange``, in reading order."""
    if rows < 1 or columns < 1:
        raise EditError("The table range must span at least one row and one column.")
    height, width = len(table.rows), len(table.rows[0])
    if row < 0 or column < 0 or row + rows > height or column + columns > width:
        raise EditError("The table range is out of bounds of the table.")
    return [(r, c) for r in range(row, row + rows) for c in range(column, column + columns)]


def merge_cells(doc: Document, start: int, cells: list[tuple[int, int]]) -> None:
    """Merge a block of cells into its upper-left head; the others' text joins the head's."""
    table = table_at(doc, start)
    style = grid(table)
    if len(cells) < 2:
        raise EditError("At least two cells must be merged.")
    (top, left), (bottom, right) = cells[0], cells[-1]
    chosen = set(cells)
    for r, line in enumerate(style["cells"]):
        for c, span in enumerate(line):
            block = set(cell_range(table, r, c, span.get("rowSpan", 1), span.get("columnSpan", 1)))
            if block & chosen and not block <= chosen:
                raise EditError("The table range must cover any merged cells it overlaps in full.")
    before = table.length
    head = table.rows[top][left]
    for r, c in cells[1:]:
        moved = table.rows[r][c]
        if any(p.plain.strip("\n") for p in moved):
            head[:] = [p for p in head if p.plain.strip("\n")] + moved
        table.rows[r][c] = [empty_paragraph()]
        style["cells"][r][c] = _unspanned(style["cells"][r][c])
    style["cells"][top][left] |= {"rowSpan": bottom - top + 1, "columnSpan": right - left + 1}
    shift_ranges(doc, start + before, table.length - before)


def unmerge_cells(doc: Document, start: int, cells: list[tuple[int, int]]) -> None:
    """Split the merged cells whose heads are in the range; their text stays in the head."""
    style = grid(table_at(doc, start))
    for r, c in cells:
        style["cells"][r][c] = _unspanned(style["cells"][r][c])


def style_cells(doc: Document, start: int, cells: list | None, wanted: dict, fields: str) -> None:
    """Set ``fields`` of the style of ``cells`` (every cell of the table when None)."""
    table = table_at(doc, start)
    style = grid(table)
    _read_only(fields, CELL_FIELDS, ("rowSpan", "columnSpan"))
    if cells is None:
        cells = cell_range(table, 0, 0, len(table.rows), len(table.rows[0]))
    for r, c in cells:
        style["cells"][r][c] = masks.apply(style["cells"][r][c], wanted, fields, CELL_FIELDS)


def _read_only(fields: str, settable: tuple[str, ...], read_only: tuple[str, ...]) -> None:
    for path in masks.paths(fields, settable):
        if path[0] in read_only:
            raise EditError(f"The field {path[0]} is read-only.")
        if path[0] not in settable:
            raise EditError(f"Invalid field: {'.'.join(path)}")


def _indices(given: list | None, count: int, what: str) -> list[int]:
    indices = [int(i) for i in given or range(count)]
    for index in indices:
        if not 0 <= index < count:
            raise EditError(f"The {what} index {index} is out of bounds of the table.")
    return indices


def style_rows(doc: Document, start: int, rows: list | None, wanted: dict, fields: str) -> None:
    table = table_at(doc, start)
    style = grid(table)
    _read_only(fields, ROW_FIELDS, ())
    for row in _indices(rows, len(table.rows), "row"):
        style["rows"][row] = masks.apply(style["rows"][row], wanted, fields, ROW_FIELDS)


def style_columns(doc: Document, start: int, columns: list | None, wanted: dict, fields: str):
    table = table_at(doc, start)
    style = grid(table)
    _read_only(fields, COLUMN_FIELDS, ())
    width = (wanted.get("width") or {}).get("magnitude", 0)
    if "width" in {p[0] for p in masks.paths(fields, COLUMN_FIELDS)} and width < 5:
        raise EditError("The column width must be at least 5 points.")
    for column in _indices(columns, len(table.rows[0]), "column"):
        style["columns"][column] = masks.apply(
            style["columns"][column], wanted, fields, COLUMN_FIELDS
        )


def pin_header_rows(doc: Document, start: int, count: int) -> None:
    """Make the first ``count`` rows the table's header (0 unpins them all)."""
    table = table_at(doc, start)
    if not 0 <= count <= len(table.rows):
        raise EditError(
            f"The number of pinned header rows {count} must be between 0 and the number of"
            f" rows in the table, {len(table.rows)}."
        )
    for row, style in enumerate(grid(table)["rows"]):
        style.pop("tableHeader", None)
        if row < count:
            style["tableHeader"] = True
