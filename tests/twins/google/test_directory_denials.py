"""Every Directory method a plain user of the domain calls on what is not theirs is refused
with Google's ``Not Authorized to access this resource/api``, before it changes anything."""

from __future__ import annotations

import pytest
from tests.twins.google.directory_clients import ALICE, BOB, assert_not_authorized, directory_as

C = "my_customer"
PARENT = "customers/my_customer"
GROUP = "engineering@example.com"
PRINTER = f"{PARENT}/chrome/printers/p1"
SERVER = f"{PARENT}/chrome/printServers/s1"
CALLS = {
    "users.update": lambda d: d.users().update(userKey=BOB, body={}),
    "users.undelete": lambda d: d.users().undelete(userKey="1", body={}),
    "users.aliases.list": lambda d: d.users().aliases().list(userKey=BOB),
    "users.aliases.delete": lambda d: (
        d.users().aliases().delete(userKey=BOB, alias="b@example.com")
    ),
    "users.photos.get": lambda d: d.users().photos().get(userKey=BOB),
    "users.photos.patch": lambda d: d.users().photos().patch(userKey=BOB, body={"photoData": "AA"}),
    "groups.patch": lambda d: d.groups().patch(groupKey=GROUP, body={"name": "x"}),
    "groups.update": lambda d: d.groups().update(groupKey=GROUP, body={"name": "x"}),
    "groups.aliases.list": lambda d: d.groups().aliases().list(groupKey=GROUP),
    "groups.aliases.delete": lambda d: (
        d.groups().aliases().delete(groupKey=GROUP, alias="e@example.com")
    ),
    "members.get": lambda d: d.members().get(groupKey=GROUP, memberKey=BOB),
    "members.hasMember": lambda d: d.members().hasMember(groupKey=GROUP, memberKey=BOB),
    "members.patch": lambda d: d.members().patch(
        groupKey=GROUP, memberKey=BOB, body={"role": "OWNER"}
    ),
    "members.update": lambda d: d.members().update(
        groupKey=GROUP, memberKey=BOB, body={"role": "OWNER"}
    ),
    "members.delete": lambda d: d.members().delete(groupKey=GROUP, memberKey=BOB),
    "orgunits.patch": lambda d: d.orgunits().patch(customerId=C, orgUnitPath="/", body={}),
    "orgunits.update": lambda d: d.orgunits().update(customerId=C, orgUnitPath="/", body={}),
    "roles.get": lambda d: d.roles().get(customer=C, roleId="1"),
    "roles.patch": lambda d: d.roles().patch(customer=C, roleId="1", body={}),
    "roles.update": lambda d: d.roles().update(customer=C, roleId="1", body={}),
    "roles.delete": lambda d: d.roles().delete(customer=C, roleId="1"),
    "roleAssignments.get": lambda d: d.roleAssignments().get(customer=C, roleAssignmentId="1"),
    "roleAssignments.insert": lambda d: d.roleAssignments().insert(
        customer=C, body={"roleId": "1", "assignedTo": "1"}
    ),
    "domains.get": lambda d: d.domains().get(customer=C, domainName="example.com"),
    "domains.delete": lambda d: d.domains().delete(customer=C, domainName="example.com"),
    "domainAliases.list": lambda d: d.domainAliases().list(customer=C),
    "domainAliases.insert": lambda d: d.domainAliases().insert(
        customer=C, body={"domainAliasName": "a.test", "parentDomainName": "example.com"}
    ),
    "customers.update": lambda d: d.customers().update(customerKey=C, body={}),
    "schemas.get": lambda d: d.schemas().get(customerId=C, schemaKey="HR"),
    "schemas.patch": lambda d: d.schemas().patch(customerId=C, schemaKey="HR", body={}),
    "schemas.update": lambda d: d.schemas().update(customerId=C, schemaKey="HR", body={}),
    "schemas.delete": lambda d: d.schemas().delete(customerId=C, schemaKey="HR"),
    "tokens.get": lambda d: d.tokens().get(userKey=BOB, clientId="c"),
    "asps.get": lambda d: d.asps().get(userKey=BOB, codeId=1),
    "asps.delete": lambda d: d.asps().delete(userKey=BOB, codeId=1),
    "verificationCodes.invalidate": lambda d: d.verificationCodes().invalidate(userKey=BOB),
    "buildings.list": lambda d: d.resources().buildings().list(customer=C),
    "buildings.insert": lambda d: (
        d.resources().buildings().insert(customer=C, body={"buildingId": "b"})
    ),
    "buildings.update": lambda d: (
        d.resources().buildings().update(customer=C, buildingId="b", body={})
    ),
    "features.list": lambda d: d.resources().features().list(customer=C),
    "features.insert": lambda d: d.resources().features().insert(customer=C, body={"name": "n"}),
    "features.delete": lambda d: d.resources().features().delete(customer=C, featureKey="n"),
    "calendars.get": lambda d: d.resources().calendars().get(customer=C, calendarResourceId="r"),
    "calendars.patch": lambda d: (
        d.resources().calendars().patch(customer=C, calendarResourceId="r", body={})
    ),
    "calendars.delete": lambda d: (
        d.resources().calendars().delete(customer=C, calendarResourceId="r")
    ),
    "chromeosdevices.get": lambda d: d.chromeosdevices().get(customerId=C, deviceId="x"),
    "chromeosdevices.patch": lambda d: d.chromeosdevices().patch(
        customerId=C, deviceId="x", body={}
    ),
    "chromeosdevices.moveDevicesToOu": lambda d: d.chromeosdevices().moveDevicesToOu(
        customerId=C, orgUnitPath="/", body={"deviceIds": ["x"]}
    ),
    "chromeos.batchChangeStatus": lambda d: (
        d.customer().devices().chromeos().batchChangeStatus(customerId=C, body={"deviceIds": ["x"]})
    ),
    "chromeos.commands.get": lambda d: (
        d.customer().devices().chromeos().commands().get(customerId=C, deviceId="x", commandId="1")
    ),
    "mobiledevices.get": lambda d: d.mobiledevices().get(customerId=C, resourceId="x"),
    "mobiledevices.action": lambda d: d.mobiledevices().action(
        customerId=C, resourceId="x", body={"action": "block"}
    ),
    "mobiledevices.delete": lambda d: d.mobiledevices().delete(customerId=C, resourceId="x"),
    "printers.get": lambda d: d.customers().chrome().printers().get(name=PRINTER),
    "printers.patch": lambda d: d.customers().chrome().printers().patch(name=PRINTER, body={}),
    "printers.listPrinterModels": lambda d: (
        d.customers().chrome().printers().listPrinterModels(parent=PARENT)
    ),
    "printers.batchCreatePrinters": lambda d: (
        d.customers().chrome().printers().batchCreatePrinters(parent=PARENT, body={})
    ),
    "printers.batchDeletePrinters": lambda d: (
        d.customers().chrome().printers().batchDeletePrinters(parent=PARENT, body={})
    ),
    "printServers.create": lambda d: (
        d.customers().chrome().printServers().create(parent=PARENT, body={})
    ),
    "printServers.get": lambda d: d.customers().chrome().printServers().get(name=SERVER),
    "printServers.patch": lambda d: (
        d.customers().chrome().printServers().patch(name=SERVER, body={})
    ),
    "printServers.delete": lambda d: d.customers().chrome().printServers().delete(name=SERVER),
    "printServers.batchCreatePrintServers": lambda d: (
        d.customers().chrome().printServers().batchCreatePrintServers(parent=PARENT, body={})
    ),
    "printServers.batchDeletePrintServers": lambda d: (
        d.customers().chrome().printServers().batchDeletePrintServers(parent=PARENT, body={})
    ),
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_plain_user_is_refused(google_service_for, name):
    assert_not_authorized(CALLS[name](directory_as(google_service_for, ALICE)))
