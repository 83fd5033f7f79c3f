"""The formula engine through the Sheets API: functions, operators, references, errors."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

DATA = [
    ["apple", 1.5, "red", "TRUE"],
    ["pear", 2, "green", "FALSE"],
    ["fig", 3, "purple", ""],
    ["  spaced   out ", -4.567, "", "x"],
]
CASES = [
    ("=ROW()*10+COLUMN()", "11"),  # the first case sits in A1
    ("=1+2*3-4/2", "5"),
    ("=-2^2", "4"),
    ("=2^3^2", "64"),
    ("=10%", "0.1"),
    ('="a"&"b"&1', "ab1"),
    ("=1=1", "TRUE"),
    ('="A"="a"', "TRUE"),
    ("=3<>3", "FALSE"),
    ("=SUM(Data!B1:B4)", "1.933"),
    ("=SUM(Data!B:B, 10, TRUE)", "12.933"),
    ("=AVERAGE(Data!B1:B3)", "2.1666666667"),
    ("=MIN(Data!B1:B4)", "-4.567"),
    ("=MAX(Data!B1:B4)", "3"),
    ("=COUNT(Data!A1:D4)", "4"),
    ("=COUNTA(Data!A1:D4)", "14"),
    ('=IF(Data!B2>1,"big","small")', "big"),
    ("=IF(FALSE,1)", "FALSE"),
    ("=AND(TRUE,Data!B1>1)", "TRUE"),
    ("=OR(FALSE,0)", "FALSE"),
    ("=NOT(Data!D2)", "TRUE"),
    ('=CONCATENATE(Data!A1," & ",Data!A2)', "apple & pear"),
    ("=LEN(Data!A3)", "3"),
    ("=UPPER(Data!A2)", "PEAR"),
    ('=LOWER("MiXeD")', "mixed"),
    ('="["&TRIM(Data!A4)&"]"', "[spaced out]"),
    ("=ROUND(Data!B4,1)", "-4.6"),
    ("=ROUND(2.5)", "3"),
    ("=ABS(Data!B4)", "4.567"),
    ('=VLOOKUP("fig",Data!A1:C4,3,FALSE)', "purple"),
    ("=VLOOKUP(2.5,Data!B1:C3,2)", "green"),
    ("=INDEX(Data!A1:C4,2,3)", "green"),
    ('=MATCH("pear",Data!A1:A4,0)', "2"),
    ('=INDEX(Data!C1:C4,MATCH("fig",Data!A1:A4,0))', "purple"),
    ('=SUMIF(Data!B1:B4,">1.5")', "5"),
    ('=SUMIF(Data!A1:A4,"p*",Data!B1:B4)', "2"),
    ('=COUNTIF(Data!C1:C4,"<>red")', "3"),
    ('=COUNTIF(Data!A1:A4,"?ear")', "1"),
    ("=DATE(2024,2,30)", "3/1/2024"),
    ("=YEAR(DATE(2024,12,31)+1)", "2025"),
    ("=TODAY()-TODAY()", "0"),
    ('=IFERROR(1/0,"none")', "none"),
    ('=IFERROR(VLOOKUP("kiwi",Data!A1:B4,2,FALSE),0)', "0"),
    ("=1/0", "#DIV/0!"),
    ("=Data!B1+Data!A1", "#VALUE!"),
    ("=UNKNOWNFN(1)", "#NAME?"),
    ("=NoSuchName*2", "#NAME?"),
    ("=Missing!A1", "#REF!"),
    ('=VLOOKUP("kiwi",Data!A1:B4,2,FALSE)', "#N/A"),
    ("=SUM()", "#N/A"),
    ("=(1+2", "#ERROR!"),
    ("=SQRT(-1)", "#NUM!"),
    ('=TEXT(0.256,"0.0%")', "25.6%"),
    ('=LEFT("spreadsheet",6)&MID("abcdef",2,3)&RIGHT("xyz")', "spreadbcdz"),
    ("=MOD(-7,3)", "2"),
    ('=SUMIFS(Data!B1:B4,Data!C1:C4,"<>red",Data!B1:B4,">0")', "5"),
    ('=COUNTIFS(Data!A1:A4,"p*",Data!B1:B4,">1")', "1"),
    ('=AVERAGEIFS(Data!B1:B4,Data!A1:A4,"<>pear")', "-0.0223333333"),
    ("=MEDIAN(Data!B1:B4)", "1.75"),
    ('=IFS(Data!B1>5,"big",Data!B1>1,"mid")', "mid"),
    ('=SWITCH(Data!A2,"apple",1,"pear",2,0)', "2"),
    ('=CHOOSE(2,"a","b","c")', "b"),
    ('=SUBSTITUTE("a-b-c","-","+",2)', "a-b+c"),
    ('=FIND("b","abcb")&SEARCH("B","abcb",3)', "24"),
    ('=VALUE("$1,234.5")*2', "2469"),
    ('=TEXTJOIN(", ",TRUE,Data!A1:A3,"")', "apple, pear, fig"),
    ("=EOMONTH(DATE(2024,1,31),1)", "2/29/2024"),
    ("=EDATE(DATE(2024,1,31),1)", "2/29/2024"),
    ("=WEEKDAY(DATE(2024,1,15))", "2"),
    ('=XLOOKUP("fig",Data!A1:A4,Data!C1:C4)', "purple"),
    ('=XLOOKUP("kiwi",Data!A1:A4,Data!C1:C4,"none")', "none"),
    ("=ROW(Data!C5)&COLUMN(Data!C5)&ROWS(Data!A1:B4)&COLUMNS(Data!A1:B4)", "5342"),
    ("=SUMPRODUCT(Data!B1:B3,{1;2;3})", "14.5"),
    ('=ISNA(MATCH("kiwi",Data!A1:A4,0))&ISNA(NA())', "TRUETRUE"),
    ('=PROPER("ada lovelace")&REPT("!",3)&EXACT("a","A")', "Ada Lovelace!!!FALSE"),
    ('=HYPERLINK("https://example.com","site")&CONCAT("a",1)', "sitea1"),
    ("=DAYS(DATE(2024,3,1),DATE(2024,2,1))", "29"),
    ('=DATEDIF(DATE(2020,5,15),DATE(2024,5,14),"Y")', "3"),
    ("={1,2;3,4}", "1"),
]


def test_every_case_computes_as_sheets_does(google_service_for):
    sheets = google_service_for("sheets", "v4")
    created = (
        sheets.spreadsheets()
        .create(
            body={"sheets": [{"properties": {"title": "Cases"}}, {"properties": {"title": "Data"}}]}
        )
        .execute()
    )
    spreadsheet_id = created["spreadsheetId"]
    values = sheets.spreadsheets().values()
    values.batchUpdate(
        spreadsheetId=spreadsheet_id,
        body={
            "valueInputOption": "USER_ENTERED",
            "data": [
                {"range": "Data!A1", "values": DATA},
                {"range": "Cases!A1", "values": [[formula] for formula, _ in CASES]},
            ],
        },
    ).execute()
    got = values.get(spreadsheetId=spreadsheet_id, range=f"Cases!A1:A{len(CASES)}").execute()
    computed = [row[0] if row else "" for row in got["values"]]
    wrong = [
        (formula, expected, actual)
        for (formula, expected), actual in zip(CASES, computed, strict=True)
        if actual != expected
    ]
    assert wrong == []


def test_array_results_spill_and_can_be_blocked(google_service_for):
    sheets = google_service_for("sheets", "v4")
    spreadsheet_id = sheets.spreadsheets().create(body={}).execute()["spreadsheetId"]
    values = sheets.spreadsheets().values()

    def write(range_: str, rows: list) -> None:
        values.update(
            spreadsheetId=spreadsheet_id,
            range=range_,
            valueInputOption="USER_ENTERED",
            body={"values": rows},
        ).execute()

    def read(range_: str) -> list:
        return values.get(spreadsheetId=spreadsheet_id, range=range_).execute().get("values", [])

    write("A1", [["pear", 3], ["fig", 1], ["pear", 3], ["kiwi", 2]])
    write("D1", [["=SORT(UNIQUE(A1:B4),2,FALSE)", "", "=SUM(E1:E3)"]])
    assert read("D1:F3") == [["pear", "3", "6"], ["kiwi", "2"], ["fig", "1"]]
    write(
        "H1", [["=ARRAYFORMULA(B1:B4*10)", "=TRANSPOSE(SEQUENCE(3))", "", "", '=SPLIT("a,b",",")']]
    )
    assert read("H1:K4") == [["30", "1", "2", "3"], ["10"], ["30"], ["20"]]
    assert read("L1:M1") == [["a", "b"]]
    write("D2", [["in the way"]])
    assert read("D1:F1") == [["#REF!", "", "0"]]  # nothing spills, so the sum sees nothing
    formula = values.get(spreadsheetId=spreadsheet_id, range="D1", valueRenderOption="FORMULA")
    assert formula.execute()["values"] == [["=SORT(UNIQUE(A1:B4),2,FALSE)"]]
    write("D2", [[""]])
    write("A5", [["plum", 9]])
    assert read("D1:E1") == [["pear", "3"]]
    write("D1", [["=FILTER(A1:A5,B1:B5>2)"]])
    assert read("D1:D3") == [["pear"], ["pear"], ["plum"]]


def test_results_take_the_format_of_what_they_compute_from(google_service_for):
    sheets = google_service_for("sheets", "v4")
    spreadsheet_id = sheets.spreadsheets().create(body={}).execute()["spreadsheetId"]
    values = sheets.spreadsheets().values()
    values.update(
        spreadsheetId=spreadsheet_id,
        range="A1",
        valueInputOption="USER_ENTERED",
        body={
            "values": [
                ["1/15/2024", "$12.50", "=A1+7", "=B1*2", "=C1-A1", "=SUM(B1:B2)", "=TODAY()+1"],
                ["", "$1.00"],
            ]
        },
    ).execute()
    got = values.get(spreadsheetId=spreadsheet_id, range="C1:G1").execute()["values"]
    assert got[0][:4] == ["1/22/2024", "$25.00", "7", "$13.50"]
    assert got[0][4].count("/") == 2  # a date, not a serial number


ERROR_CODES = {"#ERROR!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#NULL!"}
FORMULA_TEXT = st.text(alphabet="AB12:!'\"()+-*/^&<>=,;{}%$ .#SUMIFLENROWabc", max_size=30)


@pytest.fixture
def sheets(google_service_for):
    return google_service_for("sheets", "v4")


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=FORMULA_TEXT)
def test_no_formula_text_breaks_the_engine(sheets, body):
    spreadsheet_id = sheets.spreadsheets().create(body={}).execute()["spreadsheetId"]
    values = sheets.spreadsheets().values()
    values.update(
        spreadsheetId=spreadsheet_id,
        range="C3",
        valueInputOption="USER_ENTERED",
        body={"values": [["=" + body]]},
    ).execute()
    got = values.get(spreadsheetId=spreadsheet_id, range="C3").execute().get("values", [[""]])
    shown = got[0][0] if got[0] else ""
    # a value, or one of Google's error codes (text starting with "#" only from a string literal)
    assert not shown.startswith("#") or shown in ERROR_CODES or '"' in body
