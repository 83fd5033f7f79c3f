"""Tables in a document: insertTable and rows and columns added or removed."""

from __future__ import annotations

from darkfactory.twins.google.docs.edits import (
    Document,
    EditError,
    insert_between_paragraphs,
    shift_ranges,
)
from darkfactory.twins.google.docs.model import Paragraph, Table, empty_paragraph


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
    del table.rows[row]
    shift_ranges(doc, offset, -length)


def insert_table_column(doc: Document, start: int, column: int, right: bool) -> None:
    table, _ = _table_at(doc, start)
    if not 0 <= column < len(table.rows[0]):
        raise EditError(f"Column index {column} is out of bounds for the table.")
    for line in table.rows:
        line.insert(column + 1 if right else column, [empty_paragraph()])


def delete_table_column(doc: Document, start: int, column: int) -> None:
    table, position = _table_at(doc, start)
    if not 0 <= column < len(table.rows[0]):
        raise EditError(f"Column index {column} is out of bounds for the table.")
    if len(table.rows[0]) == 1:
        del doc.body[position]
        shift_ranges(doc, start, -table.length)
        return
    for line in table.rows:
        del line[column]
