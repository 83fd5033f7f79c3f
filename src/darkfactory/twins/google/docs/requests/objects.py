"""Requests placing or changing objects in the text: smart chips, footnotes, images,
positioned objects and dropdowns."""

from __future__ import annotations

from collections.abc import Callable

from darkfactory.twins.google.docs import chips, dropdowns, edits, footnotes
from darkfactory.twins.google.docs.edits import EditError
from darkfactory.twins.google.docs.requests.batch import Batch, fields_of, index_of, request
from darkfactory.twins.kit.ids import LOWER_ALNUM


@request("insertDate")
def insert_date(batch: Batch, body: dict) -> None:
    segment, index = index_of(batch, body)
    chips.insert_date(segment, index, body.get("dateElementProperties") or {}, batch.new_id())


@request("insertPerson")
def insert_person(batch: Batch, body: dict) -> None:
    segment, index = index_of(batch, body)
    chips.insert_person(segment, index, body.get("personProperties") or {}, batch.new_id())


@request("insertRichLink")
def insert_rich_link(batch: Batch, body: dict) -> None:
    segment, index = index_of(batch, body)
    uri = (body.get("richLinkProperties") or {}).get("uri", "")
    drive = batch.call.twin.drive
    file_id = chips.drive_file_id(uri)
    if drive.file(file_id) is None or drive.role_of(batch.principal, file_id) is None:
        raise EditError(f"The file {file_id} of the rich link was not found.")
    chips.insert_rich_link(segment, index, uri, drive.file(file_id), batch.new_id())


@request("replaceImage")
def replace_image(batch: Batch, body: dict) -> None:
    method = body.get("imageReplaceMethod") or "CENTER_CROP"
    if method not in ("CENTER_CROP", "IMAGE_REPLACE_METHOD_UNSPECIFIED"):
        raise EditError(f"Invalid imageReplaceMethod: {method}")
    doc = batch.tab(body.get("tabId"))
    edits.replace_image(doc, body.get("imageObjectId") or "", body.get("uri") or "")


@request("createFootnote")
def create_footnote(batch: Batch, body: dict) -> dict:
    footnote_id = batch.new_id()
    segment, index = index_of(batch, body)
    place = body.get("location") or body.get("endOfSegmentLocation") or {}
    footnotes.create_footnote(batch.tab(place.get("tabId")), segment, index, footnote_id)
    return {"footnoteId": footnote_id}


def _new_option_id(batch: Batch) -> Callable[[], str]:
    return lambda: "dropdownItem." + batch.universe.ids.token("docs.option", 10, LOWER_ALNUM)


@request("createDropdownDefinition")
def create_dropdown_definition(batch: Batch, body: dict) -> dict:
    doc = batch.tab(body.get("tabId"))
    wanted = body.get("dropdownDefinition") or {}
    made = dropdowns.create_definition(doc, wanted, batch.new_id, _new_option_id(batch))
    return {"dropdownDefinition": made}


@request("insertDropdown")
def insert_dropdown(batch: Batch, body: dict) -> dict:
    segment, index = index_of(batch, body)
    place = body.get("location") or body.get("endOfSegmentLocation") or {}
    made = dropdowns.insert_dropdown(
        batch.tab(place.get("tabId")),
        segment,
        index,
        body.get("dropdownDefinitionId") or "",
        body.get("selectedOptionId"),
        batch.new_id(),
    )
    return {"dropdown": made}


@request("updateDropdownDefinitionProperties")
def update_dropdown_definition_properties(batch: Batch, body: dict) -> None:
    dropdowns.update_definition(
        batch.tab(body.get("tabId")),
        body.get("dropdownDefinitionId") or "",
        body.get("dropdownDefinitionProperties") or {},
        fields_of(body),
        body.get("selectedOptionIdReplacements") or {},
        _new_option_id(batch),
    )


@request("updateDropdownProperties")
def update_dropdown_properties(batch: Batch, body: dict) -> None:
    doc = batch.tab(body.get("tabId"))
    wanted = body.get("dropdownProperties") or {}
    dropdowns.update_dropdown(doc, body.get("dropdownId") or "", wanted, fields_of(body))


@request("deleteDropdownDefinition")
def delete_dropdown_definition(batch: Batch, body: dict) -> None:
    dropdowns.delete_definition(
        batch.tab(body.get("tabId")), body.get("dropdownDefinitionId") or ""
    )


@request("deletePositionedObject")
def delete_positioned_object(batch: Batch, body: dict) -> None:
    doc = batch.tab(body.get("tabId"))
    edits.delete_positioned_object(doc, body.get("objectId") or "")
