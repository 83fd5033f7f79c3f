"""Calendar resources, buildings and features through googleapiclient: resources placed in
buildings with features that must exist, renames that follow through, deletions refused while
in use, and plain users refused."""

from __future__ import annotations

import pytest
from tests.twins.google.directory_clients import (
    ALICE,
    assert_not_authorized,
    directory_as,
    failure,
)

C = "my_customer"
HQ = {"buildingId": "hq", "buildingName": "Headquarters", "floorNames": ["1", "2"]}
ROOM = {
    "resourceId": "room-1a",
    "resourceName": "Training Room 1A",
    "resourceCategory": "CONFERENCE_ROOM",
    "buildingId": "hq",
    "floorName": "1",
    "capacity": 10,
    "featureInstances": [{"feature": {"name": "Projector"}}],
}


@pytest.fixture
def admin(google_service_for):
    return directory_as(google_service_for)


@pytest.fixture
def resources(admin):
    return admin.resources()


@pytest.fixture
def room(resources) -> dict:
    resources.buildings().insert(customer=C, body=HQ).execute()
    resources.features().insert(customer=C, body={"name": "Projector"}).execute()
    return resources.calendars().insert(customer=C, body=ROOM).execute()


def test_a_room_lives_in_a_building_with_features(resources, room):
    assert room["resourceEmail"].endswith("@resource.calendar.google.com")
    assert room["generatedResourceName"] == "Headquarters-1-Training Room 1A (10)"
    got = resources.calendars().get(customer=C, calendarResourceId="room-1a").execute()
    assert got["resourceEmail"] == room["resourceEmail"] and got["etags"] == room["etags"]
    status, error = failure(resources.calendars().insert(customer=C, body=ROOM))
    assert (status, error["message"]) == (409, "Entity already exists.")
    nowhere = ROOM | {"resourceId": "room-2", "buildingId": "annex"}
    status, error = failure(resources.calendars().insert(customer=C, body=nowhere))
    assert (status, error["message"]) == (400, "Invalid Input: buildingId")
    no_such = ROOM | {"resourceId": "room-3", "featureInstances": [{"feature": {"name": "Sauna"}}]}
    status, _ = failure(resources.calendars().insert(customer=C, body=no_such))
    assert status == 400


def test_patch_merges_and_update_replaces(resources, room):
    patched = (
        resources.calendars()
        .patch(customer=C, calendarResourceId="room-1a", body={"capacity": 12})
        .execute()
    )
    assert patched["capacity"] == 12 and patched["floorName"] == "1"
    replaced = (
        resources.calendars()
        .update(customer=C, calendarResourceId="room-1a", body={"resourceName": "Quiet room"})
        .execute()
    )
    assert "buildingId" not in replaced and "capacity" not in replaced
    assert replaced["resourceEmail"] == room["resourceEmail"]
    assert replaced["generatedResourceName"] == "Quiet room"


def test_list_orders_and_pages(resources, room):
    resources.calendars().insert(
        customer=C, body={"resourceId": "desk", "resourceName": "Desk", "capacity": 1}
    ).execute()
    ordered = resources.calendars().list(customer=C, orderBy="capacity desc").execute()
    assert [r["resourceId"] for r in ordered["items"]] == ["room-1a", "desk"]
    first = resources.calendars().list(customer=C, maxResults=1).execute()
    assert len(first["items"]) == 1 and "nextPageToken" in first
    status, _ = failure(resources.calendars().list(customer=C, orderBy="colour"))
    assert status == 400


def test_renaming_a_feature_follows_into_rooms(resources, room):
    resources.features().rename(
        customer=C, oldName="Projector", body={"newName": "Beamer"}
    ).execute()
    got = resources.calendars().get(customer=C, calendarResourceId="room-1a").execute()
    assert got["featureInstances"] == [{"feature": {"name": "Beamer"}}]
    names = [f["name"] for f in resources.features().list(customer=C).execute()["features"]]
    assert names == ["Beamer"]
    status, error = failure(resources.features().get(customer=C, featureKey="Projector"))
    assert (status, error["message"]) == (404, "Resource Not Found: featureKey")


def test_what_is_in_use_is_not_deleted(resources, room):
    status, _ = failure(resources.features().delete(customer=C, featureKey="Projector"))
    assert status == 400
    status, _ = failure(resources.buildings().delete(customer=C, buildingId="hq"))
    assert status == 400
    resources.calendars().delete(customer=C, calendarResourceId="room-1a").execute()
    resources.features().delete(customer=C, featureKey="Projector").execute()
    resources.buildings().delete(customer=C, buildingId="hq").execute()
    assert resources.buildings().list(customer=C).execute().get("buildings") is None


def test_buildings_need_a_unique_name_and_floors(resources):
    made = resources.buildings().insert(customer=C, body=HQ).execute()
    assert made["kind"] == "admin#directory#resources#buildings#Building"
    twin = HQ | {"buildingId": "hq2"}
    status, error = failure(resources.buildings().insert(customer=C, body=twin))
    assert (status, error["message"]) == (409, "Entity already exists.")
    status, _ = failure(
        resources.buildings().insert(
            customer=C, body=twin | {"buildingName": "B", "floorNames": []}
        )
    )
    assert status == 400
    patched = resources.buildings().patch(customer=C, buildingId="hq", body={"description": "Main"})
    assert patched.execute()["floorNames"] == ["1", "2"]


def test_plain_users_may_not_read_or_manage_resources(google_service_for, room):
    alice = directory_as(google_service_for, ALICE).resources()
    assert_not_authorized(alice.calendars().list(customer=C))
    assert_not_authorized(alice.calendars().insert(customer=C, body=ROOM | {"resourceId": "x"}))
    assert_not_authorized(alice.buildings().delete(customer=C, buildingId="hq"))
    assert_not_authorized(
        alice.features().rename(customer=C, oldName="Projector", body={"newName": "P"})
    )


def test_rooms_are_searched_by_their_fields_and_features(resources, room):
    resources.calendars().insert(
        customer=C, body={"resourceId": "desk", "resourceName": "Hot desk"}
    ).execute()

    def found(query: str) -> list[str]:
        answer = resources.calendars().list(customer=C, query=query).execute()
        return [r["resourceId"] for r in answer.get("items", [])]

    assert found("resourceCategory=CONFERENCE_ROOM") == ["room-1a"]
    assert found("resourceName:hot*") == ["desk"]
    assert found("featureInstances.feature.name:Projector") == ["room-1a"]
    status, _ = failure(resources.calendars().list(customer=C, query="colour=red"))
    assert status == 400
