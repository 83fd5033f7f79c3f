"""Named ranges: addNamedRange, updateNamedRange, deleteNamedRange."""

from __future__ import annotations

import re

from darkfactory.twins.google import masks
from darkfactory.twins.google.sheets.a1 import RangeError, parse_cells
from darkfactory.twins.google.sheets.requests import Batch, RequestError, request

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*$")


def _check_name(batch: Batch, name: str, named_range_id: str | None = None) -> None:
    looks_like_cell = True
    try:
        parse_cells(name)
    except RangeError:
        looks_like_cell = False
    if not name or not _NAME.match(name) or looks_like_cell or name.upper() in ("TRUE", "FALSE"):
        raise RequestError(
            f"Invalid named range name: '{name}'. Named ranges must only contain letters,"
            " numbers and underscores, and cannot look like a range or a boolean."
        )
    for other in batch.book.named_ranges:
        if other["name"].lower() == name.lower() and other["namedRangeId"] != named_range_id:
            raise RequestError(f"Named range with name '{name}' already exists.")


def _find(batch: Batch, named_range_id: str) -> dict:
    for named in batch.book.named_ranges:
        if named["namedRangeId"] == named_range_id:
            return named
    raise RequestError(f"No named range with id: {named_range_id}")


@request("addNamedRange")
def add_named_range(batch: Batch, body: dict) -> dict:
    wanted = body.get("namedRange") or {}
    name = wanted.get("name", "")
    _check_name(batch, name)
    grid = dict(wanted.get("range") or {})
    grid.setdefault("sheetId", 0)
    batch.sheet(grid["sheetId"])
    named = {
        "namedRangeId": wanted.get("namedRangeId") or f"{batch.new_id('namedRange'):x}",
        "name": name,
        "range": grid,
    }
    batch.book.named_ranges.append(named)
    return {"namedRange": named}


@request("updateNamedRange")
def update_named_range(batch: Batch, body: dict) -> None:
    wanted = body.get("namedRange") or {}
    named = _find(batch, wanted.get("namedRangeId", ""))
    updated = masks.apply(named, wanted, body.get("fields"), ("name", "range"))
    _check_name(batch, updated["name"], named["namedRangeId"])
    named.update(updated)


@request("deleteNamedRange")
def delete_named_range(batch: Batch, body: dict) -> None:
    named = _find(batch, body.get("namedRangeId", ""))
    batch.book.named_ranges.remove(named)
