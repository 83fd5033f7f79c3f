"""A spreadsheet in memory: its sheets and cells, loaded from and saved to the store, recalculated.

Every request loads the workbook, changes it, and saves it; ``save`` recalculates every formula
first (each formula sees the fresh values of the cells it references, evaluated on demand, so
dependents always follow their precedents), then rewrites the spreadsheet's rows.
"""

from __future__ import annotations

import json

from darkfactory.twins.google.sheets.calculation import Calculation
from darkfactory.twins.google.sheets.cells import (
    DEFAULT_COLUMNS,
    DEFAULT_ROWS,
    Cell,
    Sheet,
    extended,
    literal,
    new_sheet_properties,
)
from darkfactory.twins.kit.store import Store

__all__ = [
    "DEFAULT_COLUMNS",
    "DEFAULT_ROWS",
    "OVER_LIMIT",
    "Cell",
    "Sheet",
    "Workbook",
    "extended",
    "literal",
    "new_sheet_properties",
]

CELL_LIMIT = 10_000_000
OVER_LIMIT = (
    "This action would increase the number of cells in the workbook above the limit of"
    f" {CELL_LIMIT} cells."
)


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
        Calculation(self).run()


def _spill_rows(sheet: Sheet) -> list:
    return [[r, c, extended(v)] for (r, c), v in sorted(sheet.spill.items())]
