"""Sheets tables: spreadsheets, their sheets (tabs) and the cells of each grid."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS google_sheets_spreadsheets (
    id TEXT PRIMARY KEY, properties TEXT NOT NULL, named_ranges TEXT NOT NULL DEFAULT '[]',
    developer_metadata TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS google_sheets_sheets (
    spreadsheet_id TEXT NOT NULL REFERENCES google_sheets_spreadsheets(id) ON DELETE CASCADE,
    sheet_id INTEGER NOT NULL, properties TEXT NOT NULL, extras TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (spreadsheet_id, sheet_id)
);
CREATE TABLE IF NOT EXISTS google_sheets_cells (
    spreadsheet_id TEXT NOT NULL, sheet_id INTEGER NOT NULL, row INTEGER NOT NULL,
    col INTEGER NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (spreadsheet_id, sheet_id, row, col),
    FOREIGN KEY (spreadsheet_id, sheet_id)
        REFERENCES google_sheets_sheets(spreadsheet_id, sheet_id) ON DELETE CASCADE
);
"""
