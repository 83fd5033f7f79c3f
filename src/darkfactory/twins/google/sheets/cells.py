"""Cells and sheets of a spreadsheet in memory: what each cell holds and shows, and the grid."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field, replace
from typing import Any

from darkfactory.twins.google.sheets.formula.values import SheetError
from darkfactory.twins.google.sheets.numbers import render

DEFAULT_ROWS, DEFAULT_COLUMNS = 1000, 26


@dataclass
class Cell:
    """One cell: what was entered (value, format, note, validation) and what it shows."""

    value: dict | None = None  # userEnteredValue (an ExtendedValue)
    format: dict | None = None  # userEnteredFormat
    note: str | None = None
    validation: dict | None = None  # dataValidation
    effective: Any = None  # the computed value: None, float, str, bool or SheetError
    implied: dict | None = None  # the number format a formula's result implies (a date...)

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
            return self.implied
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


OWN_EXTRAS = ("commentAnchors", "dataSource")


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

    def copied_extras(self) -> dict:
        """A copy of the extras for a copy of this sheet, less what stays with this one: its
        comment anchors and its data source."""
        return copy.deepcopy({k: v for k, v in self.extras.items() if k not in OWN_EXTRAS})


def new_sheet_properties(sheet_id: int, title: str, index: int, grid: dict | None = None) -> dict:
    grid = {"rowCount": DEFAULT_ROWS, "columnCount": DEFAULT_COLUMNS, **(grid or {})}
    return {
        "sheetId": sheet_id,
        "title": title,
        "index": index,
        "sheetType": "GRID",
        "gridProperties": grid,
    }
