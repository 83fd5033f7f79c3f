"""The customer's account through googleapiclient: its domains and domain aliases, its own
record, and custom user schemas whose values users carry as each field's access allows."""

from __future__ import annotations

import pytest
from tests.twins.google.directory_clients import (
    ALICE,
    BOB,
    assert_not_authorized,
    directory_as,
    failure,
)

HR = {
    "schemaName": "HR",
    "fields": [
        {"fieldName": "badge", "fieldType": "INT64"},
        {"fieldName": "salary", "fieldType": "DOUBLE", "readAccessType": "ADMINS_AND_SELF"},
        {"fieldName": "skills", "fieldType": "STRING", "multiValued": True},
    ],
}


@pytest.fixture
def admin(google_service_for):
    return directory_as(google_service_for)


@pytest.fixture
def alice(google_service_for):
    return directory_as(google_service_for, ALICE)


def test_domains_and_their_aliases(admin, alice):
    primary = admin.domains().get(customer="my_customer", domainName="example.com").execute()
    assert primary["isPrimary"] is True and primary["verified"] is True
    made = admin.domains().insert(customer="my_customer", body={"domainName": "example.org"})
    assert made.execute()["isPrimary"] is False
    alias = (
        admin.domainAliases()
        .insert(
            customer="my_customer",
            body={"domainAliasName": "example.net", "parentDomainName": "example.org"},
        )
        .execute()
    )
    assert alias["parentDomainName"] == "example.org"
    listed = admin.domains().list(customer="my_customer").execute()["domains"]
    assert {d["domainName"] for d in listed} == {"example.com", "example.org"}
    status, error = failure(
        admin.domains().insert(customer="my_customer", body={"domainName": "example.org"})
    )
    assert (status, error["message"]) == (409, "Entity already exists.")
    admin.users().insert(
        body={
            "primaryEmail": "fay@example.net",
            "name": {"givenName": "Fay", "familyName": "Org"},
            "password": "long enough password",
        }
    ).execute()
    status, _ = failure(admin.domains().delete(customer="my_customer", domainName="example.com"))
    assert status == 400
    status, _ = failure(
        admin.domainAliases().delete(customer="my_customer", domainAliasName="example.net")
    )
    assert status == 400
    admin.users().delete(userKey="fay@example.net").execute()
    admin.domains().delete(customer="my_customer", domainName="example.org").execute()
    status, error = failure(
        admin.domainAliases().get(customer="my_customer", domainAliasName="example.net")
    )
    assert (status, error["message"]) == (404, "Resource Not Found: domainAliasName")
    assert_not_authorized(alice.domains().list(customer="my_customer"))
    assert_not_authorized(
        alice.domains().insert(customer="my_customer", body={"domainName": "a.test"})
    )


def test_the_customer_is_read_and_changed(admin, alice):
    mine = admin.customers().get(customerKey="my_customer").execute()
    assert mine["customerDomain"] == "example.com" and mine["id"].startswith("C0")
    by_id = admin.customers().get(customerKey=mine["id"]).execute()
    assert by_id["id"] == mine["id"]
    patched = admin.customers().patch(
        customerKey="my_customer", body={"phoneNumber": "+1 555 0199"}
    )
    assert patched.execute()["alternateEmail"] == mine["alternateEmail"]
    replaced = (
        admin.customers().update(customerKey="my_customer", body={"language": "fr"}).execute()
    )
    assert replaced["language"] == "fr" and "phoneNumber" not in replaced
    assert_not_authorized(admin.customers().get(customerKey="C0someone"))
    assert_not_authorized(alice.customers().get(customerKey="my_customer"))
    assert_not_authorized(
        alice.customers().patch(customerKey="my_customer", body={"language": "de"})
    )


def test_custom_schemas_shape_what_users_carry(admin, alice):
    schema = admin.schemas().insert(customerId="my_customer", body=HR).execute()
    assert [f["fieldName"] for f in schema["fields"]] == ["badge", "salary", "skills"]
    values = {"badge": "42", "salary": 100.5, "skills": [{"value": "go"}, {"value": "sql"}]}
    admin.users().patch(userKey=BOB, body={"customSchemas": {"HR": values}}).execute()
    full = admin.users().get(userKey=BOB, projection="full").execute()
    assert full["customSchemas"] == {"HR": values}
    assert "customSchemas" not in admin.users().get(userKey=BOB).execute()
    public = alice.users().get(userKey=BOB, viewType="domain_public", projection="full").execute()
    assert public["customSchemas"] == {"HR": {"badge": "42", "skills": values["skills"]}}
    found = admin.users().list(customer="my_customer", projection="full", query="HR.badge=42")
    assert [u["primaryEmail"] for u in found.execute()["users"]] == [BOB]
    status, _ = failure(
        admin.users().patch(userKey=BOB, body={"customSchemas": {"HR": {"badge": "x"}}})
    )
    assert status == 400
    status, _ = failure(admin.users().patch(userKey=BOB, body={"customSchemas": {"Pay": {"a": 1}}}))
    assert status == 400
    status, error = failure(admin.schemas().insert(customerId="my_customer", body=HR))
    assert (status, error["message"]) == (409, "Entity already exists.")
    admin.schemas().patch(
        customerId="my_customer", schemaKey="HR", body={"displayName": "People"}
    ).execute()
    assert (
        admin.schemas()
        .get(customerId="my_customer", schemaKey=schema["schemaId"])
        .execute()["displayName"]
        == "People"
    )
    assert_not_authorized(
        alice.schemas().insert(customerId="my_customer", body=HR | {"schemaName": "Mine"})
    )
    assert_not_authorized(alice.schemas().list(customerId="my_customer"))
    admin.schemas().delete(customerId="my_customer", schemaKey="HR").execute()
    assert "customSchemas" not in admin.users().get(userKey=BOB, projection="full").execute()
    status, error = failure(admin.schemas().get(customerId="my_customer", schemaKey="HR"))
    assert (status, error["message"]) == (404, "Resource Not Found: schemaKey")
