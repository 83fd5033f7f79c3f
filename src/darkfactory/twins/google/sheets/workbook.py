"""A spreadsheet in memory: its sheets and cells, loaded from and saved to the store, recalculated.

Every request loads the workbook, changes it, and saves it; ``save`` recalculates every formula
first (each formula sees the fresh values of the cells it references, evaluated on demand, so
dependents always follow their precedents), then rewrites the spreadsheet's rows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

from darkfactory.twins.google.sheets.a1 import Span, column_letters
from darkfactory.twins.google.sheets.formula.evaluate import evaluate, result_type, scalar
from darkfactory.twins.google.sheets.formula.values import Grid, SheetError
from darkfactory.twins.google.sheets.numbers import DEFAULT_PATTERNS, render
from darkfactory.twins.kit.store import Store

CIRCULAR = SheetError(
    "REF",
    "Circular dependency detected. To resolve with iterative calculation, see File > Settings.",
)
DEFAULT_ROWS, DEFAULT_COLUMNS = 1000, 26
CELL_LIMIT = 10_000_000
OVER_LIMIT = (
    "This action would increase the number of cells in the workbook above the limit of"
    f" {CELL_LIMIT} cells."
)


@dataclass
class Cell:
    """One cell: what was entered (value, format, note, validation) and what it shows."""

    value: dict | None = None  # userEnteredValue (an ExtendedValue)
    format: dict | None = None  # userEnteredFormat
    note: str | None = None
    validation: dict | None = None  # dataValidation
    effective: Any = None  # the computed value: None, float, str, bool or SheetError
    implied: str | None = None  # number format type a formula's outer function implies

    @property
    def formula(self) -> str | None:
        return (self.value or {}).get("formulaValue")

    def is_blank(self) -> bool:
        return not (self.value or self.format or self.note or self.validation)

    def number_format(self) -> dict | None:
        own = (self.format or {}).get("numberFormat")
        if own:
            return own
        if self.implied:
            return {"type": self.implied, "pattern": DEFAULT_PATTERNS[self.implied]}
        return None

    def formatted(self) -> str | None:
        value = self.effective
        if value is None:
            return None
        if isinstance(value, SheetError):
            return value.code
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, float | int):
            return render(float(value), self.number_format())
        return value

    def to_row(self) -> str:
        data = {"v": self.value, "f": self.format, "n": self.note, "dv": self.validation}
        if self.formula:  # a formula's last result is kept, so reads need no recalculation
            data |= {"e": extended(self.effective), "i": self.implied}
        return json.dumps({k: v for k, v in data.items() if v is not None})

    @classmethod
    def of_row(cls, raw: str) -> Cell:
        data = json.loads(raw)
        cell = cls(data.get("v"), data.get("f"), data.get("n"), data.get("dv"))
        cell.effective = literal(data.get("e") if cell.formula else cell.value)
        cell.implied = data.get("i")
        return cell


def literal(value: dict | None) -> Any:
    """The value of a non-formula ExtendedValue."""
    if not value:
        return None
    if "numberValue" in value:
        return float(value["numberValue"])
    if "stringValue" in value:
        return value["stringValue"]
    if "boolValue" in value:
        return bool(value["boolValue"])
    if "errorValue" in value:
        return SheetError(
            value["errorValue"].get("type", "ERROR"), value["errorValue"].get("message", "")
        )
    return None


def extended(value: Any) -> dict | None:
    """A computed value as an ``ExtendedValue``."""
    if value is None:
        return None
    if isinstance(value, SheetError):
        return {"errorValue": value.to_api()}
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, int | float):
        return {"numberValue": value}
    return {"stringValue": value}


@dataclass
class Sheet:
    properties: dict
    extras: dict = field(default_factory=dict)  # merges, rowMetadata, columnMetadata, ...
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    spill: dict[tuple[int, int], Any] = field(default_factory=dict)  # array formula results

    @property
    def id(self) -> int:
        return self.properties["sheetId"]

    @property
    def title(self) -> str:
        return self.properties["title"]

    @property
    def rows(self) -> int:
        return self.properties["gridProperties"]["rowCount"]

    @property
    def columns(self) -> int:
        return self.properties["gridProperties"]["columnCount"]

    def resize(self, rows: int | None = None, columns: int | None = None) -> None:
        grid = self.properties["gridProperties"]
        if rows is not None:
            grid["rowCount"] = rows
        if columns is not None:
            grid["columnCount"] = columns

    def cell(self, row: int, col: int) -> Cell:
        """The cell at (row, col), created empty when absent."""
        return self.cells.setdefault((row, col), Cell())

    def peek(self, row: int, col: int) -> Cell | None:
        """The cell at (row, col) as it shows, with a value spilled into it by an array formula."""
        cell = self.cells.get((row, col))
        if (row, col) in self.spill and (cell is None or not cell.value):
            return replace(cell or Cell(), effective=self.spill[(row, col)])
        return cell

    def extent(self) -> tuple[int, int]:
        """(rows, columns) up to the last cell showing a value."""
        filled = [key for key, cell in self.cells.items() if cell.value] + list(self.spill)
        if not filled:
            return 0, 0
        return max(r for r, _ in filled) + 1, max(c for _, c in filled) + 1

    def truncate(self) -> None:
        """Drop the cells and merges a smaller grid no longer holds."""
        rows, columns = self.rows, self.columns
        self.cells = {(r, c): v for (r, c), v in self.cells.items() if r < rows and c < columns}
        self.extras["merges"] = [
            m for m in self.merges() if m["endRowIndex"] <= rows and m["endColumnIndex"] <= columns
        ]

    def merges(self) -> list[dict]:
        return self.extras.setdefault("merges", [])


def new_sheet_properties(sheet_id: int, title: str, index: int, grid: dict | None = None) -> dict:
    grid = {"rowCount": DEFAULT_ROWS, "columnCount": DEFAULT_COLUMNS, **(grid or {})}
    return {
        "sheetId": sheet_id,
        "title": title,
        "index": index,
        "sheetType": "GRID",
        "gridProperties": grid,
    }


class Workbook:
    """One spreadsheet loaded from the store."""

    def __init__(self, spreadsheet_id: str, properties: dict, named_ranges: list[dict]) -> None:
        self.id = spreadsheet_id
        self.properties = properties
        self.named_ranges = named_ranges
        self.developer_metadata: list[dict] = []
        self.sheets: list[Sheet] = []
        self.now = 0.0  # the universe clock as a serial number, for TODAY/NOW

    # -- store ----------------------------------------------------------------------------------
    @classmethod
    def load(cls, db: Store, spreadsheet_id: str) -> Workbook | None:
        row = db.one("SELECT * FROM google_sheets_spreadsheets WHERE id = ?", (spreadsheet_id,))
        if row is None:
            return None
        book = cls(spreadsheet_id, json.loads(row["properties"]), json.loads(row["named_ranges"]))
        book.developer_metadata = json.loads(row["developer_metadata"])
        by_id: dict[int, Sheet] = {}
        for sheet_row in db.all(
            "SELECT * FROM google_sheets_sheets WHERE spreadsheet_id = ?", (spreadsheet_id,)
        ):
            sheet = Sheet(json.loads(sheet_row["properties"]), json.loads(sheet_row["extras"]))
            sheet.spill = {(r, c): literal(v) for r, c, v in sheet.extras.pop("spill", [])}
            by_id[sheet.id] = sheet
        for cell_row in db.all(
            "SELECT sheet_id, row, col, data FROM google_sheets_cells WHERE spreadsheet_id = ?",
            (spreadsheet_id,),
        ):
            by_id[cell_row["sheet_id"]].cells[(cell_row["row"], cell_row["col"])] = Cell.of_row(
                cell_row["data"]
            )
        book.sheets = sorted(by_id.values(), key=lambda s: s.properties["index"])
        return book

    def save(self, db: Store) -> None:
        """Recalculate, then write the whole spreadsheet back."""
        self.recalculate()
        for index, sheet in enumerate(self.sheets):
            sheet.properties["index"] = index
        db.execute(
            "INSERT INTO google_sheets_spreadsheets(id, properties, named_ranges,"
            " developer_metadata) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
            " properties = excluded.properties, named_ranges = excluded.named_ranges,"
            " developer_metadata = excluded.developer_metadata",
            (
                self.id,
                json.dumps(self.properties),
                json.dumps(self.named_ranges),
                json.dumps(self.developer_metadata),
            ),
        )
        db.execute("DELETE FROM google_sheets_sheets WHERE spreadsheet_id = ?", (self.id,))
        for sheet in self.sheets:
            db.insert(
                "google_sheets_sheets",
                {
                    "spreadsheet_id": self.id,
                    "sheet_id": sheet.id,
                    "properties": json.dumps(sheet.properties),
                    "extras": json.dumps({**sheet.extras, "spill": _spill_rows(sheet)}),
                },
            )
            db.conn.executemany(
                "INSERT INTO google_sheets_cells(spreadsheet_id, sheet_id, row, col, data)"
                " VALUES (?, ?, ?, ?, ?)",
                [
                    (self.id, sheet.id, r, c, cell.to_row())
                    for (r, c), cell in sheet.cells.items()
                    if not cell.is_blank()
                ],
            )

    def over_limit(self) -> bool:
        """Whether the grids together exceed the ten million cells a spreadsheet may have."""
        return sum(s.rows * s.columns for s in self.sheets) > CELL_LIMIT

    # -- sheets ---------------------------------------------------------------------------------
    def sheet_by_title(self, title: str) -> Sheet | None:
        return next((s for s in self.sheets if s.title.lower() == title.lower()), None)

    def sheet_by_id(self, sheet_id: int) -> Sheet | None:
        return next((s for s in self.sheets if s.id == sheet_id), None)

    def first_sheet(self) -> Sheet:
        visible = [s for s in self.sheets if not s.properties.get("hidden")]
        return (visible or self.sheets)[0]

    # -- calculation ----------------------------------------------------------------------------
    def recalculate(self) -> None:
        _Calculation(self).run()


def _spill_rows(sheet: Sheet) -> list:
    return [[r, c, extended(v)] for (r, c), v in sorted(sheet.spill.items())]


MAX_PASSES = 4


class _Calculation:
    """Passes over every formula; references are evaluated on demand and remembered. An array
    result spills into the cells right and below its formula; passes repeat (a few at most) until
    the spilled values a formula may read have settled."""

    def __init__(self, book: Workbook) -> None:
        self.book = book

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
        result = evaluate(_SheetView(self, sheet), formula)
        self.running.discard(key)
        self.done.add(key)
        if isinstance(result, Grid) and (result.height > 1 or result.width > 1):
            result = self._spill(sheet, row, col, result)
        result = scalar(result)
        cell.effective = result
        cell.implied = result_type(formula) if isinstance(result, float) else None
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
    """The ``Book`` a formula on ``sheet`` sees: unqualified references mean ``sheet``."""

    def __init__(self, calculation: _Calculation, sheet: Sheet) -> None:
        self.calculation = calculation
        self.sheet = sheet

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
