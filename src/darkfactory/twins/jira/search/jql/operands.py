"""JQL operands: literal values, lists and functions (``currentUser()``, ``membersOf()``,
``now()``, ``startOfDay()`` ...), and the dates JQL accepts (``2024-01-31``, ``-7d``, ``4w 2d``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from lark import Token, Tree

from darkfactory.twins.jira.search.jql.parser import jql_error

PERIOD = re.compile(r"^([+-]?)\s*((?:\d+\s*[wdhm]\s*)+)$")
PERIOD_PART = re.compile(r"(\d+)\s*([wdhm])")
UNIT_SECONDS = {"w": 7 * 86400, "d": 86400, "h": 3600, "m": 60}
DATE_FORMATS = ("%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M", "%Y-%m-%d", "%Y/%m/%d")
DATE_HELP = (
    "Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', "
    "or a period format e.g. '-5d', '4w 2d'."
)


@dataclass(frozen=True)
class Literal:
    """A value written in the query: its text, and whether it was quoted."""

    text: str
    quoted: bool = False


@dataclass(frozen=True)
class Call:
    """A function call in the query: ``name(arguments)``."""

    name: str
    arguments: tuple[str, ...]


EMPTY = object()


def operands(node) -> list:
    """The flat list of operands under a value, list, function or EMPTY node."""
    if isinstance(node, Tree):
        if node.data == "list":
            return [item for child in node.children for item in operands(child)]
        if node.data == "empty":
            return [EMPTY]
        if node.data == "function":
            name, *args = node.children
            return [Call(str(name), tuple(_text(a) for a in args if a is not None))]
        if node.data == "value":
            return operands(node.children[0])
    token: Token = node
    if token.type == "STRING":
        return [Literal(_text(token), True)]
    return [Literal(str(token))]


def _text(token: Token) -> str:
    raw = str(token)
    if token.type == "STRING":
        return re.sub(r"\\(.)", r"\1", raw[1:-1])
    return raw


# -- time -----------------------------------------------------------------------------------------
def day_start(epoch: float) -> float:
    moment = datetime.fromtimestamp(epoch, UTC)
    return datetime(moment.year, moment.month, moment.day, tzinfo=UTC).timestamp()


def period_seconds(text: str) -> float | None:
    match = PERIOD.match(text.strip())
    if not match:
        return None
    total = sum(int(n) * UNIT_SECONDS[u] for n, u in PERIOD_PART.findall(match.group(2)))
    return -total if match.group(1) == "-" else total


def instant(text: str, now: float, field: str) -> float:
    """An instant from a date literal or a period relative to ``now``."""
    relative = period_seconds(text)
    if relative is not None:
        return now + relative
    for form in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), form).replace(tzinfo=UTC).timestamp()
        except ValueError:
            continue
    raise jql_error(f"Date value '{text}' for field '{field}' is invalid. {DATE_HELP}")


def date_function(name: str, arguments: tuple[str, ...], now: float) -> float | None:
    """``now()``, ``startOfDay()``, ``endOfWeek("-1w")`` ...; None for other names."""
    shift = period_seconds(arguments[0]) if arguments else 0
    if arguments and shift is None:
        raise jql_error(
            f"Function '{name}' expected a period such as '-1d' but got '{arguments[0]}'."
        )
    moment = datetime.fromtimestamp(now + (shift or 0), UTC)
    start_of_day = datetime(moment.year, moment.month, moment.day, tzinfo=UTC)
    starts = {
        "now": moment,
        "startofday": start_of_day,
        "startofweek": start_of_day - timedelta(days=(moment.weekday() + 1) % 7),
        "startofmonth": start_of_day.replace(day=1),
        "startofyear": start_of_day.replace(month=1, day=1),
    }
    lowered = name.lower()
    if lowered in starts:
        return starts[lowered].timestamp()
    ends = {
        "endofday": starts["startofday"] + timedelta(days=1),
        "endofweek": starts["startofweek"] + timedelta(days=7),
        "endofmonth": (starts["startofmonth"] + timedelta(days=32)).replace(day=1),
        "endofyear": starts["startofyear"].replace(year=moment.year + 1),
    }
    if lowered in ends:
        return ends[lowered].timestamp() - 0.001
    return None
