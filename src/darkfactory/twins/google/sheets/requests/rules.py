"""Conditional format rules and banded ranges, kept on their sheet and shown by
``spreadsheets.get``: add/update/deleteConditionalFormatRule, add/update/deleteBanding."""

from __future__ import annotations

from darkfactory.twins.google import masks
from darkfactory.twins.google.sheets.requests import Batch, RequestError, request
from darkfactory.twins.google.sheets.workbook import Sheet


def _rules(batch: Batch, sheet_id) -> tuple[Sheet, list[dict]]:
    sheet = batch.sheet(sheet_id)
    return sheet, sheet.extras.setdefault("conditionalFormats", [])


def _at(rules: list[dict], index) -> int:
    if not isinstance(index, int) or not 0 <= index < len(rules):
        raise RequestError(f"No conditional format on the sheet at index {index}.")
    return index


def _check_rule(batch: Batch, rule: dict) -> None:
    if not rule.get("ranges") or not (rule.get("booleanRule") or rule.get("gradientRule")):
        raise RequestError(
            "A conditional format rule needs ranges and a booleanRule or gradientRule."
        )
    sheet_ids = {r.get("sheetId", 0) for r in rule["ranges"]}
    if len(sheet_ids) != 1:
        raise RequestError("All ranges of a conditional format rule must be on the same sheet.")
    for grid in rule["ranges"]:
        batch.grid(grid)


@request("addConditionalFormatRule")
def add_conditional_format_rule(batch: Batch, body: dict) -> None:
    rule = body.get("rule") or {}
    _check_rule(batch, rule)
    _, rules = _rules(batch, rule["ranges"][0].get("sheetId", 0))
    index = body.get("index", len(rules))
    rules.insert(max(0, min(int(index), len(rules))), rule)


@request("updateConditionalFormatRule")
def update_conditional_format_rule(batch: Batch, body: dict) -> dict:
    _, rules = _rules(batch, body.get("sheetId", 0))
    index = _at(rules, body.get("index"))
    old = rules[index]
    if "rule" in body:
        _check_rule(batch, body["rule"])
        rules[index] = body["rule"]
        return {"oldRule": old, "oldIndex": index, "newRule": body["rule"], "newIndex": index}
    new_index = _at(rules, body.get("newIndex"))
    rules.insert(new_index, rules.pop(index))
    return {"oldRule": old, "oldIndex": index, "newRule": old, "newIndex": new_index}


@request("deleteConditionalFormatRule")
def delete_conditional_format_rule(batch: Batch, body: dict) -> dict:
    _, rules = _rules(batch, body.get("sheetId", 0))
    return {"rule": rules.pop(_at(rules, body.get("index")))}


@request("addBanding")
def add_banding(batch: Batch, body: dict) -> dict:
    banded = dict(body.get("bandedRange") or {})
    sheet, _ = batch.grid(banded.get("range"))
    banded["bandedRangeId"] = banded.get("bandedRangeId") or batch.new_id("bandedRange")
    sheet.extras.setdefault("bandedRanges", []).append(banded)
    return {"bandedRange": banded}


@request("deleteBanding")
def delete_banding(batch: Batch, body: dict) -> None:
    wanted = body.get("bandedRangeId")
    for sheet in batch.book.sheets:
        kept = [b for b in sheet.extras.get("bandedRanges", []) if b["bandedRangeId"] != wanted]
        if len(kept) != len(sheet.extras.get("bandedRanges", [])):
            sheet.extras["bandedRanges"] = kept
            return
    raise RequestError(f"No banded range with id: {wanted}")


@request("updateBanding")
def update_banding(batch: Batch, body: dict) -> None:
    wanted = body.get("bandedRange") or {}
    fields = ("range", "rowProperties", "columnProperties")
    for sheet in batch.book.sheets:
        for banded in sheet.extras.get("bandedRanges", []):
            if banded["bandedRangeId"] == wanted.get("bandedRangeId"):
                banded.update(masks.apply(banded, wanted, body.get("fields"), fields))
                return
    raise RequestError(f"No banded range with id: {wanted.get('bandedRangeId')}")
