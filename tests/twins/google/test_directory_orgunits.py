"""Organizational units through googleapiclient: the tree, moving and renaming with what is
below, refusing to delete a unit that is not empty, and plain users refused."""

from __future__ import annotations

import pytest
from tests.twins.google.directory_clients import (
    ALICE,
    BOB,
    assert_not_authorized,
    directory_as,
    failure,
)


@pytest.fixture
def admin(google_service_for):
    return directory_as(google_service_for)


def _unit(admin, name: str, parent: str = "/") -> dict:
    body = {"name": name, "parentOrgUnitPath": parent}
    return admin.orgunits().insert(customerId="my_customer", body=body).execute()


def test_units_form_a_tree(admin):
    sales = _unit(admin, "Sales")
    east = _unit(admin, "East", "/Sales")
    assert sales["orgUnitPath"] == "/Sales" and sales["parentOrgUnitPath"] == "/"
    assert east["parentOrgUnitId"] == sales["orgUnitId"]
    got = admin.orgunits().get(customerId="my_customer", orgUnitPath="Sales/East").execute()
    assert got["orgUnitId"] == east["orgUnitId"]
    by_id = admin.orgunits().get(customerId="my_customer", orgUnitPath=east["orgUnitId"])
    assert by_id.execute()["orgUnitPath"] == "/Sales/East"
    children = admin.orgunits().list(customerId="my_customer").execute()["organizationUnits"]
    assert [u["orgUnitPath"] for u in children] == ["/Sales"]
    every = admin.orgunits().list(customerId="my_customer", type="all").execute()
    assert [u["orgUnitPath"] for u in every["organizationUnits"]] == ["/Sales", "/Sales/East"]
    status, error = failure(
        admin.orgunits().insert(
            customerId="my_customer", body={"name": "East", "parentOrgUnitPath": "/Sales"}
        )
    )
    assert (status, error["message"]) == (409, "Entity already exists.")
    status, error = failure(admin.orgunits().get(customerId="my_customer", orgUnitPath="Nowhere"))
    assert (status, error["message"]) == (404, "Org unit not found")


def test_renaming_a_unit_moves_its_units_and_users(admin):
    _unit(admin, "Sales")
    _unit(admin, "East", "/Sales")
    admin.users().patch(userKey=BOB, body={"orgUnitPath": "/Sales/East"}).execute()
    admin.orgunits().patch(
        customerId="my_customer", orgUnitPath="Sales", body={"name": "Revenue"}
    ).execute()
    assert admin.users().get(userKey=BOB).execute()["orgUnitPath"] == "/Revenue/East"
    got = admin.orgunits().get(customerId="my_customer", orgUnitPath="Revenue/East").execute()
    assert got["parentOrgUnitPath"] == "/Revenue"
    status, _ = failure(
        admin.orgunits().patch(
            customerId="my_customer",
            orgUnitPath="Revenue",
            body={"parentOrgUnitPath": "/Revenue/East"},
        )
    )
    assert status == 400


def test_only_an_empty_unit_is_deleted(admin):
    _unit(admin, "Sales")
    admin.users().patch(userKey=BOB, body={"orgUnitPath": "/Sales"}).execute()
    status, _ = failure(admin.orgunits().delete(customerId="my_customer", orgUnitPath="Sales"))
    assert status == 400
    admin.users().patch(userKey=BOB, body={"orgUnitPath": "/"}).execute()
    admin.orgunits().delete(customerId="my_customer", orgUnitPath="Sales").execute()
    status, _ = failure(admin.orgunits().get(customerId="my_customer", orgUnitPath="Sales"))
    assert status == 404


def test_plain_users_may_not_read_or_change_units(admin, google_service_for):
    _unit(admin, "Sales")
    alice = directory_as(google_service_for, ALICE)
    assert_not_authorized(alice.orgunits().list(customerId="my_customer"))
    assert_not_authorized(alice.orgunits().get(customerId="my_customer", orgUnitPath="Sales"))
    assert_not_authorized(
        alice.orgunits().insert(
            customerId="my_customer", body={"name": "Mine", "parentOrgUnitPath": "/"}
        )
    )
    assert_not_authorized(alice.orgunits().delete(customerId="my_customer", orgUnitPath="Sales"))
    assert_not_authorized(admin.orgunits().list(customerId="C0someone"))


def test_a_unit_scoped_admin_manages_only_its_units(admin, google_service_for):
    sales = _unit(admin, "Sales")
    _unit(admin, "Marketing")
    privileges = [{"privilegeName": "ORGANIZATION_UNITS_ALL", "serviceId": "00haapch16h1ysv"}]
    role = (
        admin.roles()
        .insert(
            customer="my_customer", body={"roleName": "Sales units", "rolePrivileges": privileges}
        )
        .execute()
    )
    alice_id = admin.users().get(userKey=ALICE).execute()["id"]
    admin.roleAssignments().insert(
        customer="my_customer",
        body={
            "roleId": role["roleId"],
            "assignedTo": alice_id,
            "scopeType": "ORG_UNIT",
            "orgUnitId": sales["orgUnitId"].removeprefix("id:"),
        },
    ).execute()
    alice = directory_as(google_service_for, ALICE)
    east = {"name": "East", "parentOrgUnitPath": "/Sales"}
    assert (
        alice.orgunits().insert(customerId="my_customer", body=east).execute()["orgUnitPath"]
        == "/Sales/East"
    )
    listed = alice.orgunits().list(customerId="my_customer", orgUnitPath="/Sales").execute()
    assert [u["orgUnitPath"] for u in listed["organizationUnits"]] == ["/Sales/East"]
    assert_not_authorized(alice.orgunits().get(customerId="my_customer", orgUnitPath="Marketing"))
    assert_not_authorized(
        alice.orgunits().insert(
            customerId="my_customer", body={"name": "West", "parentOrgUnitPath": "/Marketing"}
        )
    )
    assert_not_authorized(
        alice.orgunits().patch(
            customerId="my_customer",
            orgUnitPath="Sales/East",
            body={"parentOrgUnitPath": "/Marketing"},
        )
    )
    alice.orgunits().delete(customerId="my_customer", orgUnitPath="Sales/East").execute()
