"""A person's page in the admin console: profile, groups, applications and factors read through
Okta's API, and lifecycle buttons that are the operations Okta links for the person's status
(headless Chromium; every change is checked through the okta SDK)."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

pytestmark = pytest.mark.browser


def sdk(okta_client_for, call):
    """Run one okta SDK call in an event loop of its own (the browser's runs in this thread) and
    answer its result."""

    async def go():
        result, _, error = await call(okta_client_for())
        assert error is None, error
        return result

    with ThreadPoolExecutor(1) as thread:
        return thread.submit(lambda: asyncio.run(go())).result()


def person_page(page, universe, login):
    user_id = universe.call(universe.universe.twins["okta"].state.user, login)["id"]
    page.goto(f"{universe.url}/ui/okta/people/{user_id}")
    page.locator("#person-status").filter(has_text="A").wait_for()
    return user_id


def buttons(page) -> list[str]:
    return page.locator("#person-actions button").all_inner_texts()


def test_a_person_is_suspended_and_back_through_the_buttons(
    universe, browser_page, okta_client_for
):
    page = browser_page
    user_id = person_page(page, universe, "demo@example.com")
    assert page.locator("#person-status").inner_text() == "ACTIVE"
    assert page.locator("#person-login").inner_text() == "demo@example.com"
    assert "Suspend" in buttons(page) and "Unsuspend" not in buttons(page)
    assert "Activate" not in buttons(page)
    assert page.locator("#person-factors li").count() >= 0

    page.locator('#person-actions button[data-action="suspend"]').click()
    page.locator("#person-status", has_text="SUSPENDED").wait_for()
    assert sdk(okta_client_for, lambda c: c.get_user(user_id)).status == "SUSPENDED"
    assert buttons(page) == ["Unsuspend", "Deactivate"]

    page.locator('#person-actions button[data-action="unsuspend"]').click()
    page.locator("#person-status", has_text="ACTIVE").wait_for()
    assert sdk(okta_client_for, lambda c: c.get_user(user_id)).status == "ACTIVE"
    journal = universe.control("GET", "/journal?twin=okta&limit=500")
    operations = [entry["operation"] for entry in journal["entries"]]
    assert "suspendUser" in operations and "unsuspendUser" in operations


def test_a_deactivated_person_can_only_be_activated_or_deleted(
    universe, browser_page, okta_client_for
):
    page = browser_page
    user_id = person_page(page, universe, "demo@example.com")
    page.locator('#person-actions button[data-action="deactivate"]').click()
    page.locator("#person-status", has_text="DEPROVISIONED").wait_for()
    assert buttons(page) == ["Activate", "Delete"]
    assert sdk(okta_client_for, lambda c: c.get_user(user_id)).status == "DEPROVISIONED"

    page.locator('#person-actions button[data-action="delete"]').click()
    page.wait_for_url("**/ui/okta/")
    assert page.locator(f'tr[data-id="{user_id}"]').count() == 0


def test_a_refused_action_shows_okta_s_error(universe, browser_page, okta_client_for):
    page = browser_page
    user_id = person_page(page, universe, "demo@example.com")
    # someone else suspends the person while the page still offers to suspend them
    sdk(okta_client_for, lambda c: c.suspend_user(user_id))
    page.locator('#person-actions button[data-action="suspend"]').click()
    page.locator("#person-error", has_text="Cannot suspend a user that is not active").wait_for()
    assert page.locator("#person-status").inner_text() == "ACTIVE"  # not re-read on refusal
    assert sdk(okta_client_for, lambda c: c.get_user(user_id)).status == "SUSPENDED"


def test_the_people_list_searches_through_the_api(universe, browser_page):
    page = browser_page
    page.goto(f"{universe.url}/ui/okta/")
    rows = page.locator("table.okta-people tbody tr")
    everyone = rows.count()
    assert everyone > 2
    page.fill("#people-q", "demo")
    page.click("#people-search button")
    page.locator("table.okta-people tbody tr:visible").first.wait_for()
    page.wait_for_function(
        "() => [...document.querySelectorAll('table.okta-people tbody tr')].some(r => r.hidden)"
    )
    shown = page.locator("table.okta-people tbody tr:visible")
    assert shown.count() == 1 and "demo@example.com" in shown.inner_text()
    shown.locator("a").click()
    page.locator("#person-login", has_text="demo@example.com").wait_for()
