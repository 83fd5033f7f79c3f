"""Dropdowns: a tab's dropdown definitions (titled lists of 2 to 50 options) and the dropdown
chips (one index each) that pick one of a definition's options.

A chip keeps its definition and selected option; its ``displayValue`` is read from the
definition when the document is written out, so renaming an option shows everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from darkfactory.twins.google import masks
from darkfactory.twins.google.docs.edits import Document, EditError, insert_atom
from darkfactory.twins.google.docs.model import Run, layout

DEFINITION_ID = re.compile(r"^kix\.[a-zA-Z0-9_-]{2,14}$")
OPTION_ID = re.compile(r"^dropdownItem\.[a-zA-Z0-9_-]{2,14}$")
OPTION_STYLES = {"foregroundColor", "backgroundColor"}


def _options(options: list, new_option_id: Callable[[], str]) -> list[dict]:
    """Checked options, each with an id (generated where none is given)."""
    if not 2 <= len(options) <= 50:
        raise EditError("A dropdown definition must have at least 2 options and at most 50.")
    out, seen = [], set()
    for option in options:
        option_id = option.get("optionId") or new_option_id()
        if not OPTION_ID.match(option_id) or option_id in seen:
            raise EditError(f"Invalid or repeated dropdown option ID: {option_id}")
        if not option.get("displayValue"):
            raise EditError("Every dropdown option must have a displayValue.")
        if set(option.get("textStyle") or {}) - OPTION_STYLES:
            raise EditError(
                "Only foregroundColor and backgroundColor may be set in a dropdown option's"
                " textStyle."
            )
        seen.add(option_id)
        out.append({**option, "optionId": option_id})
    return out


def create_definition(
    doc: Document, wanted: dict, new_id: Callable[[], str], new_option_id: Callable[[], str]
) -> dict:
    definition_id = wanted.get("dropdownDefinitionId") or new_id()
    if not DEFINITION_ID.match(definition_id) or definition_id in doc.dropdowns:
        raise EditError(f"Invalid or repeated dropdown definition ID: {definition_id}")
    properties = wanted.get("dropdownDefinitionProperties") or {}
    made = {
        "dropdownDefinitionId": definition_id,
        "dropdownDefinitionProperties": {
            **properties,
            "options": _options(properties.get("options") or [], new_option_id),
        },
    }
    doc.dropdowns[definition_id] = made
    return made


def _definition(doc: Document, definition_id: str | None) -> dict:
    if not definition_id or definition_id not in doc.dropdowns:
        raise EditError(f"Dropdown definition {definition_id} not found.")
    return doc.dropdowns[definition_id]


def _option_ids(definition: dict) -> list[str]:
    return [o["optionId"] for o in definition["dropdownDefinitionProperties"]["options"]]


def chips(doc: Document) -> list[dict]:
    """Every dropdown chip's body in the tab's body and segments."""
    bodies = [doc.body, *(e for found in doc.segments.values() for e in found.values())]
    return [
        run.chip["dropdown"]
        for body in bodies
        for placed in layout(body)
        for run in placed.paragraph.runs
        if run.chip and "dropdown" in run.chip
    ]


def insert_dropdown(
    doc: Document,
    segment: Document,
    index: int,
    definition_id: str,
    selected: str | None,
    dropdown_id: str,
) -> dict:
    """A dropdown chip at ``index`` showing ``selected`` (the first option by default)."""
    definition = _definition(doc, definition_id)
    options = _option_ids(definition)
    if selected is not None and selected not in options:
        raise EditError(f"Dropdown option {selected} is not an option of {definition_id}.")
    properties = {"dropdownDefinitionId": definition_id, "selectedOptionId": selected or options[0]}
    body = {"dropdownId": dropdown_id, "dropdownProperties": properties}
    insert_atom(segment, index, Run("", chip={"dropdown": body}))
    return {**body, "dropdownProperties": {**properties, "displayValue": _shown(doc, properties)}}


def update_definition(
    doc: Document,
    definition_id: str,
    wanted: dict,
    fields: str,
    replacements: dict,
    new_option_id: Callable[[], str],
) -> None:
    """Change a definition's title or options; chips on a removed option move to its
    replacement, which must be given."""
    definition = _definition(doc, definition_id)
    paths = masks.paths(fields, ("title", "options"))
    if any(path[0] not in ("title", "options") for path in paths):
        raise EditError(f"Invalid field mask: {fields}")
    properties = definition["dropdownDefinitionProperties"]
    if ["title"] in paths:
        properties = masks.put(properties, ["title"], wanted.get("title"))
    if ["options"] in paths:
        options = _options(wanted.get("options") or [], new_option_id)
        kept = {o["optionId"] for o in options}
        for chip in chips(doc):
            chosen = chip["dropdownProperties"]
            if (
                chosen["dropdownDefinitionId"] != definition_id
                or chosen["selectedOptionId"] in kept
            ):
                continue
            replacement = replacements.get(chosen["selectedOptionId"])
            if replacement not in kept:
                raise EditError(
                    f"Option {chosen['selectedOptionId']} is selected in a dropdown; give its"
                    " replacement in selectedOptionIdReplacements."
                )
            chosen["selectedOptionId"] = replacement
        properties = {**properties, "options": options}
    definition["dropdownDefinitionProperties"] = properties


def update_dropdown(doc: Document, dropdown_id: str, wanted: dict, fields: str) -> None:
    found = [chip for chip in chips(doc) if chip["dropdownId"] == dropdown_id]
    if not found:
        raise EditError(f"Dropdown {dropdown_id} not found.")
    for path in masks.paths(fields, ("selectedOptionId",)):
        if path != ["selectedOptionId"]:
            raise EditError(f"The field {'.'.join(path)} cannot be updated.")
    properties = found[0]["dropdownProperties"]
    selected = wanted.get("selectedOptionId")
    if selected not in _option_ids(_definition(doc, properties["dropdownDefinitionId"])):
        raise EditError(f"Dropdown option {selected} is not an option of the dropdown.")
    properties["selectedOptionId"] = selected


def delete_definition(doc: Document, definition_id: str) -> None:
    _definition(doc, definition_id)
    if any(c["dropdownProperties"]["dropdownDefinitionId"] == definition_id for c in chips(doc)):
        raise EditError(f"Dropdown definition {definition_id} is used by dropdowns in the tab.")
    del doc.dropdowns[definition_id]


def _shown(doc: Document, properties: dict) -> str:
    definition = doc.dropdowns.get(properties["dropdownDefinitionId"]) or {}
    options = (definition.get("dropdownDefinitionProperties") or {}).get("options", [])
    return next(
        (o["displayValue"] for o in options if o["optionId"] == properties["selectedOptionId"]), ""
    )


def display(doc: Document, elements: Iterable[dict]) -> None:
    """Give each rendered dropdown chip its selected option's ``displayValue``."""
    for element in elements:
        if "dropdown" in element:
            properties = element["dropdown"]["dropdownProperties"]
            element["dropdown"]["dropdownProperties"] = {
                **properties,
                "displayValue": _shown(doc, properties),
            }
