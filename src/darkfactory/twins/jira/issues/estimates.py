"""Time tracking estimates: an issue's original and remaining estimates, set through its
``timetracking`` field, and how logging, changing or deleting work moves the remaining estimate
(``adjustEstimate``: ``auto`` by the work's time, ``new`` to a given estimate, ``manual`` by a
given amount, ``leave`` alone). Stored values are seconds. No HTTP here."""

from __future__ import annotations

import re
from typing import Any

from darkfactory.twins.jira import values
from darkfactory.twins.jira.errors import bad_request
from darkfactory.twins.jira.times import duration, parse_duration

NAMES = {"originalEstimate": "timeoriginalestimate", "remainingEstimate": "timeestimate"}
LABELS = {"originalEstimate": "Original Estimate", "remainingEstimate": "Remaining Estimate"}
# the adjustments each change to work takes, and the parameter giving the amount
ADJUSTMENTS = {
    "add": {"auto": None, "new": "newEstimate", "leave": None, "manual": "reduceBy"},
    "update": {"auto": None, "new": "newEstimate", "leave": None},
    "delete": {"auto": None, "new": "newEstimate", "leave": None, "manual": "increaseBy"},
}


def seconds_of(raw: Any, name: str) -> int:
    """Seconds in an estimate (``1d 4h``; a bare number is minutes); a bad one is refused."""
    text = str(raw).strip()
    if text.isdigit():
        return int(text) * 60
    if re.fullmatch(r"(\s*0+(\.0+)?[wdhm])+\s*", text):
        return 0
    seconds = parse_duration(text)
    if seconds is None:
        raise bad_request(errors={name: "Invalid time duration entered."})
    return seconds


def read(raw: Any) -> dict:
    """The estimates a request's ``timetracking`` value gives."""
    if not isinstance(raw, dict):
        raise bad_request(errors={"timetracking": "The time tracking value must be an object."})
    return {
        name: seconds_of(raw[name], "timetracking")
        for name in NAMES
        if raw.get(name) not in (None, "")
    }


def merged(current: dict | None, given: dict) -> dict:
    """The estimates after a change: what is given replaces what is there; an original estimate
    given alone also sets the remaining one when none is set yet."""
    after = {**(current or {}), **given}
    if "originalEstimate" in given and "remainingEstimate" not in after:
        after["remainingEstimate"] = given["originalEstimate"]
    return after


def history_items(before: dict | None, after: dict | None) -> list[dict]:
    """Changelog items for the estimates that changed."""
    before, after = before or {}, after or {}
    items = []
    for name, field_id in NAMES.items():
        old, new = before.get(name), after.get(name)
        if old != new:
            items.append(
                values.plain_item(
                    field_id,
                    field_id,
                    None if old is None else str(old),
                    None if new is None else str(new),
                    None if new is None else str(new),
                    None if old is None else str(old),
                )
            )
    return items


def remaining_after(change: str, query, logged: int, remaining: int | None) -> int | None:
    """The remaining estimate after work of ``logged`` seconds is added, changed by (the
    difference), or deleted, as the request's ``adjustEstimate`` asks."""
    how = (query.get("adjustEstimate") or "auto").lower()
    if how not in ADJUSTMENTS[change]:
        raise bad_request(
            f"The adjustEstimate value '{how}' is not valid; use one of "
            f"{', '.join(ADJUSTMENTS[change])}."
        )
    amount_name = ADJUSTMENTS[change][how]
    amount = None
    if amount_name:
        if not query.get(amount_name):
            raise bad_request(errors={amount_name: f"You must supply a valid {amount_name}."})
        amount = seconds_of(query[amount_name], amount_name)
    if how == "leave" or (how != "new" and remaining is None):
        return remaining
    if how == "new":
        return amount
    if how == "manual":
        delta = -amount if change == "add" else amount
    else:
        delta = logged if change == "delete" else -logged
    return max((remaining or 0) + delta, 0)


def rendered(estimates: dict | None, spent: int) -> dict:
    """The ``timetracking`` field on the wire."""
    shaped: dict = {}
    for name in NAMES:
        if (estimates or {}).get(name) is not None:
            shaped[name] = duration(estimates[name])
            shaped[f"{name}Seconds"] = estimates[name]
    if spent:
        shaped.update(timeSpent=duration(spent), timeSpentSeconds=spent)
    return shaped
