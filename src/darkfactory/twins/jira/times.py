"""Jira's time formats: ``2024-01-02T03:04:05.000+0000`` for instants, ``2024-01-02`` for dates."""

from __future__ import annotations

from datetime import UTC, datetime


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
