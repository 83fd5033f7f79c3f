"""The Directory's answers carry only fields its discovery document declares, at every depth."""

from __future__ import annotations

import base64

from tests.twins.google.directory_clients import ALICE, BOB, assert_shaped, directory_as

C = "my_customer"
PARENT = "customers/my_customer"


def test_every_answer_fits_its_schema(google_service_for):
    d = directory_as(google_service_for)
    d.schemas().insert(
        customerId=C,
        body={"schemaName": "HR", "fields": [{"fieldName": "badge", "fieldType": "INT64"}]},
    ).execute()
    d.users().patch(
        userKey=BOB,
        body={"customSchemas": {"HR": {"badge": "7"}}, "phones": [{"value": "1", "type": "work"}]},
    ).execute()
    d.users().aliases().insert(userKey=BOB, body={"alias": "rob@example.com"}).execute()
    photo = base64.urlsafe_b64encode(b"jpeg").decode()
    d.users().photos().update(userKey=BOB, body={"photoData": photo}).execute()
    d.users().patch(userKey=ALICE, body={"suspended": True}).execute()
    d.verificationCodes().generate(userKey=BOB).execute()
    unit = (
        d.orgunits()
        .insert(customerId=C, body={"name": "Sales", "parentOrgUnitPath": "/"})
        .execute()
    )
    d.resources().buildings().insert(
        customer=C,
        body={
            "buildingId": "hq",
            "buildingName": "HQ",
            "floorNames": ["1"],
            "coordinates": {"latitude": 1.5, "longitude": 2},
        },
    ).execute()
    d.resources().features().insert(customer=C, body={"name": "Projector"}).execute()
    d.resources().calendars().insert(
        customer=C,
        body={
            "resourceId": "r",
            "resourceName": "Room",
            "buildingId": "hq",
            "featureInstances": [{"feature": {"name": "Projector"}}],
        },
    ).execute()
    d.domainAliases().insert(
        customer=C, body={"domainAliasName": "example.net", "parentDomainName": "example.com"}
    ).execute()
    root = unit["parentOrgUnitId"].removeprefix("id:")
    printer = {
        "displayName": "P",
        "uri": "ipp://p",
        "makeAndModel": "hp laserjet pro m404",
        "orgUnitId": root,
    }
    d.customers().chrome().printers().create(parent=PARENT, body=printer).execute()
    answers = {
        "Users": d.users().list(customer=C, projection="full"),
        "User": d.users().get(userKey=BOB, projection="full"),
        "Aliases": d.users().aliases().list(userKey=BOB),
        "UserPhoto": d.users().photos().get(userKey=BOB),
        "Groups": d.groups().list(customer=C),
        "Members": d.members().list(groupKey="engineering@example.com"),
        "MembersHasMember": d.members().hasMember(
            groupKey="engineering@example.com", memberKey=BOB
        ),
        "OrgUnits": d.orgunits().list(customerId=C, type="allIncludingParent"),
        "Roles": d.roles().list(customer=C),
        "RoleAssignments": d.roleAssignments().list(customer=C),
        "Privileges": d.privileges().list(customer=C),
        "Domains2": d.domains().list(customer=C),
        "DomainAliases": d.domainAliases().list(customer=C),
        "Customer": d.customers().get(customerKey=C),
        "Schemas": d.schemas().list(customerId=C),
        "Tokens": d.tokens().list(userKey=BOB),
        "Asps": d.asps().list(userKey="admin@example.com"),
        "VerificationCodes": d.verificationCodes().list(userKey=BOB),
        "Buildings": d.resources().buildings().list(customer=C),
        "CalendarResources": d.resources().calendars().list(customer=C),
        "Features": d.resources().features().list(customer=C),
        "ChromeOsDevices": d.chromeosdevices().list(customerId=C),
        "MobileDevices": d.mobiledevices().list(customerId=C),
        "ListPrintersResponse": d.customers().chrome().printers().list(parent=PARENT),
        "ListPrinterModelsResponse": d.customers()
        .chrome()
        .printers()
        .listPrinterModels(parent=PARENT),
    }
    for schema, request in answers.items():
        assert_shaped(request.execute(), schema)
