"""``spreadsheets.batchUpdate``: the request kinds, applied in order, all or nothing.

Each kind is a function ``(batch, body) -> reply`` registered under its wire name; a rule broken by
request ``i`` is answered as Google does: ``Invalid requests[i].addSheet: <why>`` (400).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from darkfactory.twins.google.errors import GoogleError
from darkfactory.twins.google.principal import Principal
from darkfactory.twins.google.requests import apply_requests
from darkfactory.twins.google.sheets.a1 import Span, format_range
from darkfactory.twins.google.sheets.workbook import OVER_LIMIT, Sheet, Workbook
from darkfactory.twins.kit.operation import Call

REQUESTS: dict[str, Callable[[Batch, dict], dict | None]] = {}


class RequestError(ValueError):
    """A request that breaks a rule; the message is Google's reason."""


@dataclass
class Batch:
    """What a request sees: the workbook, fresh deterministic ids, and the call and caller (for
    the requests that reach past the workbook: comments and data sources)."""

    book: Workbook
    new_id: Callable[[str], int]
    call: Call | None = None
    principal: Principal | None = None

    def grid(self, grid_range: dict | None) -> tuple[Sheet, Span]:
        """The sheet and bounded span of a ``GridRange``."""
        grid_range = grid_range or {}
        sheet = self.sheet(grid_range.get("sheetId", 0))
        span = Span.of_grid_range(grid_range, sheet.title).bounded(sheet.rows, sheet.columns)
        if span.end_row > sheet.rows or span.end_col > sheet.columns:
            raise RequestError(
                f"Range ({format_range(sheet.title, span)}) exceeds grid limits. Max rows:"
                f" {sheet.rows}, max columns: {sheet.columns}"
            )
        if span.start_row >= span.end_row or span.start_col >= span.end_col:
            raise RequestError("The range is empty.")
        return sheet, span

    def sheet(self, sheet_id: Any) -> Sheet:
        sheet = self.book.sheet_by_id(sheet_id if sheet_id is not None else 0)
        if sheet is None:
            raise RequestError(f"No grid with id: {sheet_id}")
        return sheet


def request(name: str):
    def decorate(fn):
        REQUESTS[name] = fn
        return fn

    return decorate


def apply(batch: Batch, requests: list) -> list[dict]:
    """Apply every request in order; the replies, one per request (``{}`` when none)."""
    if not isinstance(requests, list):
        raise GoogleError(
            400, "badRequest", "Invalid JSON payload received. 'requests' must be a list."
        )

    def call(handler, body: dict):
        reply = handler(batch, body)
        if batch.book.over_limit():
            raise RequestError(OVER_LIMIT)
        return reply

    return apply_requests(requests, REQUESTS, call, (RequestError,))


def load_all() -> None:
    """Import the modules that register the request kinds."""
    from darkfactory.twins.google.sheets.requests import (  # noqa: F401
        autofill,
        cells,
        charts,
        comments,
        data,
        data_sources,
        developer_metadata,
        dimensions,
        named_ranges,
        paste,
        protection,
        rules,
        sheet_properties,
        slicers,
        tables,
        views,
    )
