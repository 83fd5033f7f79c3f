"""createDeveloperMetadata, updateDeveloperMetadata, deleteDeveloperMetadata."""

from __future__ import annotations

from darkfactory.twins.google import masks
from darkfactory.twins.google.sheets import metadata
from darkfactory.twins.google.sheets.requests import Batch, RequestError, request

FIELDS = ("metadataKey", "metadataValue", "location", "visibility")


def _check(batch: Batch, wanted: dict) -> None:
    if not wanted.get("metadataKey"):
        raise RequestError("Developer metadata must have a metadataKey.")
    if wanted.get("visibility") not in ("DOCUMENT", "PROJECT"):
        raise RequestError("Developer metadata visibility must be DOCUMENT or PROJECT.")
    location = wanted.get("location") or {}
    if "sheetId" in location:
        batch.sheet(location["sheetId"])
    elif location.get("dimensionRange"):
        batch.sheet(location["dimensionRange"].get("sheetId", 0))
    elif not location.get("spreadsheet"):
        raise RequestError("Developer metadata must have a location.")


def _matching(batch: Batch, filters: list[dict]) -> list[dict]:
    found = []
    for data_filter in filters:
        lookup = data_filter.get("developerMetadataLookup")
        if lookup is None:
            raise RequestError("Only developerMetadataLookup data filters are supported here.")
        found += [m for m in metadata.find(batch.book, lookup) if m not in found]
    return found


@request("createDeveloperMetadata")
def create_developer_metadata(batch: Batch, body: dict) -> dict:
    wanted = dict(body.get("developerMetadata") or {})
    _check(batch, wanted)
    wanted.setdefault("metadataId", batch.new_id("developerMetadata"))
    if metadata.by_id(batch.book, wanted["metadataId"]) is not None:
        raise RequestError(f"Developer metadata with id {wanted['metadataId']} already exists.")
    created = metadata.with_location_type(wanted)
    batch.book.developer_metadata.append(created)
    return {"developerMetadata": created}


@request("updateDeveloperMetadata")
def update_developer_metadata(batch: Batch, body: dict) -> dict:
    if not body.get("fields"):
        raise RequestError("At least one field must be updated, but 'fields' is empty.")
    changed = []
    for found in _matching(batch, body.get("dataFilters") or []):
        updated = masks.apply(found, body.get("developerMetadata") or {}, body["fields"], FIELDS)
        _check(batch, updated)
        found.clear()
        found.update(metadata.with_location_type(updated))
        changed.append(found)
    return {"developerMetadata": changed}


@request("deleteDeveloperMetadata")
def delete_developer_metadata(batch: Batch, body: dict) -> dict:
    gone = _matching(batch, [body.get("dataFilter") or {}])
    batch.book.developer_metadata = [m for m in batch.book.developer_metadata if m not in gone]
    return {"deletedDeveloperMetadata": gone}
