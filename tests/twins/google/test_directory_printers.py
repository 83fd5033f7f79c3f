"""Chrome printers and print servers through googleapiclient: made one by one or in batches,
of known models at printing addresses, patched under a mask, deleted, and plain users
refused."""

from __future__ import annotations

import pytest
from tests.twins.google.directory_clients import (
    ALICE,
    assert_not_authorized,
    directory_as,
    failure,
)

PARENT = "customers/my_customer"


@pytest.fixture
def admin(google_service_for):
    return directory_as(google_service_for)


@pytest.fixture
def root_unit(admin) -> str:
    root = admin.orgunits().get(customerId="my_customer", orgUnitPath="/").execute()
    return root["orgUnitId"].removeprefix("id:")


@pytest.fixture
def chrome(admin):
    return admin.customers().chrome()


def _printer(unit: str, **extra) -> dict:
    return {
        "displayName": "Second floor",
        "uri": "ipps://printer.example.com:631/ipp/print",
        "makeAndModel": "hp laserjet pro m404",
        "orgUnitId": unit,
        **extra,
    }


def test_a_printer_is_made_read_patched_and_deleted(chrome, root_unit):
    made = chrome.printers().create(parent=PARENT, body=_printer(root_unit)).execute()
    assert made["name"].endswith(f"/chrome/printers/{made['id']}") and "createTime" in made
    got = chrome.printers().get(name=made["name"]).execute()
    assert got["displayName"] == "Second floor"
    patched = (
        chrome.printers()
        .patch(
            name=made["name"],
            updateMask="displayName",
            body={"displayName": "Lobby", "description": "ignored"},
        )
        .execute()
    )
    assert patched["displayName"] == "Lobby" and "description" not in patched
    listed = chrome.printers().list(parent=PARENT, filter="lobby").execute()["printers"]
    assert [p["id"] for p in listed] == [made["id"]]
    assert chrome.printers().delete(name=made["name"]).execute() == {}
    status, _ = failure(chrome.printers().get(name=made["name"]))
    assert status == 404


def test_printers_must_be_of_a_known_model_at_a_printing_address(chrome, root_unit):
    status, error = failure(
        chrome.printers().create(parent=PARENT, body=_printer(root_unit, uri="ftp://x"))
    )
    assert (status, error["message"]) == (400, "Invalid Input: uri")
    status, error = failure(
        chrome.printers().create(parent=PARENT, body=_printer(root_unit, makeAndModel="toaster"))
    )
    assert (status, error["message"]) == (400, "Invalid Input: makeAndModel")
    status, _ = failure(chrome.printers().create(parent=PARENT, body=_printer("nowhere")))
    assert status == 400
    driverless = _printer(root_unit, makeAndModel=None, useDriverlessConfig=True)
    assert chrome.printers().create(parent=PARENT, body=driverless).execute()["useDriverlessConfig"]
    models = chrome.printers().listPrinterModels(parent=PARENT, filter="manufacturer=HP").execute()
    assert {m["manufacturer"] for m in models["printerModels"]} == {"HP"}


def test_printers_are_made_and_deleted_in_batches(chrome, root_unit):
    answer = (
        chrome.printers()
        .batchCreatePrinters(
            parent=PARENT,
            body={
                "requests": [
                    {"parent": PARENT, "printer": _printer(root_unit)},
                    {"parent": PARENT, "printer": _printer(root_unit, uri="")},
                ]
            },
        )
        .execute()
    )
    assert len(answer["printers"]) == 1
    assert [f["errorCode"] for f in answer["failures"]] == ["INVALID_ARGUMENT"]
    made = answer["printers"][0]["id"]
    deleted = (
        chrome.printers()
        .batchDeletePrinters(parent=PARENT, body={"printerIds": [made, "missing"]})
        .execute()
    )
    assert deleted["printerIds"] == [made]
    assert [(f["printerId"], f["errorCode"]) for f in deleted["failedPrinters"]] == [
        ("missing", "NOT_FOUND")
    ]


def test_print_servers_live_at_printing_addresses(chrome, root_unit):
    server = {
        "displayName": "Spooler",
        "uri": "ipps://spool.example.com:443",
        "orgUnitId": root_unit,
    }
    made = chrome.printServers().create(parent=PARENT, body=server).execute()
    listed = chrome.printServers().list(parent=PARENT).execute()["printServers"]
    assert [s["id"] for s in listed] == [made["id"]]
    status, _ = failure(chrome.printServers().create(parent=PARENT, body=server | {"uri": "spool"}))
    assert status == 400
    both = (
        chrome.printServers()
        .batchCreatePrintServers(
            parent=PARENT, body={"requests": [{"parent": PARENT, "printServer": server}]}
        )
        .execute()
    )
    assert len(both["printServers"]) == 1
    gone = (
        chrome.printServers()
        .batchDeletePrintServers(parent=PARENT, body={"printServerIds": [made["id"]]})
        .execute()
    )
    assert gone == {"printServerIds": [made["id"]], "failedPrintServers": []}


def test_plain_users_may_not_read_or_manage_printers(google_service_for, chrome, root_unit):
    made = chrome.printers().create(parent=PARENT, body=_printer(root_unit)).execute()
    alice = directory_as(google_service_for, ALICE).customers().chrome()
    assert_not_authorized(alice.printers().list(parent=PARENT))
    assert_not_authorized(alice.printers().create(parent=PARENT, body=_printer(root_unit)))
    assert_not_authorized(alice.printers().delete(name=made["name"]))
    assert_not_authorized(alice.printServers().list(parent=PARENT))
    assert_not_authorized(chrome.printers().list(parent="customers/C0someone"))
