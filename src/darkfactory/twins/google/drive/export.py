"""``files.export``: a native file's content written in another format by a library made for it.

Spreadsheets (a ``native.Table``) export to CSV/TSV (first sheet, as Drive does), HTML, XLSX
(openpyxl) and PDF (fpdf2); documents (a ``native.Text``) to plain text, HTML, Markdown, DOCX
(python-docx) and PDF. The content comes from the hook the owning area registered in ``native``.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Callable

from starlette.responses import Response

from darkfactory.twins.google.drive import formats, native
from darkfactory.twins.google.drive.native import Table, Text
from darkfactory.twins.google.errors import GoogleError, forbidden
from darkfactory.twins.kit.operation import Call


def _delimited(table: Table, delimiter: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows(table.sheets[0][1] if table.sheets else [])
    return out.getvalue().removesuffix("\r\n").encode()  # Google ends the last row bare


def _table_html(table: Table) -> bytes:
    parts = []
    for title, rows in table.sheets:
        cells = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows
        )
        parts.append(f"<h2>{html.escape(title)}</h2><table>{cells}</table>")
    return f"<html><body>{''.join(parts)}</body></html>".encode()


def _xlsx(table: Table) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in table.sheets or [("Sheet1", [])]:
        sheet = book.create_sheet(title[:31])
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _pdf(lines: list[tuple[str, int]]) -> bytes:
    """A PDF of ``(text, size)`` lines in a core font (characters it lacks become ``?``)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    for text, size in lines:
        pdf.set_font("Helvetica", size=size)
        safe = text.encode("latin-1", "replace").decode("latin-1")
        pdf.multi_cell(0, size * 0.5, safe or " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _table_pdf(table: Table) -> bytes:
    lines = []
    for title, rows in table.sheets:
        lines.append((title, 14))
        lines += [("    ".join(row), 10) for row in rows]
    return _pdf(lines)


HEADING_SIZES = {-1: 24, 1: 20, 2: 16, 3: 14, 4: 12, 5: 11, 6: 11}


def _plain(text: Text) -> bytes:
    return ("\ufeff" + "\r\n".join(p.text for p in text.paragraphs)).encode()


def _text_html(text: Text) -> bytes:
    body = []
    for p in text.paragraphs:
        tag = "h1" if p.heading == -1 else f"h{p.heading}" if p.heading else "p"
        item = f"<{tag}>{html.escape(p.text)}</{tag}>"
        body.append(f"<ul><li>{html.escape(p.text)}</li></ul>" if p.bullet else item)
    title = html.escape(text.title)
    return f"<html><head><title>{title}</title></head><body>{''.join(body)}</body></html>".encode()


def _markdown(text: Text) -> bytes:
    lines = []
    for p in text.paragraphs:
        level = 1 if p.heading == -1 else p.heading
        prefix = "#" * level + " " if level else "* " if p.bullet else ""
        lines.append(prefix + p.text)
    return "\n\n".join(lines).encode()


def _docx(text: Text) -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = text.title
    for p in text.paragraphs:
        if p.heading:
            document.add_heading(p.text, level=0 if p.heading == -1 else p.heading)
        else:
            document.add_paragraph(p.text, style="List Bullet" if p.bullet else None)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _text_pdf(text: Text) -> bytes:
    return _pdf([(p.text, HEADING_SIZES.get(p.heading, 11)) for p in text.paragraphs])


WRITERS: dict[str, dict[str, Callable]] = {
    formats.SPREADSHEET: {
        formats.CSV: lambda t: _delimited(t, ","),
        formats.TSV: lambda t: _delimited(t, "\t"),
        formats.HTML: _table_html,
        formats.XLSX: _xlsx,
        formats.PDF: _table_pdf,
    },
    formats.DOCUMENT: {
        formats.PLAIN: _plain,
        formats.HTML: _text_html,
        formats.MARKDOWN: _markdown,
        formats.DOCX: _docx,
        formats.PDF: _text_pdf,
    },
}


def respond(call: Call, file: dict, target: str) -> Response:
    kind = native.of(file["mime_type"])
    writers = WRITERS.get(file["mime_type"], {})
    if kind is None or not writers:
        raise forbidden("Export only supports Docs Editors files.", "fileNotExportable")
    if target not in writers:
        raise GoogleError(
            400, "badRequest", "The requested conversion is not supported.", location="convertTo"
        )
    data = writers[target](kind.content(call.universe, file["id"]))
    if len(data) > formats.EXPORT_LIMIT:
        raise forbidden("This file is too large to be exported.", "exportSizeLimitExceeded")
    return Response(data, media_type=target)
