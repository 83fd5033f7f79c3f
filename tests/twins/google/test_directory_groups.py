"""Directory groups, members and aliases through googleapiclient, and what membership does to
Drive: a file shared with a group opens to whoever is added to it and closes to whoever leaves."""

from __future__ import annotations

import pytest
from googleapiclient.http import MediaInMemoryUpload
from tests.twins.google.conftest import error_of, share
from tests.twins.google.directory_clients import (
    ALICE,
    BOB,
    CAROL,
    assert_not_authorized,
    directory_as,
    failure,
)

TEAM = "team@example.com"


@pytest.fixture
def admin(google_service_for):
    return directory_as(google_service_for)


@pytest.fixture
def team(admin) -> dict:
    return admin.groups().insert(body={"email": TEAM, "name": "Team", "description": "t"}).execute()


def test_groups_are_made_read_renamed_and_deleted(admin, team):
    assert team["kind"] == "admin#directory#group" and team["directMembersCount"] == "0"
    assert admin.groups().get(groupKey=team["id"]).execute()["email"] == TEAM
    listed = admin.groups().list(customer="my_customer").execute()["groups"]
    assert {g["email"] for g in listed} == {TEAM, "engineering@example.com"}
    status, error = failure(admin.groups().insert(body={"email": TEAM}))
    assert (status, error["message"]) == (409, "Entity already exists.")
    renamed = admin.groups().patch(groupKey=TEAM, body={"email": "crew@example.com"}).execute()
    assert renamed["id"] == team["id"] and renamed["description"] == "t"
    admin.groups().delete(groupKey="crew@example.com").execute()
    status, error = failure(admin.groups().get(groupKey="crew@example.com"))
    assert (status, error["message"]) == (404, "Resource Not Found: groupKey")


def test_members_have_roles_and_nested_groups_count(admin, team):
    made = admin.members().insert(groupKey=TEAM, body={"email": ALICE, "role": "OWNER"}).execute()
    assert (made["role"], made["type"], made["status"]) == ("OWNER", "USER", "ACTIVE")
    admin.members().insert(groupKey=TEAM, body={"email": "engineering@example.com"}).execute()
    status, error = failure(admin.members().insert(groupKey=TEAM, body={"email": ALICE}))
    assert (status, error["message"]) == (409, "Member already exists.")
    status, _ = failure(admin.members().insert(groupKey=TEAM, body={"email": "ghost@example.com"}))
    assert status == 404
    direct = admin.members().list(groupKey=TEAM).execute()["members"]
    assert {m["email"]: m["type"] for m in direct} == {
        ALICE: "USER",
        "engineering@example.com": "GROUP",
    }
    derived = admin.members().list(groupKey=TEAM, includeDerivedMembership=True).execute()
    assert {m["email"] for m in derived["members"]} == {ALICE, BOB}
    owners = admin.members().list(groupKey=TEAM, roles="OWNER").execute()["members"]
    assert [m["email"] for m in owners] == [ALICE]
    assert admin.members().hasMember(groupKey=TEAM, memberKey=BOB).execute() == {"isMember": True}
    assert admin.members().hasMember(groupKey=TEAM, memberKey=CAROL).execute() == {
        "isMember": False
    }
    status, error = failure(admin.members().hasMember(groupKey=TEAM, memberKey="no@example.com"))
    assert (status, error["message"]) == (400, "Invalid Input: memberKey")
    changed = admin.members().patch(groupKey=TEAM, memberKey=ALICE, body={"role": "MANAGER"})
    assert changed.execute()["role"] == "MANAGER"
    admin.members().delete(groupKey=TEAM, memberKey=ALICE).execute()
    status, error = failure(admin.members().get(groupKey=TEAM, memberKey=ALICE))
    assert (status, error["message"]) == (404, "Resource Not Found: memberKey")
    assert admin.groups().get(groupKey=TEAM).execute()["directMembersCount"] == "1"


def test_a_group_cannot_contain_itself(admin, team):
    admin.groups().insert(body={"email": "outer@example.com"}).execute()
    admin.members().insert(groupKey="outer@example.com", body={"email": TEAM}).execute()
    status, error = failure(
        admin.members().insert(groupKey=TEAM, body={"email": "outer@example.com"})
    )
    assert (status, error["reason"]) == (400, "invalid")


def test_membership_opens_and_closes_files_shared_with_the_group(admin, team, google_service_for):
    owner = google_service_for("drive", "v3", user=ALICE)
    carol = google_service_for("drive", "v3", user=CAROL)
    media = MediaInMemoryUpload(b"team notes", mimetype="text/plain")
    file_id = owner.files().create(body={"name": "notes.txt"}, media_body=media).execute()["id"]
    share(owner, file_id, "reader", type="group", emailAddress=TEAM)
    assert error_of(carol.files().get(fileId=file_id)) == (404, "notFound")
    admin.members().insert(groupKey=TEAM, body={"email": CAROL}).execute()
    assert carol.files().get(fileId=file_id).execute()["name"] == "notes.txt"
    admin.members().delete(groupKey=TEAM, memberKey=CAROL).execute()
    assert error_of(carol.files().get(fileId=file_id)) == (404, "notFound")


def test_group_aliases_reach_the_group(admin, team):
    alias = admin.groups().aliases().insert(groupKey=TEAM, body={"alias": "squad@example.com"})
    assert alias.execute()["primaryEmail"] == TEAM
    assert admin.groups().get(groupKey="squad@example.com").execute()["id"] == team["id"]
    listed = admin.groups().aliases().list(groupKey=TEAM).execute()["aliases"]
    assert [a["alias"] for a in listed] == ["squad@example.com"]
    status, _ = failure(
        admin.groups().aliases().insert(groupKey=TEAM, body={"alias": "x@other.test"})
    )
    assert status == 400
    admin.groups().aliases().delete(groupKey=TEAM, alias="squad@example.com").execute()
    status, _ = failure(admin.groups().get(groupKey="squad@example.com"))
    assert status == 404


def test_user_aliases_reach_the_user(admin):
    admin.users().aliases().insert(userKey=ALICE, body={"alias": "al@example.com"}).execute()
    assert admin.users().get(userKey="al@example.com").execute()["primaryEmail"] == ALICE
    assert admin.users().get(userKey=ALICE).execute()["aliases"] == ["al@example.com"]
    status, error = failure(
        admin.users().aliases().insert(userKey=BOB, body={"alias": "al@example.com"})
    )
    assert (status, error["message"]) == (409, "Entity already exists.")
    admin.users().aliases().delete(userKey=ALICE, alias="al@example.com").execute()
    assert "aliases" not in admin.users().get(userKey=ALICE).execute()


def test_plain_users_may_only_list_their_own_groups(google_service_for, team):
    alice = directory_as(google_service_for, ALICE)
    mine = alice.groups().list(userKey=ALICE).execute()["groups"]
    assert [g["email"] for g in mine] == ["engineering@example.com"]
    assert_not_authorized(alice.groups().list(userKey=CAROL))
    assert_not_authorized(alice.groups().list(customer="my_customer"))
    assert_not_authorized(alice.groups().get(groupKey=TEAM))
    assert_not_authorized(alice.groups().insert(body={"email": "mine@example.com"}))
    assert_not_authorized(alice.groups().delete(groupKey=TEAM))
    assert_not_authorized(alice.members().insert(groupKey=TEAM, body={"email": ALICE}))
    assert_not_authorized(alice.members().list(groupKey=TEAM))
    assert_not_authorized(
        alice.users().aliases().insert(userKey=ALICE, body={"alias": "a@example.com"})
    )
    assert_not_authorized(
        alice.groups().aliases().insert(groupKey=TEAM, body={"alias": "t@example.com"})
    )


def test_groups_are_searched_by_address_name_and_member(admin, team):
    admin.members().insert(groupKey=TEAM, body={"email": CAROL}).execute()

    def found(query: str) -> list[str]:
        answer = admin.groups().list(customer="my_customer", query=query).execute()
        return [g["email"] for g in answer.get("groups", [])]

    assert found("email:team*") == [TEAM]
    assert found("name:Engineering") == ["engineering@example.com"]
    assert found(f"memberKey={CAROL}") == [TEAM]
    assert found(f"memberKey={ALICE} name:Team") == []
    status, error = failure(admin.groups().list(customer="my_customer", query="colour:red"))
    assert (status, error["reason"]) == (400, "invalid")
