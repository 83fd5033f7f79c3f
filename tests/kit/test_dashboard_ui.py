"""The universe dashboard in headless Chromium: twins, the live journal, fault toggles."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

pytestmark = pytest.mark.browser


def test_dashboard_shows_twins_live_journal_and_toggles_faults(universe, browser_page):
    page = browser_page
    page.goto(f"{universe.url}/ui/")
    row = page.locator('tr[data-twin="slack"]')
    assert f"{universe.url}/slack" in row.inner_text()
    page.locator("#live.on").wait_for()

    creds = universe.credentials["slack"]
    client = WebClient(token=creds["bot_token"], base_url=creds["api_url"])
    client.auth_test()
    page.locator("#journal tbody tr", has_text="auth.test").wait_for()

    row.locator('button[data-kind="outage"]').click()
    page.locator('tr[data-twin="slack"] button[data-kind="outage"][aria-pressed="true"]').wait_for()
    with pytest.raises(SlackApiError) as caught:
        client.auth_test()
    assert caught.value.response.status_code == 503

    row.locator('button[data-kind="outage"]').click()
    page.locator(
        'tr[data-twin="slack"] button[data-kind="outage"][aria-pressed="false"]'
    ).wait_for()
    assert client.auth_test()["ok"]
    page.screenshot(path="/tmp/dashboard.png", full_page=True)
