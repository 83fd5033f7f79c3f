"""Drive v2 ``properties`` and ``files.export`` through googleapiclient's v2 service: the same
``properties``/``appProperties`` and exports as v3, refused to who may not write or read."""

from __future__ import annotations

from tests.twins.google.conftest import BOB, assert_shaped, error_body, share

from darkfactory.twins.google.drive.formats import SPREADSHEET


def test_properties_by_visibility_are_v3s_properties_and_app_properties(alice2, alice, doc):
    public = (
        alice2.properties()
        .insert(fileId=doc, body={"key": "team", "value": "twins", "visibility": "PUBLIC"})
        .execute()
    )
    assert_shaped(public, "Property")
    assert (public["kind"], public["key"], public["value"]) == ("drive#property", "team", "twins")
    alice2.properties().insert(fileId=doc, body={"key": "sync", "value": "1"}).execute()
    seen = alice.files().get(fileId=doc, fields="properties,appProperties").execute()
    assert seen == {"properties": {"team": "twins"}, "appProperties": {"sync": "1"}}
    listed = alice2.properties().list(fileId=doc).execute()
    assert_shaped(listed, "PropertyList")
    assert {(p["key"], p["visibility"]) for p in listed["items"]} == {
        ("team", "PUBLIC"),
        ("sync", "PRIVATE"),
    }
    patched = (
        alice2.properties()
        .patch(fileId=doc, propertyKey="team", visibility="PUBLIC", body={"value": "core"})
        .execute()
    )
    assert patched["value"] == "core"
    got = alice2.properties().get(fileId=doc, propertyKey="sync").execute()
    assert got["value"] == "1"
    alice2.properties().delete(fileId=doc, propertyKey="sync").execute()
    assert error_body(alice2.properties().get(fileId=doc, propertyKey="sync"))["code"] == 404
    wrong = alice2.properties().get(fileId=doc, propertyKey="team", visibility="SECRET")
    assert error_body(wrong)["code"] == 400


def test_properties_need_a_reader_to_read_and_a_writer_to_write(alice2, bob2, alice, doc):
    alice2.properties().insert(fileId=doc, body={"key": "k", "value": "v"}).execute()
    assert error_body(bob2.properties().list(fileId=doc))["code"] == 404
    share(alice, doc, "reader", emailAddress=BOB)
    assert [p["key"] for p in bob2.properties().list(fileId=doc).execute()["items"]] == ["k"]
    refused = error_body(bob2.properties().insert(fileId=doc, body={"key": "x", "value": "y"}))
    assert (refused["code"], refused["errors"][0]["reason"]) == (
        403,
        "insufficientFilePermissions",
    )


def test_export_through_v2(alice2, bob2, natives):
    sheet = alice2.files().insert(body={"title": "n", "mimeType": SPREADSHEET}).execute()
    csv = alice2.files().export(fileId=sheet["id"], mimeType="text/csv").execute()
    assert csv == b"item,cost\r\nwidget,3"
    assert "text/csv" in sheet["exportLinks"]
    assert error_body(bob2.files().export(fileId=sheet["id"], mimeType="text/csv"))["code"] == 404
