"""Conditional formats show in ``effectiveFormat`` of ``spreadsheets.get(includeGridData)``, as in
Sheets: the first boolean rule that holds wins, custom formulas move with the cell, gradients
interpolate between their points."""

from __future__ import annotations

import pytest


@pytest.fixture
def sheets(google_service_for):
    return google_service_for("sheets", "v4")


@pytest.fixture
def book(sheets):
    """A spreadsheet with three orders: item, amount, due date."""
    spreadsheet = sheets.spreadsheets().create(body={"properties": {"title": "Orders"}}).execute()
    sheets.spreadsheets().values().update(
        spreadsheetId=spreadsheet["spreadsheetId"],
        range="A1",
        valueInputOption="USER_ENTERED",
        body={
            "values": [
                ["Item", "Amount", "Due"],
                ["Widget", 50, "1/1/2001"],
                ["Gadget", 150, "1/1/2999"],
                ["widget pro", 100, ""],
            ]
        },
    ).execute()
    return spreadsheet["spreadsheetId"]


def grid(top: int, bottom: int, left: int, right: int) -> dict:
    return {
        "sheetId": 0,
        "startRowIndex": top,
        "endRowIndex": bottom,
        "startColumnIndex": left,
        "endColumnIndex": right,
    }


def boolean(ranges: list[dict], kind: str, values: list[dict], fmt: dict) -> dict:
    condition = {"type": kind, "values": values} if values else {"type": kind}
    return {
        "addConditionalFormatRule": {
            "rule": {"ranges": ranges, "booleanRule": {"condition": condition, "format": fmt}}
        }
    }


def formats(sheets, spreadsheet, *rules) -> list[list[dict]]:
    """Add ``rules``, then the effective format of every cell of A1:C4, row by row."""
    sheets.spreadsheets().batchUpdate(
        spreadsheetId=spreadsheet, body={"requests": list(rules)}
    ).execute()
    got = (
        sheets.spreadsheets()
        .get(spreadsheetId=spreadsheet, ranges=["A1:C4"], includeGridData=True)
        .execute()
    )
    rows = got["sheets"][0]["data"][0]["rowData"]
    return [[cell.get("effectiveFormat", {}) for cell in row["values"]] for row in rows]


RED = {"red": 1}
BOLD = {"textFormat": {"bold": True}}


def test_a_number_rule_makes_matching_cells_bold_and_leaves_the_rest(sheets, book):
    shown = formats(
        sheets,
        book,
        boolean([grid(1, 4, 1, 2)], "NUMBER_GREATER", [{"userEnteredValue": "60"}], BOLD),
    )
    assert [row[1]["textFormat"]["bold"] for row in shown[1:]] == [False, True, True]
    assert shown[0][1]["textFormat"]["bold"] is False, "the header row is outside the rule"


def test_a_custom_formula_moves_with_the_row_it_colours(sheets, book):
    rule = boolean(
        [grid(1, 4, 0, 3)],
        "CUSTOM_FORMULA",
        [{"userEnteredValue": "=$B2>=100"}],
        {"backgroundColor": RED},
    )
    shown = formats(sheets, book, rule)
    backgrounds = [[cell["backgroundColor"] for cell in row] for row in shown[1:]]
    white = {"red": 1, "green": 1, "blue": 1}
    assert backgrounds[0] == [white, white, white]
    assert backgrounds[1] == [RED, RED, RED]
    assert backgrounds[2][:2] == [RED, RED]
    assert shown[3][2]["backgroundColor"] == RED, "an empty cell in the rule's range is coloured"


def test_the_first_rule_that_holds_wins_and_text_ignores_case(sheets, book):
    italic = {"textFormat": {"italic": True}}
    shown = formats(
        sheets,
        book,
        boolean([grid(1, 4, 0, 1)], "TEXT_STARTS_WITH", [{"userEnteredValue": "WIDGET"}], BOLD),
        boolean([grid(1, 4, 0, 1)], "NOT_BLANK", [], italic),
    )
    items = [row[0]["textFormat"] for row in shown[1:]]
    assert [(t["bold"], t["italic"]) for t in items] == [
        (True, False),
        (False, True),
        (True, False),
    ]


def test_only_colours_and_text_styles_are_applied(sheets, book):
    fmt = {"textFormat": {"bold": True, "fontSize": 30}, "horizontalAlignment": "CENTER"}
    shown = formats(sheets, book, boolean([grid(1, 2, 0, 1)], "NOT_BLANK", [], fmt))
    assert shown[1][0]["textFormat"]["bold"] is True
    assert shown[1][0]["textFormat"]["fontSize"] == 10
    assert "horizontalAlignment" not in shown[1][0]


def test_date_conditions_compare_with_today(sheets, book):
    shown = formats(
        sheets,
        book,
        boolean([grid(1, 4, 2, 3)], "DATE_BEFORE", [{"relativeDate": "TODAY"}], BOLD),
    )
    assert [row[2].get("textFormat", {}).get("bold") for row in shown[1:3]] == [True, False]


def test_a_gradient_interpolates_between_min_and_max(sheets, book):
    rule = {
        "addConditionalFormatRule": {
            "rule": {
                "ranges": [grid(1, 4, 1, 2)],
                "gradientRule": {
                    "minpoint": {"type": "MIN", "color": {"red": 1, "green": 1, "blue": 1}},
                    "maxpoint": {"type": "MAX", "colorStyle": {"rgbColor": {"green": 1}}},
                },
            }
        }
    }
    shown = formats(sheets, book, rule)
    colours = [row[1]["backgroundColor"] for row in shown[1:]]
    assert colours[0] == {"red": 1, "green": 1, "blue": 1}, "the minimum takes the min colour"
    assert colours[1] == {"green": 1}, "the maximum takes the max colour"
    assert colours[2] == {"red": 0.5, "green": 1, "blue": 0.5}, "100 lies halfway from 50 to 150"
    assert shown[3][1]["backgroundColorStyle"] == {"rgbColor": colours[2]}


def test_an_entered_colour_replaces_the_default_white_and_a_rule_replaces_it(sheets, book):
    blue = {"blue": 1}
    paint = {
        "repeatCell": {
            "range": grid(1, 3, 0, 1),
            "cell": {"userEnteredFormat": {"backgroundColor": blue}},
            "fields": "userEnteredFormat.backgroundColor",
        }
    }
    shown = formats(
        sheets,
        book,
        paint,
        boolean(
            [grid(2, 3, 0, 1)],
            "TEXT_EQ",
            [{"userEnteredValue": "gadget"}],
            {"backgroundColor": RED},
        ),
    )
    assert [row[0]["backgroundColor"] for row in shown[1:3]] == [blue, RED]
