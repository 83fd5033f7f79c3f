"""Recalculating a workbook: every formula, its references evaluated on demand, array results
spilled into their neighbours, circular references answered with ``#REF!``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from darkfactory.twins.google.sheets.a1 import Span, column_letters
from darkfactory.twins.google.sheets.cells import Cell, Sheet, literal
from darkfactory.twins.google.sheets.formula.evaluate import evaluate
from darkfactory.twins.google.sheets.formula.formats import implied_format
from darkfactory.twins.google.sheets.formula.values import Grid, SheetError, scalar

if TYPE_CHECKING:
    from darkfactory.twins.google.sheets.workbook import Workbook

CIRCULAR = SheetError(
    "REF",
    "Circular dependency detected. To resolve with iterative calculation, see File > Settings.",
)
MAX_PASSES = 4


class Calculation:
    """Passes over every formula; references are evaluated on demand and remembered. An array
    result spills into the cells right and below its formula; passes repeat (a few at most) until
    the spilled values a formula may read have settled."""

    def __init__(self, book: Workbook) -> None:
        self.book = book

    @classmethod
    def settled(cls, book: Workbook) -> Calculation:
        """A calculation that reads every formula's stored result, for evaluating a formula that
        is not in a cell (a conditional format's) without recalculating the workbook."""
        calculation = cls(book)
        calculation.running = set()
        calculation.fresh = {sheet.id: {} for sheet in book.sheets}
        calculation.done = {
            (sheet.id, row, col)
            for sheet in book.sheets
            for (row, col), cell in sheet.cells.items()
            if cell.formula is not None
        }
        return calculation

    def view(self, sheet: Sheet, here: tuple[int, int]) -> _SheetView:
        """The ``Book`` a formula placed at ``here`` on ``sheet`` evaluates against."""
        return _SheetView(self, sheet, here)

    def run(self) -> None:
        for _ in range(MAX_PASSES):
            self.done: set[tuple[int, int, int]] = set()
            self.running: set[tuple[int, int, int]] = set()
            self.fresh: dict[int, dict[tuple[int, int], Any]] = {s.id: {} for s in self.book.sheets}
            for sheet in self.book.sheets:
                for cell in sheet.cells.values():
                    if cell.formula is None:
                        cell.effective, cell.implied = literal(cell.value), None
            for sheet in self.book.sheets:
                for (row, col), cell in list(sheet.cells.items()):
                    self.value(sheet, row, col, cell)
            settled = all(self.fresh[s.id] == s.spill for s in self.book.sheets)
            for sheet in self.book.sheets:
                sheet.spill = self.fresh[sheet.id]
            if settled:
                return

    def at(self, sheet: Sheet, row: int, col: int) -> Any:
        """The value a reference to (row, col) reads."""
        cell = sheet.cells.get((row, col))
        if cell is not None and cell.value:
            return cell.effective if cell.formula is None else self.value(sheet, row, col, cell)
        fresh = self.fresh[sheet.id]
        return fresh[(row, col)] if (row, col) in fresh else sheet.spill.get((row, col))

    def value(self, sheet: Sheet, row: int, col: int, cell: Cell) -> Any:
        formula = cell.formula
        if formula is None:
            return cell.effective
        key = (sheet.id, row, col)
        if key in self.done:
            return cell.effective
        if key in self.running:
            return CIRCULAR
        self.running.add(key)
        view = self.view(sheet, (row, col))
        result = evaluate(view, formula)
        self.running.discard(key)
        self.done.add(key)
        if isinstance(result, Grid) and (result.height > 1 or result.width > 1):
            result = self._spill(sheet, row, col, result)
        result = scalar(result)
        cell.effective = result
        is_number = isinstance(result, float)
        cell.implied = implied_format(view, formula) if is_number else None
        return cell.effective

    def _spill(self, sheet: Sheet, row: int, col: int, result: Grid) -> Any:
        """Spread an array result from (row, col); the anchor's own value, or #REF! if blocked."""
        targets = {
            (row + r, col + c): value
            for r, line in enumerate(result.rows)
            for c, value in enumerate(line)
            if (r, c) != (0, 0)
        }
        if row + result.height > sheet.rows or col + result.width > sheet.columns:
            return SheetError(
                "REF", "Array result was not expanded because it would go beyond the grid."
            )
        for r, c in sorted(targets):
            other = sheet.cells.get((r, c))
            if other is not None and other.value:
                return SheetError(
                    "REF",
                    "Array result was not expanded because it would overwrite data in"
                    f" {column_letters(c)}{r + 1}.",
                )
        self.fresh[sheet.id].update(
            {key: scalar(value) for key, value in targets.items() if value is not None}
        )
        return result.rows[0][0]


class _SheetView:
    """The ``Book`` a formula in cell ``here`` of ``sheet`` sees: unqualified references mean
    ``sheet``; ROW() and COLUMN() mean ``here``."""

    def __init__(self, calculation: Calculation, sheet: Sheet, here: tuple[int, int]) -> None:
        self.calculation = calculation
        self.sheet = sheet
        self.here = here

    def grid(self, title: str | None, span: Span) -> Grid | SheetError:
        book = self.calculation.book
        sheet = self.sheet if title is None else book.sheet_by_title(title)
        if sheet is None:
            return SheetError("REF", f"Unresolved sheet name '{title}'.")
        bounded = span.bounded(sheet.rows, sheet.columns)
        rows = []
        for r in range(bounded.start_row, min(bounded.end_row, sheet.rows)):
            line = []
            for c in range(bounded.start_col, min(bounded.end_col, sheet.columns)):
                line.append(self.calculation.at(sheet, r, c))
            rows.append(line)
        if not rows or not rows[0]:
            return SheetError("REF", "Reference does not exist.")
        return Grid(rows)

    def number_format(self, title: str | None, span: Span) -> dict | None:
        """The number format of the top-left cell a reference names (its own or implied)."""
        sheet = self.sheet if title is None else self.calculation.book.sheet_by_title(title)
        if sheet is None:
            return None
        cell = sheet.cells.get((span.start_row or 0, span.start_col or 0))
        return cell.number_format() if cell else None

    def named_range(self, name: str) -> tuple[str, Span] | None:
        book = self.calculation.book
        for named in book.named_ranges:
            if named["name"].lower() == name.lower():
                sheet = book.sheet_by_id(named["range"].get("sheetId", 0))
                if sheet is None:
                    return None
                return sheet.title, Span.of_grid_range(named["range"])
        return None

    def now(self) -> float:
        return self.calculation.book.now
