"""``spreadsheets.values``: get, update, append, clear and their batch forms (A1 or R1C1 ranges,
``valueInputOption``, ``valueRenderOption``, ``dateTimeRenderOption``, ``majorDimension``)."""

from __future__ import annotations

from dataclasses import replace

from starlette.routing import Route

from darkfactory.twins.google.api import body, flag
from darkfactory.twins.google.auth import own_drive
from darkfactory.twins.google.sheets import grid, proto3
from darkfactory.twins.google.sheets.a1 import format_range
from darkfactory.twins.google.sheets.books import open_book, save
from darkfactory.twins.google.sheets.grid import DIMENSIONS, INPUT_OPTIONS, RENDER_OPTIONS, choice
from darkfactory.twins.google.sheets.requests.dimensions import move
from darkfactory.twins.google.sheets.workbook import Workbook
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call

DATE_OPTIONS = ("SERIAL_NUMBER", "FORMATTED_STRING")


def _read_options(source) -> tuple[str, str, str]:
    return (
        choice(
            source.get("valueRenderOption"), RENDER_OPTIONS, "valueRenderOption", "FORMATTED_VALUE"
        ),
        choice(source.get("majorDimension"), DIMENSIONS, "majorDimension", "ROWS"),
        choice(
            source.get("dateTimeRenderOption"),
            DATE_OPTIONS,
            "dateTimeRenderOption",
            "SERIAL_NUMBER",
        ),
    )


def _get_range(book: Workbook, text: str, options: tuple[str, str, str]) -> dict:
    sheet, span = grid.resolve(book, text)
    return grid.value_range(sheet, grid.within_grid(sheet, span, text), *options)


def _write(book: Workbook, text: str, values, option: str, major: str) -> dict:
    sheet, span = grid.resolve(book, text)
    return {"spreadsheetId": book.id, **grid.write(sheet, span, text, values, option, major)}


def _with_data(wanted: bool, book: Workbook, reply: dict, source) -> dict:
    """``includeValuesInResponse``: the written range read back after recalculation, rendered as
    ``responseValueRenderOption`` and ``responseDateTimeRenderOption`` say."""
    if not wanted:
        return reply
    options = (
        choice(
            source.get("responseValueRenderOption"),
            RENDER_OPTIONS,
            "responseValueRenderOption",
            "FORMATTED_VALUE",
        ),
        "ROWS",
        choice(
            source.get("responseDateTimeRenderOption"),
            DATE_OPTIONS,
            "responseDateTimeRenderOption",
            "SERIAL_NUMBER",
        ),
    )
    return {**reply, "updatedData": _get_range(book, reply["updatedRange"], options)}


@operation("sheets.spreadsheets.values.get", reads=True, prepare=own_drive)
def get(call: Call) -> dict:
    book, _ = open_book(call)
    return _get_range(book, call.path_params["range"], _read_options(call.query))


@operation("sheets.spreadsheets.values.batchGet", reads=True, prepare=own_drive)
def batch_get(call: Call) -> dict:
    book, _ = open_book(call)
    options = _read_options(call.query)
    ranges = call.query.getlist("ranges")
    return {"spreadsheetId": book.id, "valueRanges": [_get_range(book, r, options) for r in ranges]}


@operation("sheets.spreadsheets.values.update")
def update(call: Call) -> dict:
    book, principal = open_book(call, "writer")
    option = choice(call.query.get("valueInputOption"), INPUT_OPTIONS, "valueInputOption", None)
    wanted = body(call, "ValueRange")
    major = choice(wanted.get("majorDimension"), DIMENSIONS, "majorDimension", "ROWS")
    reply = _write(book, call.path_params["range"], wanted.get("values", []), option, major)
    save(call, book, principal)
    return _with_data(flag(call, "includeValuesInResponse"), book, reply, call.query)


TOTALS = {
    "totalUpdatedRows": "updatedRows",
    "totalUpdatedColumns": "updatedColumns",
    "totalUpdatedCells": "updatedCells",
}


def _totals(replies: list[dict]) -> dict:
    """The totals of a batch of ``UpdateValuesResponse``s, and the responses themselves."""
    out: dict = {}
    for total, key in TOTALS.items():
        if any(key in r for r in replies):
            out[total] = sum(r.get(key, 0) for r in replies)
    if replies:
        out["totalUpdatedSheets"] = len({r["updatedRange"].rsplit("!", 1)[0] for r in replies})
        out["responses"] = replies
    return out


@operation("sheets.spreadsheets.values.batchUpdate")
def batch_update(call: Call) -> dict:
    book, principal = open_book(call, "writer")
    wanted = body(call, "BatchUpdateValuesRequest")
    option = choice(wanted.get("valueInputOption"), INPUT_OPTIONS, "valueInputOption", None)
    replies = []
    for data in wanted.get("data") or []:
        major = choice(data.get("majorDimension"), DIMENSIONS, "majorDimension", "ROWS")
        replies.append(_write(book, data.get("range", ""), data.get("values", []), option, major))
    save(call, book, principal)
    replies = [_with_data(wanted.get("includeValuesInResponse"), book, r, wanted) for r in replies]
    answer = {"spreadsheetId": book.id, **_totals(replies)}
    return proto3.render(answer, "BatchUpdateValuesByDataFilterResponse")


@operation("sheets.spreadsheets.values.append")
def append(call: Call) -> dict:
    book, principal = open_book(call, "writer")
    text = call.path_params["range"]
    option = choice(call.query.get("valueInputOption"), INPUT_OPTIONS, "valueInputOption", None)
    insert = choice(
        call.query.get("insertDataOption"),
        ("OVERWRITE", "INSERT_ROWS"),
        "insertDataOption",
        "OVERWRITE",
    )
    wanted = body(call, "ValueRange")
    major = choice(wanted.get("majorDimension"), DIMENSIONS, "majorDimension", "ROWS")
    values = wanted.get("values", [])
    sheet, span = grid.resolve(book, text)
    table, next_row = grid.table_end(sheet, span)
    rows = len(values) if major == "ROWS" else max((len(c) for c in values), default=0)
    start_col = table.start_col if table else (span.start_col or 0)
    if insert == "INSERT_ROWS":
        move(sheet, "ROWS", next_row, rows)
        sheet.resize(rows=sheet.rows + rows)
    elif next_row + rows > sheet.rows:
        sheet.resize(rows=next_row + rows)
    width = max((len(r) for r in values), default=1) if major == "ROWS" else len(values)
    if start_col + width > sheet.columns:
        sheet.resize(columns=start_col + width)
    target = replace(
        span, start_row=next_row, end_row=next_row + 1, start_col=start_col, end_col=start_col + 1
    )
    updates = {"spreadsheetId": book.id, **grid.write(sheet, target, text, values, option, major)}
    save(call, book, principal)
    out = {
        "spreadsheetId": book.id,
        "updates": _with_data(flag(call, "includeValuesInResponse"), book, updates, call.query),
    }
    if table is not None:
        out["tableRange"] = format_range(sheet.title, table)
    return out


def _clear(book: Workbook, text: str) -> str:
    sheet, span = grid.resolve(book, text)
    bounded = grid.within_grid(sheet, span, text)
    grid.clear(sheet, bounded)
    return format_range(sheet.title, bounded)


@operation("sheets.spreadsheets.values.clear")
def clear(call: Call) -> dict:
    book, principal = open_book(call, "writer")
    cleared = _clear(book, call.path_params["range"])
    save(call, book, principal)
    return {"spreadsheetId": book.id, "clearedRange": cleared}


@operation("sheets.spreadsheets.values.batchClear")
def batch_clear(call: Call) -> dict:
    book, principal = open_book(call, "writer")
    cleared = [
        _clear(book, text) for text in body(call, "BatchClearValuesRequest").get("ranges") or []
    ]
    save(call, book, principal)
    return {"spreadsheetId": book.id, "clearedRanges": cleared}


@operation("sheets.spreadsheets.values.batchGetByDataFilter", reads=True, prepare=own_drive)
def batch_get_by_data_filter(call: Call) -> dict:
    book, _ = open_book(call)
    wanted = body(call, "BatchGetValuesByDataFilterRequest")
    options = _read_options(wanted)
    ranges = []
    for data_filter in wanted.get("dataFilters") or []:
        ranges.append(
            {
                "valueRange": _get_range(book, grid.filter_range(book, data_filter), options),
                "dataFilters": [data_filter],
            }
        )
    answer = {"spreadsheetId": book.id, "valueRanges": ranges}
    return proto3.render(answer, "BatchGetValuesByDataFilterResponse")


@operation("sheets.spreadsheets.values.batchUpdateByDataFilter")
def batch_update_by_data_filter(call: Call) -> dict:
    book, principal = open_book(call, "writer")
    wanted = body(call, "BatchUpdateValuesByDataFilterRequest")
    option = choice(wanted.get("valueInputOption"), INPUT_OPTIONS, "valueInputOption", None)
    replies = []
    for data in wanted.get("data") or []:
        major = choice(data.get("majorDimension"), DIMENSIONS, "majorDimension", "ROWS")
        text = grid.filter_range(book, data.get("dataFilter") or {})
        reply = _write(book, text, data.get("values", []), option, major)
        replies.append({**reply, "dataFilter": data.get("dataFilter")})
    save(call, book, principal)
    answer = {"spreadsheetId": book.id, **_totals(replies)}
    return proto3.render(answer, "BatchUpdateValuesByDataFilterResponse")


@operation("sheets.spreadsheets.values.batchClearByDataFilter")
def batch_clear_by_data_filter(call: Call) -> dict:
    book, principal = open_book(call, "writer")
    filters = body(call, "BatchClearValuesByDataFilterRequest").get("dataFilters") or []
    cleared = [_clear(book, grid.filter_range(book, f)) for f in filters]
    save(call, book, principal)
    return {"spreadsheetId": book.id, "clearedRanges": cleared}


def routes() -> list[Route]:
    base = "/v4/spreadsheets/{spreadsheetId}/values"
    return [
        Route(base + ":batchGet", batch_get, methods=["GET"]),
        Route(base + ":batchUpdate", batch_update, methods=["POST"]),
        Route(base + ":batchClear", batch_clear, methods=["POST"]),
        Route(base + ":batchGetByDataFilter", batch_get_by_data_filter, methods=["POST"]),
        Route(base + ":batchUpdateByDataFilter", batch_update_by_data_filter, methods=["POST"]),
        Route(base + ":batchClearByDataFilter", batch_clear_by_data_filter, methods=["POST"]),
        Route(base + "/{range:path}:append", append, methods=["POST"]),
        Route(base + "/{range:path}:clear", clear, methods=["POST"]),
        Route(base + "/{range:path}", get, methods=["GET"]),
        Route(base + "/{range:path}", update, methods=["PUT"]),
    ]
