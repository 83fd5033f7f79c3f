"""files.listLabels and files.modifyLabels (v3 and v2) through googleapiclient: editors apply
the domain's labels with values of each field's type, readers only list them."""

from __future__ import annotations

from tests.twins.google.conftest import BOB, CAROL, assert_shaped, error_of, share

SENSITIVITY, LEVEL = "sensitivityLabel0001", "levelField01"
PROJECT = "projectLabel00000001"


def _set(label: str, field: str, setter: str, values: list) -> dict:
    modification = {"fieldId": field, setter: values}
    return {"labelModifications": [{"labelId": label, "fieldModifications": [modification]}]}


def test_editors_apply_change_and_remove_labels(alice, doc):
    done = (
        alice.files()
        .modifyLabels(
            fileId=doc, body=_set(SENSITIVITY, LEVEL, "setSelectionValues", ["internal01"])
        )
        .execute()
    )
    assert done["kind"] == "drive#modifyLabelsResponse"
    label = done["modifiedLabels"][0]
    assert (label["id"], label["fields"][LEVEL]["selection"]) == (SENSITIVITY, ["internal01"])
    project = {
        "labelModifications": [
            {
                "labelId": PROJECT,
                "fieldModifications": [
                    {"fieldId": "codeField001", "setTextValues": ["TWIN-1"]},
                    {"fieldId": "dueField0001", "setDateValues": ["2026-12-31"]},
                    {"fieldId": "budgetField1", "setIntegerValues": ["1200"]},
                    {"fieldId": "ownerField01", "setUserValues": [BOB]},
                ],
            }
        ]
    }
    fields = (
        alice.files()
        .modifyLabels(fileId=doc, body=project)
        .execute()["modifiedLabels"][0]["fields"]
    )
    assert fields["budgetField1"]["integer"] == ["1200"]
    assert fields["ownerField01"]["user"][0]["emailAddress"] == BOB
    listed = alice.files().listLabels(fileId=doc).execute()
    assert listed["kind"] == "drive#labelList"
    assert [label["id"] for label in listed["labels"]] == [SENSITIVITY, PROJECT]
    unset = {"fieldId": "codeField001", "unsetValues": True}
    body = {"labelModifications": [{"labelId": PROJECT, "fieldModifications": [unset]}]}
    kept = alice.files().modifyLabels(fileId=doc, body=body).execute()["modifiedLabels"][0]
    assert "codeField001" not in kept["fields"] and "dueField0001" in kept["fields"]
    remove = {"labelModifications": [{"labelId": SENSITIVITY, "removeLabel": True}]}
    alice.files().modifyLabels(fileId=doc, body=remove).execute()
    assert [lb["id"] for lb in alice.files().listLabels(fileId=doc).execute()["labels"]] == [
        PROJECT
    ]


def test_readers_list_but_may_not_label(alice, carol, bob, doc):
    alice.files().modifyLabels(
        fileId=doc, body=_set(SENSITIVITY, LEVEL, "setSelectionValues", ["public01"])
    ).execute()
    share(alice, doc, "reader", emailAddress=CAROL)
    caps = carol.files().get(fileId=doc, fields="capabilities").execute()["capabilities"]
    assert (caps["canReadLabels"], caps["canModifyLabels"]) == (True, False)
    assert len(carol.files().listLabels(fileId=doc).execute()["labels"]) == 1
    refused = carol.files().modifyLabels(
        fileId=doc, body=_set(SENSITIVITY, LEVEL, "setSelectionValues", ["confidential01"])
    )
    assert error_of(refused) == (403, "insufficientFilePermissions")
    assert error_of(bob.files().listLabels(fileId=doc)) == (404, "notFound")


def test_values_must_suit_the_field(alice, doc):
    bad = [
        _set(SENSITIVITY, LEVEL, "setSelectionValues", ["secret"]),
        _set(SENSITIVITY, LEVEL, "setTextValues", ["internal01"]),
        _set(PROJECT, "dueField0001", "setDateValues", ["tomorrow"]),
        _set(PROJECT, "budgetField1", "setIntegerValues", ["lots"]),
        _set(PROJECT, "ownerField01", "setUserValues", ["nobody@example.com"]),
        _set(PROJECT, "nofield", "setTextValues", ["x"]),
        _set("nolabel", LEVEL, "setTextValues", ["x"]),
    ]
    for body in bad:
        assert error_of(alice.files().modifyLabels(fileId=doc, body=body)) == (400, "invalid")
    assert alice.files().listLabels(fileId=doc).execute()["labels"] == []


def test_v2_sees_the_same_labels(alice, alice2, doc):
    alice2.files().modifyLabels(
        fileId=doc, body=_set(SENSITIVITY, LEVEL, "setSelectionValues", ["internal01"])
    ).execute()
    listed = alice2.files().listLabels(fileId=doc).execute()
    assert_shaped(listed, "LabelList")
    assert [label["id"] for label in listed["items"]] == [SENSITIVITY]
    assert alice.files().listLabels(fileId=doc).execute()["labels"][0]["fields"][LEVEL][
        "selection"
    ] == ["internal01"]


def test_files_get_shows_the_labels_asked_for(alice, doc):
    alice.files().modifyLabels(
        fileId=doc, body=_set(SENSITIVITY, LEVEL, "setSelectionValues", ["public01"])
    ).execute()
    shown = alice.files().get(fileId=doc, includeLabels=SENSITIVITY, fields="labelInfo").execute()
    assert [label["id"] for label in shown["labelInfo"]["labels"]] == [SENSITIVITY]
    other = alice.files().get(fileId=doc, includeLabels=PROJECT, fields="labelInfo").execute()
    assert other == {"labelInfo": {"labels": []}}
    assert alice.files().get(fileId=doc, fields="labelInfo").execute() == {}
