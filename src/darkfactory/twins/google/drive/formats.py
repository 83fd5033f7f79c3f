"""What Drive converts between: import formats into native types and export formats out of them."""

from __future__ import annotations

DOCUMENT = "application/vnd.google-apps.document"
SPREADSHEET = "application/vnd.google-apps.spreadsheet"

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
CSV = "text/csv"
TSV = "text/tab-separated-values"
HTML = "text/html"
PLAIN = "text/plain"
MARKDOWN = "text/markdown"

# Native type -> the export mimeTypes the twin can write (see export.py).
EXPORTS: dict[str, list[str]] = {
    DOCUMENT: [PLAIN, HTML, MARKDOWN, DOCX, PDF],
    SPREADSHEET: [CSV, TSV, HTML, XLSX, PDF],
}

# Source mimeType -> the native type an upload converts into when it asks for conversion.
IMPORTS: dict[str, list[str]] = {
    PLAIN: [DOCUMENT],
    HTML: [DOCUMENT],
    MARKDOWN: [DOCUMENT],
    CSV: [SPREADSHEET],
    TSV: [SPREADSHEET],
}

MAX_UPLOAD_SIZE = 5_497_558_138_880
EXPORT_LIMIT = 10 * 1024 * 1024
FOLDER_COLORS = [
    "#ac725e",
    "#d06b64",
    "#f83a22",
    "#fa573c",
    "#ff7537",
    "#ffad46",
    "#42d692",
    "#16a765",
    "#7bd148",
    "#b3dc6c",
    "#fbe983",
    "#fad165",
    "#92e1c0",
    "#9fe1e7",
    "#9fc6e7",
    "#4986e7",
    "#9a9cff",
    "#b99aff",
    "#c2c2c2",
    "#cabdbf",
    "#cca6ac",
    "#f691b2",
    "#cd74e6",
    "#a47ae2",
]
