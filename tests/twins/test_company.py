"""One company across the twins: Okta's people, with their managers, in Slack, Jira and Google."""

from __future__ import annotations

import pytest
from googleapiclient.errors import HttpError

from darkfactory.twins.kit.company import directory, people
from darkfactory.twins.kit.universe import Universe
from darkfactory.twins.slack.methods.team import MANAGER_FIELD

DIRECTORY = ["admin.directory.user.readonly"]


async def okta_people(okta_client) -> dict[str, object]:
    users, _, error = await okta_client.list_users(limit=200)
    assert error is None
    return {u.profile.login: u for u in users}


def test_the_company_is_the_same_for_the_same_seed_and_sized_by_its_option():
    assert people(3, 12) == people(3, 12) != people(4, 12)
    fifty = people(3, 50)
    assert len({p.email for p in fifty}) == 50
    emails = {p.email for p in fifty}
    assert all(p.manager in emails for p in fifty[1:]) and fifty[0].manager is None
    with pytest.raises(ValueError, match="unknown company fixture options"):
        Universe(fixtures={"company": {"staff": 3}})
    with pytest.raises(ValueError, match=r"company\.people"):
        Universe(fixtures={"company": {"people": -1}})


async def test_okta_is_the_source_and_names_each_persons_manager(universe, okta_client):
    found = await okta_people(okta_client)
    company = directory(universe.universe)
    assert len(company) == 12
    ids = {u.id: login for login, u in found.items()}
    for person in company:
        user = found[person.email]
        assert (user.profile.first_name, user.profile.last_name) == (person.first, person.last)
        assert user.profile.title == person.title
        assert ids.get(user.profile.manager_id) == person.manager
        if person.manager:
            assert user.profile.manager == found[person.manager].profile.display_name
    assert "admin@example.com" in found and "demo@example.com" in found


async def test_each_okta_person_is_found_by_email_in_slack_jira_and_google(
    universe, okta_client, slack_client, jira_client, google_service_for
):
    found = await okta_people(okta_client)
    okta_ids = {u.id: login for login, u in found.items()}
    directory_api = google_service_for("admin", "directory_v1", scopes=DIRECTORY)
    for person in directory(universe.universe):
        okta_user = found[person.email]
        manager = okta_ids.get(okta_user.profile.manager_id)

        slack_user = slack_client.users_lookupByEmail(email=person.email)["user"]
        assert slack_user["real_name"] == f"{okta_user.profile.first_name} {person.last}"
        profile = slack_client.users_profile_get(user=slack_user["id"])["profile"]
        slack_manager = profile["fields"].get(MANAGER_FIELD, {}).get("value")
        manager_email = (
            slack_client.users_info(user=slack_manager)["user"]["profile"]["email"]
            if slack_manager
            else None
        )
        assert manager_email == manager

        (jira_user,) = jira_client.search_users(query=person.email)
        assert (jira_user.emailAddress, jira_user.displayName) == (person.email, person.name)

        google_user = directory_api.users().get(userKey=person.email).execute()
        assert google_user["name"]["fullName"] == person.name
        relations = [r["value"] for r in google_user.get("relations", []) if r["type"] == "manager"]
        assert relations == ([manager] if manager else [])


def test_the_directory_refuses_who_may_not_read_it(universe, google_service_for):
    person = directory(universe.universe)[1]
    alice = google_service_for(
        "admin", "directory_v1", user=None, scopes=DIRECTORY, subject="alice@example.com"
    )
    with pytest.raises(HttpError) as admin_view:
        alice.users().get(userKey=person.email).execute()
    assert admin_view.value.status_code == 403
    assert admin_view.value.reason == "Not Authorized to access this resource/api"
    public = alice.users().get(userKey=person.email, viewType="domain_public").execute()
    assert public["relations"] == [{"value": person.manager, "type": "manager"}]
    assert "isAdmin" not in public

    drive_only = google_service_for("admin", "directory_v1", scopes=["drive"])
    with pytest.raises(HttpError) as scopes:
        drive_only.users().get(userKey=person.email).execute()
    assert scopes.value.status_code == 403

    admin = google_service_for("admin", "directory_v1", scopes=DIRECTORY)
    with pytest.raises(HttpError) as unknown:
        admin.users().get(userKey="nobody@example.com").execute()
    assert unknown.value.status_code == 404
    with pytest.raises(HttpError) as outsider:
        admin.users().get(userKey="dave@partner.example").execute()
    assert outsider.value.status_code == 403


def test_the_directory_lists_the_domain_in_pages(universe, google_service_for):
    admin = google_service_for("admin", "directory_v1", scopes=DIRECTORY)
    users, request = [], admin.users().list(customer="my_customer", maxResults=5)
    while request is not None:
        answer = request.execute()
        users += answer["users"]
        request = admin.users().list_next(request, answer)
    emails = [u["primaryEmail"] for u in users]
    assert emails == sorted(emails) and len(emails) == len(set(emails))
    assert {p.email for p in directory(universe.universe)} < set(emails)
    assert "dave@partner.example" not in emails
    with pytest.raises(HttpError) as missing:
        admin.users().list().execute()
    assert missing.value.status_code == 400
    with pytest.raises(HttpError) as other:
        admin.users().list(domain="partner.example").execute()
    assert other.value.status_code == 403
