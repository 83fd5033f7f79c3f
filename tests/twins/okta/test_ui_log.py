"""The console's System Log: read through Okta's API with the filters applied, live as events
happen, and with Okta's error for a filter it cannot read (headless Chromium)."""

from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.browser

SUSPENSIONS = 'eventType eq "user.lifecycle.suspend"'


def shown_events(page) -> list[str]:
    return page.locator("#log-events tr td:nth-child(2)").all_inner_texts()


def test_the_log_filters_and_shows_new_events_live(universe, browser_page, okta_credentials):
    api = httpx.Client(
        base_url=okta_credentials["org_url"],
        headers={"Authorization": f"SSWS {okta_credentials['api_token']}"},
    )
    page = browser_page
    page.goto(f"{universe.url}/ui/okta/logs")
    page.locator("#log-events tr").first.wait_for()
    assert len(set(shown_events(page))) > 1

    page.fill("#log-filter", SUSPENSIONS)
    page.click("#log-filters button")
    page.wait_for_function("() => !document.querySelector('#log-events tr')")

    demo = api.get("/api/v1/users/demo@example.com").json()["id"]
    assert api.post(f"/api/v1/users/{demo}/lifecycle/suspend").status_code == 200
    page.locator("#log-events tr").first.wait_for()  # no reload: the page reads the log again
    assert shown_events(page) == ["user.lifecycle.suspend"]
    assert "demo@example.com" in page.locator("#log-events tr").inner_text()
    journal = universe.control("GET", "/journal?twin=okta&operation=listLogEvents")["entries"]
    assert journal and all(e["status"] == 200 for e in journal[-2:])


def test_a_filter_okta_cannot_read_shows_its_error(universe, browser_page):
    page = browser_page
    page.goto(f"{universe.url}/ui/okta/logs")
    page.fill("#log-filter", 'eventType eqq "x"')
    page.click("#log-filters button")
    error = page.locator("#log-error")
    error.filter(has_text="Invalid").wait_for()
    assert page.locator("#log-events tr").count() == 0
