"""Docs dropdowns through googleapiclient: definitions created, changed and deleted, dropdown
chips inserted and set, their refusals, and a viewer's batchUpdate refused."""

from __future__ import annotations

import pytest
from googleapiclient.errors import HttpError
from tests.twins.google.docs_requests import refused, update

OPTIONS = [
    {"optionId": "dropdownItem.todo", "displayValue": "To do"},
    {"optionId": "dropdownItem.done", "displayValue": "Done"},
]


@pytest.fixture
def document(docs) -> str:
    made = docs.documents().create(body={"title": "Tracker"}).execute()["documentId"]
    update(docs, made, {"insertText": {"location": {"index": 1}, "text": "Status: "}})
    return made


def define(docs, document_id: str, **extra) -> dict:
    wanted = {"dropdownDefinitionProperties": {"title": "Status", "options": OPTIONS}, **extra}
    reply = update(docs, document_id, {"createDropdownDefinition": {"dropdownDefinition": wanted}})
    return reply["replies"][0]["createDropdownDefinition"]["dropdownDefinition"]


def tab_of(docs, document_id: str) -> dict:
    got = docs.documents().get(documentId=document_id, includeTabsContent=True).execute()
    return got["tabs"][0]["documentTab"]


def dropdown_chips(tab: dict) -> list[dict]:
    return [
        element["dropdown"]
        for item in tab["body"]["content"]
        for element in item.get("paragraph", {}).get("elements", [])
        if "dropdown" in element
    ]


def test_a_dropdown_shows_its_selected_option(docs, document):
    made = define(docs, document)
    definition_id = made["dropdownDefinitionId"]
    assert definition_id.startswith("kix.")
    assert made["dropdownDefinitionProperties"]["options"] == OPTIONS
    reply = update(
        docs,
        document,
        {"insertDropdown": {"dropdownDefinitionId": definition_id, "endOfSegmentLocation": {}}},
    )
    chip = reply["replies"][0]["insertDropdown"]["dropdown"]
    assert chip["dropdownProperties"] == {
        "dropdownDefinitionId": definition_id,
        "selectedOptionId": "dropdownItem.todo",
        "displayValue": "To do",
    }
    tab = tab_of(docs, document)
    assert tab["dropdownDefinitions"][definition_id] == made
    (shown,) = dropdown_chips(tab)
    assert shown["dropdownId"] == chip["dropdownId"]
    assert "dropdownDefinitions" not in docs.documents().get(documentId=document).execute()
    update(
        docs,
        document,
        {
            "updateDropdownProperties": {
                "dropdownId": chip["dropdownId"],
                "dropdownProperties": {"selectedOptionId": "dropdownItem.done"},
                "fields": "selectedOptionId",
            }
        },
    )
    (shown,) = dropdown_chips(tab_of(docs, document))
    assert shown["dropdownProperties"]["displayValue"] == "Done"


def test_changing_options_moves_chips_to_their_replacement(docs, document):
    definition_id = define(docs, document)["dropdownDefinitionId"]
    update(
        docs,
        document,
        {
            "insertDropdown": {
                "dropdownDefinitionId": definition_id,
                "location": {"index": 1},
                "selectedOptionId": "dropdownItem.done",
            }
        },
    )
    fresh = [OPTIONS[0], {"displayValue": "Shipped"}]
    change = {
        "dropdownDefinitionId": definition_id,
        "dropdownDefinitionProperties": {"title": "State", "options": fresh},
        "fields": "title,options",
    }
    assert refused(docs, document, {"updateDropdownDefinitionProperties": change}) == (
        "Invalid requests[0].updateDropdownDefinitionProperties: Option dropdownItem.done is"
        " selected in a dropdown; give its replacement in selectedOptionIdReplacements."
    )
    replaced = {
        **change,
        "selectedOptionIdReplacements": {"dropdownItem.done": "dropdownItem.todo"},
    }
    update(docs, document, {"updateDropdownDefinitionProperties": replaced})
    tab = tab_of(docs, document)
    properties = tab["dropdownDefinitions"][definition_id]["dropdownDefinitionProperties"]
    assert properties["title"] == "State"
    assert properties["options"][1]["optionId"].startswith("dropdownItem.")
    (shown,) = dropdown_chips(tab)
    assert shown["dropdownProperties"]["displayValue"] == "To do"


def test_dropdown_refusals(docs, document):
    one = {"dropdownDefinitionProperties": {"options": OPTIONS[:1]}}
    assert refused(docs, document, {"createDropdownDefinition": {"dropdownDefinition": one}}) == (
        "Invalid requests[0].createDropdownDefinition: A dropdown definition must have at least"
        " 2 options and at most 50."
    )
    bad_id = {"dropdownDefinitionId": "mine", "dropdownDefinitionProperties": {"options": OPTIONS}}
    assert refused(
        docs, document, {"createDropdownDefinition": {"dropdownDefinition": bad_id}}
    ) == (
        "Invalid requests[0].createDropdownDefinition: Invalid or repeated dropdown definition"
        " ID: mine"
    )
    bold = [{**OPTIONS[0], "textStyle": {"bold": True}}, OPTIONS[1]]
    styled = {"dropdownDefinitionProperties": {"options": bold}}
    assert refused(
        docs, document, {"createDropdownDefinition": {"dropdownDefinition": styled}}
    ) == (
        "Invalid requests[0].createDropdownDefinition: Only foregroundColor and backgroundColor"
        " may be set in a dropdown option's textStyle."
    )
    definition_id = define(docs, document, dropdownDefinitionId="kix.status")[
        "dropdownDefinitionId"
    ]
    assert definition_id == "kix.status"
    stray = {
        "dropdownDefinitionId": definition_id,
        "location": {"index": 1},
        "selectedOptionId": "dropdownItem.nope",
    }
    assert refused(docs, document, {"insertDropdown": stray}) == (
        "Invalid requests[0].insertDropdown: Dropdown option dropdownItem.nope is not an option"
        " of kix.status."
    )
    missing = {"dropdownDefinitionId": "kix.missing", "location": {"index": 1}}
    assert refused(docs, document, {"insertDropdown": missing}) == (
        "Invalid requests[0].insertDropdown: Dropdown definition kix.missing not found."
    )
    update(docs, document, {"insertDropdown": {**missing, "dropdownDefinitionId": definition_id}})
    in_use = {"deleteDropdownDefinition": {"dropdownDefinitionId": definition_id}}
    assert refused(docs, document, in_use) == (
        "Invalid requests[0].deleteDropdownDefinition: Dropdown definition kix.status is used by"
        " dropdowns in the tab."
    )


def test_an_unused_definition_can_be_deleted(docs, document):
    definition_id = define(docs, document)["dropdownDefinitionId"]
    update(docs, document, {"deleteDropdownDefinition": {"dropdownDefinitionId": definition_id}})
    assert "dropdownDefinitions" not in tab_of(docs, document)


def test_a_viewer_may_not_define_dropdowns(docs, document, google_service_for):
    google_service_for("drive", "v3").permissions().create(
        fileId=document,
        body={"type": "user", "role": "reader", "emailAddress": "bob@example.com"},
        sendNotificationEmail=False,
    ).execute()
    bob = google_service_for("docs", "v1", user="bob@example.com")
    wanted = {"dropdownDefinitionProperties": {"options": OPTIONS}}
    with pytest.raises(HttpError) as caught:
        update(bob, document, {"createDropdownDefinition": {"dropdownDefinition": wanted}})
    assert (caught.value.status_code, caught.value.reason) == (
        403,
        "The caller does not have permission",
    )
    assert "dropdownDefinitions" not in tab_of(docs, document)
