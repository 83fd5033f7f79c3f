"""People provisioned from Okta show up in the Slack web client, and leave it when deprovisioned."""

from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.browser


def test_provisioned_people_appear_in_the_slack_ui(universe, browser_page):
    creds = universe.credentials["okta"]
    okta = httpx.Client(
        base_url=creds["org_url"], headers={"Authorization": f"SSWS {creds['api_token']}"}
    )
    app = okta.post(
        "/api/v1/apps",
        json={
            "name": "slack",
            "label": "Slack",
            "signOnMode": "BOOKMARK",
            "settings": {"app": {"url": "https://darkfactory.slack.com"}},
        },
    ).json()
    group = okta.post("/api/v1/groups", json={"profile": {"name": "Pushed to Slack"}}).json()
    user = okta.post(
        "/api/v1/users?activate=true",
        json={
            "profile": {
                "login": "carol.ui@example.com",
                "email": "carol.ui@example.com",
                "firstName": "Carol",
                "lastName": "Pushed",
            }
        },
    ).json()
    okta.put(f"/api/v1/groups/{group['id']}/users/{user['id']}").raise_for_status()
    okta.put(f"/api/v1/apps/{app['id']}/groups/{group['id']}", json={}).raise_for_status()

    page = browser_page
    page.goto(f"{universe.url}/ui/slack/")
    assert page.locator("#viewer option", has_text="Carol Pushed").count() == 1

    okta.post(f"/api/v1/users/{user['id']}/lifecycle/deactivate").raise_for_status()
    page.reload()
    assert page.locator("#viewer option", has_text="Carol Pushed").count() == 0
