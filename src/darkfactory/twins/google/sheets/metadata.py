"""Developer metadata: key/value pairs a program attaches to a spreadsheet, a sheet or rows and
columns, found again by ``developerMetadataLookup`` data filters. No HTTP here."""

from __future__ import annotations

from darkfactory.twins.google.sheets.workbook import Workbook

LOOKUP_FIELDS = ("metadataId", "metadataKey", "metadataValue", "visibility")


def location_type(location: dict) -> str:
    if location.get("spreadsheet"):
        return "SPREADSHEET"
    if "sheetId" in location:
        return "SHEET"
    dimension = (location.get("dimensionRange") or {}).get("dimension")
    return "ROW" if dimension == "ROWS" else "COLUMN" if dimension == "COLUMNS" else "UNSPECIFIED"


def with_location_type(metadata: dict) -> dict:
    location = dict(metadata.get("location") or {})
    location["locationType"] = location_type(location)
    return {**metadata, "location": location}


def matches(metadata: dict, lookup: dict) -> bool:
    """Whether ``metadata`` fits every field a ``DeveloperMetadataLookup`` sets."""
    if any(f in lookup and lookup[f] != metadata.get(f) for f in LOOKUP_FIELDS):
        return False
    wanted_type = lookup.get("locationType")
    if wanted_type and wanted_type != metadata["location"]["locationType"]:
        return False
    place = lookup.get("metadataLocation")
    if place:
        located = metadata["location"]
        return all(located.get(k) == v for k, v in place.items() if k != "locationType")
    return True


def find(book: Workbook, lookup: dict) -> list[dict]:
    return [m for m in book.developer_metadata if matches(m, lookup)]


def by_id(book: Workbook, metadata_id: int) -> dict | None:
    return next((m for m in book.developer_metadata if m["metadataId"] == metadata_id), None)
