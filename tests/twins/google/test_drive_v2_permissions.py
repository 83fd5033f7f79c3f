"""Drive v2 ``permissions`` through googleapiclient's v2 service: v3's sharing rules in v2's
words (``value``, ``additionalRoles``, ``withLink``), refused to those who may not share."""

from __future__ import annotations

from tests.twins.google.conftest import BOB, CAROL, assert_shaped, error_body


def test_insert_list_get_patch_and_delete_in_v2_words(alice2, bob2, alice, doc):
    made = (
        alice2.permissions()
        .insert(
            fileId=doc,
            body={"type": "user", "role": "reader", "value": BOB, "additionalRoles": ["commenter"]},
            sendNotificationEmails=False,
        )
        .execute()
    )
    assert_shaped(made, "Permission")
    assert made["kind"] == "drive#permission"
    assert (made["role"], made["additionalRoles"], made["emailAddress"]) == (
        "reader",
        ["commenter"],
        BOB,
    )
    v3 = alice.permissions().get(fileId=doc, permissionId=made["id"]).execute()
    assert v3["role"] == "commenter"
    assert bob2.files().get(fileId=doc).execute()["title"] == "plans.txt"
    listed = alice2.permissions().list(fileId=doc).execute()
    assert_shaped(listed, "PermissionList")
    assert {p["role"] for p in listed["items"]} == {"owner", "reader"}
    patched = (
        alice2.permissions().patch(fileId=doc, permissionId=made["id"], body={"role": "writer"})
    ).execute()
    assert patched["role"] == "writer" and "additionalRoles" not in patched
    got = alice2.permissions().get(fileId=doc, permissionId=made["id"]).execute()
    assert got["role"] == "writer"
    alice2.permissions().delete(fileId=doc, permissionId=made["id"]).execute()
    assert error_body(bob2.files().get(fileId=doc))["code"] == 404


def test_link_sharing_and_the_id_of_an_address(alice2, doc):
    anyone = (
        alice2.permissions()
        .insert(fileId=doc, body={"type": "anyone", "role": "reader", "withLink": True})
        .execute()
    )
    assert (anyone["id"], anyone["withLink"]) == ("anyoneWithLink", True)
    bob_id = alice2.permissions().getIdForEmail(email=BOB).execute()
    assert bob_id["kind"] == "drive#permissionId"
    shared = (
        alice2.permissions()
        .insert(fileId=doc, body={"type": "user", "role": "writer", "value": BOB})
        .execute()
    )
    assert shared["id"] == bob_id["id"]


def test_who_may_not_share_is_refused(alice2, bob2, doc):
    assert error_body(bob2.permissions().list(fileId=doc))["code"] == 404
    refused = bob2.permissions().insert(
        fileId=doc, body={"type": "user", "role": "reader", "value": CAROL}
    )
    assert error_body(refused)["code"] == 404
    alice2.permissions().insert(
        fileId=doc, body={"type": "user", "role": "reader", "value": BOB}
    ).execute()
    denied = error_body(
        bob2.permissions().insert(
            fileId=doc, body={"type": "user", "role": "reader", "value": CAROL}
        )
    )
    assert (denied["code"], denied["errors"][0]["reason"]) == (403, "insufficientFilePermissions")
    owner = next(
        p for p in alice2.permissions().list(fileId=doc).execute()["items"] if p["role"] == "owner"
    )
    removal = error_body(bob2.permissions().delete(fileId=doc, permissionId=owner["id"]))
    assert removal["code"] == 403
