"""The end-user dashboard: a person signs in at the org's page, sees a tile for each app
assigned to them and none for the others, launches one, and signs out (headless Chromium)."""

from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.browser


def bookmark(api: httpx.Client, label: str, url: str) -> dict:
    answer = api.post(
        "/api/v1/apps",
        json={
            "name": "bookmark",
            "label": label,
            "signOnMode": "BOOKMARK",
            "settings": {"app": {"url": url}},
        },
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_a_person_sees_and_launches_only_their_apps(universe, okta_credentials, browser_page):
    api = httpx.Client(
        base_url=okta_credentials["org_url"],
        headers={"Authorization": f"SSWS {okta_credentials['api_token']}"},
    )
    demo = api.get("/api/v1/users/demo@example.com").json()
    wiki = bookmark(api, "Team wiki", f"{universe.url}/_universe/")
    payroll = bookmark(api, "Payroll", f"{universe.url}/_universe/")
    assigned = api.post(f"/api/v1/apps/{wiki['id']}/users", json={"id": demo["id"]})
    assert assigned.status_code == 200, assigned.text

    page = browser_page
    page.goto(f"{okta_credentials['org_url']}/app/UserHome")
    page.wait_for_url("**/login/login.htm?fromURI=*")
    page.fill("#okta-signin-username", "demo@example.com")
    page.fill("#okta-signin-password", okta_credentials["demo_user"]["password"])
    page.click("#okta-signin-submit")
    page.wait_for_url("**/app/UserHome")
    assert page.locator("#okta-home-user").inner_text() == "demo@example.com"
    assert page.locator("a.okta-tile").all_inner_texts() == ["Team wiki"]

    page.click("a.okta-tile")
    page.wait_for_url(f"{universe.url}/_universe/")
    refused = page.goto(f"{okta_credentials['org_url']}/home/bookmark/{payroll['id']}")
    assert refused.status == 403 and "do not have permission" in page.content()

    page.goto(f"{okta_credentials['org_url']}/app/UserHome")
    page.click("#okta-signout")
    page.wait_for_url("**/login/login.htm")
    page.goto(f"{okta_credentials['org_url']}/app/UserHome")
    page.wait_for_url("**/login/login.htm?fromURI=*")
    logged = api.get("/api/v1/logs", params={"filter": 'eventType eq "user.session.end"'}).json()
    assert logged and logged[0]["target"][0]["alternateId"] == "demo@example.com"
