"""Jira's time formats: ``2024-01-02T03:04:05.000+0000`` for instants, ``2024-01-02`` for dates,
``1w 2d 3h 4m`` for durations."""

from __future__ import annotations

import functools
from datetime import UTC, datetime


@functools.lru_cache(maxsize=4096)  # issues show the same instants again and again
def jira_time(epoch: float | None) -> str | None:
    if epoch is None:
        return None
    moment = datetime.fromtimestamp(epoch, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}+0000"


def parse_instant(text: str) -> float | None:
    """An instant from Jira's or ISO 8601 text (``2024-01-02T03:04:05.000+0000``); None if not."""
    for form in ("%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S.%f"):
        try:
            moment = datetime.strptime(text, form)
        except ValueError:
            continue
        return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()
    try:
        return datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp()
    except ValueError:
        return None


def parse_date(text: str) -> str | None:
    """``YYYY-MM-DD`` if ``text`` is a calendar date, else None."""
    try:
        return datetime.strptime(text, "%Y-%m-%d").strftime("%Y-%m-%d")
    except (TypeError, ValueError):
        return None


def duration(seconds: int) -> str:
    """Jira's ``1w 2d 3h 4m`` (a week of 5 days, a day of 8 hours)."""
    parts = []
    for unit, size in (("w", 5 * 8 * 3600), ("d", 8 * 3600), ("h", 3600), ("m", 60)):
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count}{unit}")
    return " ".join(parts) or "0m"


def parse_duration(text: str) -> int | None:
    """Seconds in a ``timeSpent`` string such as ``1d 2h 30m``; None if it is not one."""
    sizes = {"w": 5 * 8 * 3600, "d": 8 * 3600, "h": 3600, "m": 60}
    total = 0
    for part in str(text).split():
        unit, number = part[-1:], part[:-1]
        if unit not in sizes or not number.replace(".", "", 1).isdigit():
            return None
        total += int(float(number) * sizes[unit])
    return total or None
