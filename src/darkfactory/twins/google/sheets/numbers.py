"""Number formats of Sheets: serial dates and the patterns of ``CellFormat.numberFormat``.

A date is a number of days since 1899-12-30 (the fraction is the time of day). ``render`` turns a
number into its formatted value under a ``numberFormat`` (``{"type", "pattern"}``) or, with none,
Sheets' automatic format.
"""

from __future__ import annotations

import datetime as dt
import re

EPOCH = dt.datetime(1899, 12, 30)
DEFAULT_PATTERNS = {
    "DATE": "M/d/yyyy",
    "TIME": "h:mm:ss am/pm",
    "DATE_TIME": "M/d/yyyy H:mm:ss",
    "PERCENT": "0.00%",
    "CURRENCY": '"$"#,##0.00',
    "NUMBER": "#,##0.00",
    "SCIENTIFIC": "0.00E+00",
}
_DATE_TOKEN = re.compile(
    r"yyyy|yy|mmmm|mmm|mm|m|MMMM|MMM|MM|M|dddd|ddd|dd|d|HH|H|hh|h|ss|s|am/pm|AM/PM"
)


def to_serial(moment: dt.datetime) -> float:
    delta = moment - EPOCH
    return delta.days + delta.seconds / 86400


def from_serial(serial: float) -> dt.datetime:
    return EPOCH + dt.timedelta(days=serial)


def automatic(number: float) -> str:
    """A number as Sheets shows it without a format: ``1``, ``1.5``, ``0.3333333333``, ``1E+15``."""
    if number != number or number in (float("inf"), float("-inf")):
        return "#NUM!"
    if number == int(number) and abs(number) < 1e15:
        return str(int(number))
    if abs(number) >= 1e15 or abs(number) < 1e-9:
        mantissa, exponent = f"{number:.5E}".split("E")
        mantissa = mantissa.rstrip("0").rstrip(".")
        return f"{mantissa}E{int(exponent):+03d}".replace("E+0", "E+").replace("E-0", "E-")
    digits = max(0, 10 - len(str(int(abs(number)))) + 1)
    return f"{number:.{digits}f}".rstrip("0").rstrip(".")


def render(number: float, number_format: dict | None) -> str:
    """The formatted value of ``number`` under ``number_format`` (``None``: automatic)."""
    number_format = number_format or {}
    if not (number_format.get("pattern") or number_format.get("type") in DEFAULT_PATTERNS):
        return automatic(number)
    kind = number_format.get("type", "NUMBER")
    pattern = number_format.get("pattern") or DEFAULT_PATTERNS.get(kind, "")
    if kind in ("DATE", "TIME", "DATE_TIME"):
        return _render_date(number, pattern)
    return _render_number(number, pattern) if pattern else automatic(number)


def _render_date(serial: float, pattern: str) -> str:
    moment = from_serial(round(serial * 86400) / 86400)
    twelve = "am/pm" in pattern.lower()
    after_hour = False

    def token(match: re.Match) -> str:
        nonlocal after_hour
        t = match[0]
        if t.lower() == "am/pm":
            return "AM" if moment.hour < 12 else "PM"
        if t[0] in "Hh":
            after_hour = True
            hour = moment.hour % 12 or 12 if twelve else moment.hour
            return f"{hour:02d}" if len(t) == 2 else str(hour)
        if t[0] == "s":
            after_hour = False
            return f"{moment.second:02d}" if len(t) == 2 else str(moment.second)
        if t[0] == "m" and after_hour and len(t) <= 2:
            return f"{moment.minute:02d}" if len(t) == 2 else str(moment.minute)
        if t[0] in "mM":
            return {
                1: str(moment.month),
                2: f"{moment.month:02d}",
                3: moment.strftime("%b"),
                4: moment.strftime("%B"),
            }[len(t)]
        if t[0] == "d":
            return {
                1: str(moment.day),
                2: f"{moment.day:02d}",
                3: moment.strftime("%a"),
                4: moment.strftime("%A"),
            }[len(t)]
        return str(moment.year) if len(t) == 4 else f"{moment.year % 100:02d}"

    return _DATE_TOKEN.sub(token, pattern)


def _render_number(number: float, pattern: str) -> str:
    pattern = pattern.split(";")[0]
    literal = re.findall(r'"([^"]*)"', pattern)
    body = re.sub(r'"[^"]*"', "", pattern)
    if "%" in body:
        number *= 100
    if "E+" in body.upper():
        decimals = len(body.split(".")[1].split("E")[0]) if "." in body else 0
        mantissa, exponent = f"{number:.{decimals}E}".split("E")
        text = f"{mantissa}E{int(exponent):+03d}"
    else:
        core = re.sub(r"[^0#.,]", "", body)
        decimals = len(core.split(".")[1]) if "." in core else 0
        text = f"{abs(number):{',' if ',' in core else ''}.{decimals}f}"
        text = ("-" if number < 0 and float(text.replace(",", "")) else "") + text
    prefix = literal[0] if literal and pattern.startswith('"') else ""
    suffix = "%" if "%" in body else ""
    if prefix and text.startswith("-"):
        return f"-{prefix}{text[1:]}{suffix}"
    return f"{prefix}{text}{suffix}"
