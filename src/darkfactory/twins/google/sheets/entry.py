"""What a typed value becomes: ``valueInputOption`` RAW or USER_ENTERED, as in the en_US locale.

``enter`` gives the cell's ``userEnteredValue`` (an ``ExtendedValue``) and, for input Sheets
recognises as a date, percentage or currency, the ``numberFormat`` it sets on the cell.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from darkfactory.twins.google.sheets.numbers import to_serial

_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][+-]?\d+)?$")
_CURRENCY = re.compile(r"([+-]?)\$(.+)$")
_DATES = (
    (re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})$"), "mdy", "M/d/yyyy"),
    (re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2})$"), "mdy", "M/d/yy"),
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})$"), "ymd", "yyyy-mm-dd"),
    (re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})$"), "ymd", "yyyy/m/d"),
)
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?$")


def enter(raw: Any, option: str) -> tuple[dict | None, dict | None]:
    """(userEnteredValue, numberFormat) for ``raw`` under ``option``; (None, None) clears."""
    if isinstance(raw, bool):
        return {"boolValue": raw}, None
    if isinstance(raw, int | float):
        return {"numberValue": raw}, None
    text = "" if raw is None else str(raw)
    if text == "":
        return None, None
    if option == "RAW":
        return {"stringValue": text}, None
    return parse_user_entered(text)


def parse_user_entered(text: str) -> tuple[dict, dict | None]:
    if text.startswith("'"):
        return {"stringValue": text[1:]}, None
    if text.startswith("=") and len(text) > 1:
        return {"formulaValue": text}, None
    stripped = text.strip()
    if stripped.upper() in ("TRUE", "FALSE"):
        return {"boolValue": stripped.upper() == "TRUE"}, None
    for parse in (_plain_number, _percent, _currency, _date_time):
        found = parse(stripped)
        if found is not None:
            return found
    return {"stringValue": text}, None


def _read_number(text: str) -> float | None:
    if not text or not _NUMBER.match(text) or not re.search(r"\d", text):
        return None
    return float(text.replace(",", ""))


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text and "e" not in text.lower() else 0


def _plain_number(text: str) -> tuple[dict, dict | None] | None:
    value = _read_number(text)
    if value is None:
        return None
    if "," in text:
        pattern = "#,##0.00" if _decimals(text) else "#,##0"
        return {"numberValue": value}, {"type": "NUMBER", "pattern": pattern}
    if "e" in text.lower():
        return {"numberValue": value}, {"type": "SCIENTIFIC", "pattern": "0.00E+00"}
    return {"numberValue": value}, None


def _percent(text: str) -> tuple[dict, dict] | None:
    if not text.endswith("%"):
        return None
    value = _read_number(text[:-1].strip())
    if value is None:
        return None
    pattern = "0.00%" if _decimals(text[:-1]) else "0%"
    return {"numberValue": value / 100}, {"type": "PERCENT", "pattern": pattern}


def _currency(text: str) -> tuple[dict, dict] | None:
    match = _CURRENCY.match(text)
    value = _read_number(match[2]) if match else None
    if value is None:
        return None
    pattern = '"$"#,##0' + (".00" if _decimals(match[2]) else "")
    return {"numberValue": -value if match[1] == "-" else value}, {
        "type": "CURRENCY",
        "pattern": pattern,
    }


def _date_time(text: str) -> tuple[dict, dict] | None:
    date_part, _, time_part = text.partition(" ")
    date = _date(date_part)
    time = _time(time_part.strip() if date else text)
    if date and time_part and time is None:
        return None
    if date:
        (serial, pattern) = date
        if time:
            return {"numberValue": serial + time[0]}, {
                "type": "DATE_TIME",
                "pattern": f"{pattern} H:mm:ss",
            }
        return {"numberValue": serial}, {"type": "DATE", "pattern": pattern}
    if time:
        return {"numberValue": time[0]}, {"type": "TIME", "pattern": time[1]}
    return None


def _date(text: str) -> tuple[float, str] | None:
    for regex, order, pattern in _DATES:
        match = regex.match(text)
        if not match:
            continue
        a, b, c = (int(g) for g in match.groups())
        year, month, day = (c, a, b) if order == "mdy" else (a, b, c)
        if year < 100:
            year += 2000 if year < 30 else 1900
        try:
            return to_serial(dt.datetime(year, month, day)), pattern
        except ValueError:
            return None
    return None


def _time(text: str) -> tuple[float, str] | None:
    match = _TIME.match(text)
    if not match:
        return None
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    if match[4]:
        hour = hour % 12 + (12 if match[4].lower() == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    pattern = "h:mm:ss am/pm" if match[3] else "h:mm am/pm"
    return (hour * 3600 + minute * 60 + second) / 86400, pattern
