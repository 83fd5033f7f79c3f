"""Smart chips in a document's text: dates, people and rich links to Drive files, each one index.

A date shows its ``timestamp`` as its format says (in English); a person is an email address
with an optional name; a rich link names a Drive file the writer may open, and takes its title
and MIME type from it.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from darkfactory.twins.google.docs.edits import Document, EditError, insert_atom
from darkfactory.twins.google.docs.model import Run

DATE_FORMATS = {
    "DATE_FORMAT_MONTH_DAY_ABBREVIATED": "%b {day}",
    "DATE_FORMAT_MONTH_DAY_FULL": "%B {day}",
    "DATE_FORMAT_MONTH_DAY_YEAR_ABBREVIATED": "%b {day}, %Y",
    "DATE_FORMAT_ISO8601": "%Y-%m-%d",
}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
DRIVE_LINK = re.compile(
    r"^https?://(?:docs\.google\.com/(?:document|spreadsheets|presentation|drawings)/d/"
    r"|drive\.google\.com/file/d/|[^/]+/ui/google/[a-z]+/)([A-Za-z0-9_-]+)"
)


def _moment(properties: dict) -> datetime:
    """The date's point in time, in its time zone (UTC by default)."""
    timestamp = properties.get("timestamp")
    if not timestamp:
        raise EditError("The date's timestamp must be set.")
    zone_id = properties.get("timeZoneId") or "UTC"
    try:
        zone = ZoneInfo("UTC" if zone_id.lower() == "etc/utc" else zone_id)
    except (ZoneInfoNotFoundError, ValueError):
        raise EditError(f"Invalid time zone: {zone_id}") from None
    try:
        moment = datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
    except ValueError:
        raise EditError(f"Invalid timestamp: {timestamp}") from None
    return moment.replace(tzinfo=moment.tzinfo or UTC).astimezone(zone)


def display_text(properties: dict) -> str:
    """How a date reads: ``Dec 7, 2026`` by default, with the time when its format asks."""
    moment = _moment(properties)
    date_format = properties.get("dateFormat") or "DATE_FORMAT_MONTH_DAY_YEAR_ABBREVIATED"
    if date_format not in DATE_FORMATS:
        raise EditError(f"Unsupported date format: {date_format}")
    text = moment.strftime(DATE_FORMATS[date_format]).replace("{day}", str(moment.day))
    time_format = properties.get("timeFormat") or "TIME_FORMAT_DISABLED"
    if time_format in ("TIME_FORMAT_HOUR_MINUTE", "TIME_FORMAT_HOUR_MINUTE_TIMEZONE"):
        text += f" {moment.hour % 12 or 12}:{moment:%M %p}"
        if time_format == "TIME_FORMAT_HOUR_MINUTE_TIMEZONE":
            text += f" {moment.tzname()}"
    return text


def insert_date(doc: Document, index: int, properties: dict, date_id: str) -> None:
    wanted = {**properties, "displayText": display_text(properties)}
    chip = {"dateElement": {"dateId": date_id, "dateElementProperties": wanted}}
    insert_atom(doc, index, Run("", chip=chip))


def insert_person(doc: Document, index: int, properties: dict, person_id: str) -> None:
    email = properties.get("email") or ""
    if not EMAIL.match(email):
        raise EditError(f"Invalid email address: {email}")
    person = {"email": email, **({"name": properties["name"]} if properties.get("name") else {})}
    chip = {"person": {"personId": person_id, "personProperties": person}}
    insert_atom(doc, index, Run("", chip=chip))


def drive_file_id(uri: str) -> str:
    """The Drive file a rich link's ``uri`` points at."""
    found = DRIVE_LINK.match(uri or "")
    if found is None:
        raise EditError(f"The URI {uri} is not a supported rich link.")
    return found.group(1)


def insert_rich_link(doc: Document, index: int, uri: str, file: dict, link_id: str) -> None:
    """A link to a Drive ``file`` (``name`` and ``mime_type``) the writer may open."""
    properties = {"title": file["name"], "uri": uri, "mimeType": file["mime_type"]}
    chip = {"richLink": {"richLinkId": link_id, "richLinkProperties": properties}}
    insert_atom(doc, index, Run("", chip=chip))
