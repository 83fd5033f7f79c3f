"""Shared test fixtures: a headless Chromium page (Debian's /usr/bin/chromium) via Playwright.

The browser is module-scoped: Playwright's sync API keeps an event loop running in the main
thread while it lives, which would stop later async tests from running their own.

Tests marked ``slow`` run first: under ``-n 2`` the workers share them out from the start, and
neither is left to run a long test alone at the end."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(scope="module")
def browser() -> Iterator:
    if not shutil.which("chromium"):
        pytest.skip("Debian's chromium is not installed (apt-get install chromium; .ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def browser_page(browser, request) -> Iterator:
    """A page in a fresh browser context; where the test serves a universe, the context holds
    the admin cookie that opening the start-up banner's link gives a person."""
    context = browser.new_context()
    if "universe" in request.fixturenames:
        from darkfactory.twins.kit.access import COOKIE

        running = request.getfixturevalue("universe")
        token = running.universe.admin_token
        context.add_cookies([{"name": COOKIE, "value": token, "url": running.url}])
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
