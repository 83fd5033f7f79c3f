"""Docs tabs and suggestion view modes through googleapiclient: ``includeTabsContent``, tabs
added, nested, renamed, moved and deleted, ``tabId`` in locations and ranges, and who may see
suggestions."""

from __future__ import annotations

import pytest
from googleapiclient.errors import HttpError
from tests.twins.google.docs_requests import update

BOB = "bob@example.com"


@pytest.fixture
def document(docs) -> str:
    return docs.documents().create(body={"title": "Handbook"}).execute()["documentId"]


def refused(docs, document_id: str, *requests) -> tuple[int, str]:
    with pytest.raises(HttpError) as caught:
        update(docs, document_id, *requests)
    return caught.value.status_code, caught.value.reason


def add_tab(docs, document_id: str, **properties) -> dict:
    reply = update(docs, document_id, {"addDocumentTab": {"tabProperties": properties}})
    return reply["replies"][0]["addDocumentTab"]["tabProperties"]


def text(tab_content: dict) -> str:
    return "".join(
        element.get("textRun", {}).get("content", "")
        for item in tab_content["body"]["content"]
        for element in item.get("paragraph", {}).get("elements", [])
    )


def test_without_tabs_content_the_first_tab_is_the_document(docs, document):
    plain = docs.documents().get(documentId=document).execute()
    assert "tabs" not in plain and plain["body"]["content"][1]["endIndex"] == 2
    tabbed = docs.documents().get(documentId=document, includeTabsContent=True).execute()
    assert not {"body", "documentStyle", "namedStyles"} & set(tabbed)
    (tab,) = tabbed["tabs"]
    assert tab["tabProperties"] == {"tabId": "t.0", "title": "Tab 1"}  # index 0 left out
    assert tab["documentTab"]["body"] == plain["body"]
    assert "childTabs" not in tab


def test_added_tabs_nest_and_take_their_own_text(docs, document):
    appendix = add_tab(docs, document, title="Appendix")
    assert appendix["tabId"].startswith("t.") and appendix["tabId"] != "t.0"
    assert (appendix["title"], appendix["index"]) == ("Appendix", 1)
    child = add_tab(docs, document, title="Glossary", parentTabId=appendix["tabId"], iconEmoji="📘")
    assert child == {
        "tabId": child["tabId"],
        "title": "Glossary",
        "iconEmoji": "📘",
        "parentTabId": appendix["tabId"],
        "nestingLevel": 1,
    }
    update(
        docs,
        document,
        {"insertText": {"location": {"index": 1, "tabId": child["tabId"]}, "text": "Terms"}},
        {"insertText": {"endOfSegmentLocation": {"tabId": appendix["tabId"]}, "text": "More"}},
        {
            "updateTextStyle": {
                "range": {"startIndex": 1, "endIndex": 3, "tabId": child["tabId"]},
                "textStyle": {"bold": True},
                "fields": "bold",
            }
        },
    )
    tabbed = docs.documents().get(documentId=document, includeTabsContent=True).execute()
    first, second = tabbed["tabs"]
    assert text(first["documentTab"]) == "\n"
    assert text(second["documentTab"]) == "More\n"
    (glossary,) = second["childTabs"]
    assert text(glossary["documentTab"]) == "Terms\n"
    run = glossary["documentTab"]["body"]["content"][1]["paragraph"]["elements"][0]
    assert run["textRun"] == {"content": "Te", "textStyle": {"bold": True}}
    plain = docs.documents().get(documentId=document).execute()
    assert text(plain) == "\n"


def test_a_field_mask_naming_tabs_implies_tabs_content(docs, document):
    add_tab(docs, document, title="Second")
    masked = docs.documents().get(documentId=document, fields="tabs.tabProperties").execute()
    assert [t["tabProperties"]["title"] for t in masked["tabs"]] == ["Tab 1", "Second"]


def test_tab_properties_update_moves_and_renames(docs, document):
    second = add_tab(docs, document)
    assert second["title"] == "Tab 2"
    third = add_tab(docs, document, title="Third", index=0)
    update(
        docs,
        document,
        {
            "updateDocumentTabProperties": {
                "tabProperties": {"tabId": second["tabId"], "title": "Renamed", "index": 0},
                "fields": "title,index",
            }
        },
    )
    tabbed = docs.documents().get(documentId=document, includeTabsContent=True).execute()
    listed = [
        (t["tabProperties"]["title"], t["tabProperties"].get("index")) for t in tabbed["tabs"]
    ]
    assert listed == [("Renamed", None), ("Third", 1), ("Tab 1", 2)]
    assert "index" not in third


def test_deleting_a_tab_takes_its_children_and_the_first_tab_moves_up(docs, document):
    parent = add_tab(docs, document, title="Parent")
    add_tab(docs, document, title="Child", parentTabId=parent["tabId"])
    update(
        docs,
        document,
        {"insertText": {"location": {"index": 1, "tabId": parent["tabId"]}, "text": "P"}},
    )
    update(docs, document, {"deleteTab": {"tabId": "t.0"}})
    plain = docs.documents().get(documentId=document).execute()
    assert text(plain) == "P\n"
    update(docs, document, {"addDocumentTab": {}}, {"deleteTab": {"tabId": parent["tabId"]}})
    tabbed = docs.documents().get(documentId=document, includeTabsContent=True).execute()
    assert [t["tabProperties"]["title"] for t in tabbed["tabs"]] == ["Tab 3"]
    assert "childTabs" not in tabbed["tabs"][0]


def test_tab_requests_refused_as_google_refuses_them(docs, document):
    assert refused(docs, document, {"deleteTab": {"tabId": "t.0"}}) == (
        400,
        "Invalid requests[0].deleteTab: Cannot delete the last tab of a document.",
    )
    assert refused(
        docs, document, {"insertText": {"location": {"index": 1, "tabId": "t.nope"}, "text": "x"}}
    ) == (400, "Invalid requests[0].insertText: Tab t.nope not found.")
    assert refused(docs, document, {"addDocumentTab": {"tabProperties": {"index": 5}}}) == (
        400,
        "Invalid requests[0].addDocumentTab: Tab index 5 must be between 0 and the number of"
        " sibling tabs, 1.",
    )
    assert refused(
        docs,
        document,
        {"updateDocumentTabProperties": {"tabProperties": {"tabId": "t.0", "title": "x"}}},
    ) == (
        400,
        "Invalid requests[0].updateDocumentTabProperties: At least one field must be listed in"
        " 'fields'. (Use '*' to indicate all fields.)",
    )
    level = "t.0"
    for _ in range(2):
        level = add_tab(docs, document, parentTabId=level)["tabId"]
    wordy = {"addDocumentTab": {"tabProperties": {"iconEmoji": "ab!"}}}
    assert refused(docs, document, wordy) == (
        400,
        "Invalid requests[0].addDocumentTab: Invalid icon emoji: ab!",
    )
    assert refused(
        docs, document, {"addDocumentTab": {"tabProperties": {"parentTabId": level}}}
    ) == (
        400,
        "Invalid requests[0].addDocumentTab: Tabs can be nested at most 3 levels deep.",
    )


def test_a_failed_batch_changes_no_tab(docs, document):
    refused(docs, document, {"addDocumentTab": {}}, {"deleteTab": {"tabId": "t.missing"}})
    tabbed = docs.documents().get(documentId=document, includeTabsContent=True).execute()
    assert len(tabbed["tabs"]) == 1


def share(google_service_for, document_id: str, role: str) -> None:
    google_service_for("drive", "v3").permissions().create(
        fileId=document_id,
        body={"type": "user", "role": role, "emailAddress": BOB},
        sendNotificationEmail=False,
    ).execute()


def test_suggestions_view_mode_follows_the_callers_access(docs, document, google_service_for):
    own = docs.documents().get(documentId=document).execute()
    assert own["suggestionsViewMode"] == "SUGGESTIONS_INLINE"
    accepted = docs.documents().get(
        documentId=document, suggestionsViewMode="PREVIEW_SUGGESTIONS_ACCEPTED"
    )
    assert accepted.execute()["suggestionsViewMode"] == "PREVIEW_SUGGESTIONS_ACCEPTED"
    share(google_service_for, document, "reader")
    bob = google_service_for("docs", "v1", user=BOB)
    seen = bob.documents().get(documentId=document).execute()
    assert seen["suggestionsViewMode"] == "PREVIEW_WITHOUT_SUGGESTIONS"
    for mode in ("SUGGESTIONS_INLINE", "PREVIEW_SUGGESTIONS_ACCEPTED"):
        with pytest.raises(HttpError) as caught:
            bob.documents().get(documentId=document, suggestionsViewMode=mode).execute()
        assert (caught.value.status_code, caught.value.reason) == (
            403,
            "The caller does not have permission",
        )


def test_commenters_see_suggestions_but_may_not_edit_tabs(docs, document, google_service_for):
    share(google_service_for, document, "commenter")
    bob = google_service_for("docs", "v1", user=BOB)
    seen = bob.documents().get(documentId=document).execute()
    assert seen["suggestionsViewMode"] == "SUGGESTIONS_INLINE"
    with pytest.raises(HttpError) as caught:
        update(bob, document, {"addDocumentTab": {"tabProperties": {"title": "Mine"}}})
    assert (caught.value.status_code, caught.value.reason) == (
        403,
        "The caller does not have permission",
    )


def test_every_kind_of_location_reaches_the_tab_it_names(docs, document):
    second = add_tab(docs, document, title="Data")["tabId"]
    at_end = {"tabId": second}
    update(
        docs,
        document,
        {"insertText": {"endOfSegmentLocation": {}, "text": "alpha beta"}},
        {"insertText": {"endOfSegmentLocation": at_end, "text": "alpha gamma"}},
        {"insertTable": {"rows": 2, "columns": 2, "endOfSegmentLocation": at_end}},
        {
            "createHeader": {
                "type": "DEFAULT",
                "sectionBreakLocation": {"index": 0, "tabId": second},
            }
        },
        {
            "updateDocumentStyle": {
                "tabId": second,
                "documentStyle": {"marginTop": {"magnitude": 10, "unit": "PT"}},
                "fields": "marginTop",
            }
        },
        {
            "createNamedRange": {
                "name": "greek",
                "range": {"startIndex": 7, "endIndex": 12, "tabId": second},
            }
        },
    )
    tabbed = docs.documents().get(documentId=document, includeTabsContent=True).execute()
    first, data = (t["documentTab"] for t in tabbed["tabs"])
    table = next(item for item in data["body"]["content"] if "table" in item)
    update(
        docs,
        document,
        {
            "pinTableHeaderRows": {
                "tableStartLocation": {"index": table["startIndex"], "tabId": second},
                "pinnedHeaderRowsCount": 1,
            }
        },
        {
            "replaceAllText": {
                "containsText": {"text": "alpha"},
                "replaceText": "ALPHA",
                "tabsCriteria": {"tabIds": [second]},
            }
        },
    )
    elsewhere = {"deleteNamedRange": {"name": "greek", "tabsCriteria": {"tabIds": ["t.0"]}}}
    assert refused(docs, document, elsewhere) == (
        400,
        "Invalid requests[0].deleteNamedRange: The named range greek does not exist.",
    )
    assert "headers" not in first and "headers" in data
    assert first["documentStyle"]["marginTop"]["magnitude"] == 72
    assert data["documentStyle"]["marginTop"]["magnitude"] == 10
    tabbed = docs.documents().get(documentId=document, includeTabsContent=True).execute()
    first, data = (t["documentTab"] for t in tabbed["tabs"])
    assert text(first) == "alpha beta\n"
    assert text(data).startswith("ALPHA gamma\n")
    table = next(item for item in data["body"]["content"] if "table" in item)
    assert table["table"]["tableRows"][0]["tableRowStyle"]["tableHeader"] is True
    assert "greek" in data["namedRanges"]
