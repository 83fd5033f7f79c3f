"""Administrator roles through googleapiclient: the privileges, custom roles, and assignments
that really grant (a user given ``USERS_RETRIEVE`` reads users, and stops when it is taken
away), over the customer or one organizational unit."""

from __future__ import annotations

import pytest
from tests.twins.google.directory_clients import (
    ALICE,
    BOB,
    CAROL,
    assert_not_authorized,
    directory_as,
    failure,
)

SERVICE = "00haapch16h1ysv"


@pytest.fixture
def admin(google_service_for):
    return directory_as(google_service_for)


@pytest.fixture
def alice(google_service_for):
    return directory_as(google_service_for, ALICE)


def _role(admin, name: str, *privileges: str) -> dict:
    body = {
        "roleName": name,
        "rolePrivileges": [{"privilegeName": p, "serviceId": SERVICE} for p in privileges],
    }
    return admin.roles().insert(customer="my_customer", body=body).execute()


def _assign(admin, role: dict, user: str, **scope) -> dict:
    user_id = admin.users().get(userKey=user).execute()["id"]
    body = {"roleId": role["roleId"], "assignedTo": user_id, **scope}
    return admin.roleAssignments().insert(customer="my_customer", body=body).execute()


def test_privileges_form_a_tree(admin):
    items = admin.privileges().list(customer="my_customer").execute()["items"]
    users = next(p for p in items if p["privilegeName"] == "USERS_ALL")
    assert {c["privilegeName"] for c in users["childPrivileges"]} >= {"USERS_RETRIEVE"}
    assert users["serviceId"] == SERVICE and users["isOuScopable"] is True


def test_system_roles_are_listed_and_fixed(admin):
    roles = admin.roles().list(customer="my_customer").execute()["items"]
    seed = next(r for r in roles if r["roleName"] == "_SEED_ADMIN_ROLE")
    assert seed["isSuperAdminRole"] is True and seed["isSystemRole"] is True
    status, _ = failure(admin.roles().delete(customer="my_customer", roleId=seed["roleId"]))
    assert status == 400
    assignments = admin.roleAssignments().list(customer="my_customer", roleId=seed["roleId"])
    admin_id = admin.users().get(userKey="admin@example.com").execute()["id"]
    assert [a["assignedTo"] for a in assignments.execute()["items"]] == [admin_id]


def test_an_assigned_role_grants_its_privileges_until_removed(admin, alice):
    assert_not_authorized(alice.users().get(userKey=BOB))
    role = _role(admin, "Reader", "USERS_RETRIEVE")
    assignment = _assign(admin, role, ALICE)
    assert alice.users().get(userKey=BOB).execute()["primaryEmail"] == BOB
    assert alice.users().get(userKey=ALICE).execute()["isDelegatedAdmin"] is True
    assert_not_authorized(alice.users().patch(userKey=BOB, body={"name": {"givenName": "B"}}))
    assert_not_authorized(alice.groups().get(groupKey="engineering@example.com"))
    admin.roleAssignments().delete(
        customer="my_customer", roleAssignmentId=assignment["roleAssignmentId"]
    ).execute()
    assert_not_authorized(alice.users().get(userKey=BOB))


def test_a_parent_privilege_carries_its_children(admin, alice):
    _assign(admin, _role(admin, "Groups", "GROUPS_ALL"), ALICE)
    made = alice.groups().insert(body={"email": "ops@example.com"}).execute()
    assert made["email"] == "ops@example.com"
    alice.members().insert(groupKey="ops@example.com", body={"email": BOB}).execute()
    assert_not_authorized(alice.users().get(userKey=BOB))


def test_a_delegated_admin_cannot_touch_a_super_admin(admin, alice):
    _assign(admin, _role(admin, "Users", "USERS_ALL"), ALICE)
    alice.users().patch(userKey=BOB, body={"name": {"givenName": "Bobby"}}).execute()
    assert_not_authorized(
        alice.users().patch(userKey="admin@example.com", body={"name": {"givenName": "A"}})
    )
    assert_not_authorized(alice.users().makeAdmin(userKey=ALICE, body={"status": True}))
    assert_not_authorized(alice.roles().insert(customer="my_customer", body={"roleName": "x"}))


def test_an_assignment_scoped_to_a_unit_covers_only_its_users(admin, alice):
    unit = (
        admin.orgunits()
        .insert(customerId="my_customer", body={"name": "Sales", "parentOrgUnitPath": "/"})
        .execute()
    )
    admin.users().patch(userKey=BOB, body={"orgUnitPath": "/Sales"}).execute()
    role = _role(admin, "Sales readers", "USERS_RETRIEVE")
    _assign(admin, role, ALICE, scopeType="ORG_UNIT", orgUnitId=unit["orgUnitId"][3:])
    assert alice.users().get(userKey=BOB).execute()["orgUnitPath"] == "/Sales"
    assert_not_authorized(alice.users().get(userKey=CAROL))
    listed = alice.users().list(customer="my_customer").execute()["users"]
    assert [u["primaryEmail"] for u in listed] == [BOB]


def test_roles_refuse_bad_input_and_plain_users(admin, alice):
    status, error = failure(
        admin.roles().insert(
            customer="my_customer",
            body={
                "roleName": "Bad",
                "rolePrivileges": [{"privilegeName": "FLY", "serviceId": SERVICE}],
            },
        )
    )
    assert (status, error["reason"]) == (400, "invalid")
    role = _role(admin, "Once", "USERS_RETRIEVE")
    status, error = failure(
        admin.roles().insert(
            customer="my_customer",
            body={"roleName": "Once", "rolePrivileges": role["rolePrivileges"]},
        )
    )
    assert (status, error["message"]) == (409, "Entity already exists.")
    renamed = (
        admin.roles()
        .patch(customer="my_customer", roleId=role["roleId"], body={"roleName": "Twice"})
        .execute()
    )
    assert renamed["roleName"] == "Twice" and renamed["rolePrivileges"] == role["rolePrivileges"]
    status, error = failure(admin.roles().get(customer="my_customer", roleId="1"))
    assert (status, error["message"]) == (404, "Resource Not Found: roleId")
    assert_not_authorized(alice.roles().list(customer="my_customer"))
    assert_not_authorized(alice.privileges().list(customer="my_customer"))
    assert_not_authorized(alice.roleAssignments().list(customer="my_customer"))
    assignment = _assign(admin, role, BOB)
    status, _ = failure(admin.roles().delete(customer="my_customer", roleId=role["roleId"]))
    assert status == 400
    assert_not_authorized(
        alice.roleAssignments().delete(
            customer="my_customer", roleAssignmentId=assignment["roleAssignmentId"]
        )
    )
    assert_not_authorized(admin.roles().list(customer="C0someone"))
