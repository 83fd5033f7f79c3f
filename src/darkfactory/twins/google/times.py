"""Google's timestamps: RFC 3339 in UTC with milliseconds, parsed leniently."""

from __future__ import annotations

from datetime import UTC, datetime


def timestamp(epoch: float | None) -> str | None:
    """RFC 3339 with milliseconds, as Google answers: ``2026-01-02T03:04:05.678Z``."""
    if epoch is None:
        return None
    moment = datetime.fromtimestamp(epoch, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def parse_timestamp(text: str) -> float:
    """An RFC 3339 date-time (``2026-01-02T03:04:05Z``, offsets and fractions allowed)."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
