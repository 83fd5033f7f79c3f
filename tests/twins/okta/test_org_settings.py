"""Org settings through the okta SDK: the org's profile, its contact users, Okta's emails."""

from __future__ import annotations

import pytest
from okta.models import OrgContactUser, OrgSetting

from darkfactory.twins.okta.testing import send


async def test_the_orgs_profile_is_replaced_whole_and_updated_in_part(okta_client):
    org, _, err = await okta_client.get_org_settings()
    assert err is None and org.id.startswith("00o") and org.company_name == "Example"
    replaced, _, err = await okta_client.replace_org_settings(
        OrgSetting.from_dict({"companyName": "Acme", "city": "Lyon"})
    )
    assert err is None and replaced.company_name == "Acme" and replaced.website is None
    updated, _, err = await okta_client.update_org_settings(
        OrgSetting.from_dict({"phoneNumber": "+33123456789"})
    )
    assert err is None and (updated.company_name, updated.city) == ("Acme", "Lyon")
    assert updated.phone_number == "+33123456789"
    _, err = await send(okta_client, "PUT", "/api/v1/org", {"city": "Paris"})
    assert err.status == 400 and err.error_code == "E0000001"


async def test_contacts_are_users_of_the_org(okta_client):
    types, _, err = await okta_client.list_org_contact_types()
    assert err is None
    assert [t.actual_instance.contact_type for t in types] == ["BILLING", "TECHNICAL"]
    demo, _, _ = await okta_client.get_user("demo@example.com")
    contact, _, err = await okta_client.replace_org_contact_user(
        "TECHNICAL", OrgContactUser(user_id=demo.id)
    )
    assert err is None and contact.user_id == demo.id
    got, _, _ = await okta_client.get_org_contact_user("TECHNICAL")
    assert got.user_id == demo.id
    _, _, err = await okta_client.replace_org_contact_user(
        "BILLING", OrgContactUser(user_id="00unothere")
    )
    assert err.status == 400 and err.error_code == "E0000001"
    _, _, err = await okta_client.get_org_contact_user("LEGAL")
    assert err.status == 404 and err.error_code == "E0000007"


async def test_users_opt_out_of_oktas_emails_and_back(okta_client):
    settings, _, err = await okta_client.get_okta_communication_settings()
    assert err is None and settings.opt_out_email_users is False
    out, _, err = await okta_client.opt_out_users_from_okta_communication_emails()
    assert err is None and out.opt_out_email_users is True
    back, _, _ = await okta_client.opt_in_users_to_okta_communication_emails()
    assert back.opt_out_email_users is False


@pytest.mark.parametrize(
    "who", [{"role": "READ_ONLY_ADMIN"}, {"role": None}, {"scopes": ["okta.orgs.read"]}]
)
async def test_only_org_admins_change_org_settings(who, okta_client, okta_client_as):
    client = okta_client_as(**who)
    _, _, err = await client.update_org_settings(OrgSetting.from_dict({"city": "Nowhere"}))
    assert err.status == 403 and err.error_code == "E0000006"
    _, _, err = await client.opt_out_users_from_okta_communication_emails()
    assert err.status == 403 and err.error_code == "E0000006"
    org, _, _ = await okta_client.get_org_settings()
    assert org.city is None
