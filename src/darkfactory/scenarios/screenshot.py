"""Pictures of the universe's web UI in a trial, taken in headless Chromium through Playwright.

A ``screenshot`` step names a page of the trial's universe (``/ui/slack/``, ``/ui/jira/...``)
and answers ``{"page", "png"}``, the picture as a ``data:`` URL that the report shows in the
trial's trajectory. A scenario's ``screenshots`` list is taken once the actors are done, before
the checks. The browser is Chromium at ``$DARKFACTORY_CHROMIUM`` (``/usr/bin/chromium`` by
default); Playwright comes with ``darkfactory[screenshots]``.
"""

from __future__ import annotations

import base64
import os
from typing import Any
from urllib.parse import urlencode, urlsplit

from darkfactory.scenarios.context import StepError, Trial
from darkfactory.twins.kit.access import QUERY

CHROMIUM = "/usr/bin/chromium"
SIZE = (1280, 800)
ARGUMENTS = {"page", "wait_for", "timeout", "full_page", "width", "height"}
WAIT = 10.0  # seconds a page has to show what ``wait_for`` names


def chromium() -> str:
    """The Chromium that takes the pictures."""
    return os.environ.get("DARKFACTORY_CHROMIUM", CHROMIUM)


def read(args: Any) -> dict[str, Any]:
    """A step's arguments: a page path, or ``{page, wait_for, timeout, full_page, width,
    height}``."""
    spec = {"page": args} if isinstance(args, str) else args
    if not isinstance(spec, dict) or not isinstance(spec.get("page"), str):
        raise StepError("a screenshot step names a page: '/ui/...' or {page: '/ui/...'}")
    unknown = sorted(set(spec) - ARGUMENTS)
    if unknown:
        raise StepError(f"a screenshot step takes {sorted(ARGUMENTS)}, not {unknown}")
    if not spec["page"].startswith("/"):
        raise StepError(f"a screenshot's page is a path of the universe, not {spec['page']!r}")
    return spec


def signed_in(url: str, token: str | None) -> str:
    """``url`` carrying the admin token once, which the universe keeps in a cookie."""
    if not token:
        return url
    joiner = "&" if urlsplit(url).query else "?"
    return f"{url}{joiner}{urlencode({QUERY: token})}"


def screenshot(trial: Trial, args: Any) -> dict[str, str]:
    """Open a page of the trial's universe and answer its picture."""
    spec = read(args)
    try:
        from playwright.sync_api import Error, TimeoutError, sync_playwright
    except ImportError as exc:
        raise StepError(
            "screenshots need Playwright: pip install 'darkfactory[screenshots]'"
        ) from exc
    width, height = spec.get("width", SIZE[0]), spec.get("height", SIZE[1])
    url = trial.url + spec["page"]
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium())
            try:
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(signed_in(url, trial.server.universe.admin_token))
                if spec.get("wait_for"):
                    wait = min(float(spec.get("timeout", WAIT)), trial.remaining())
                    try:
                        page.wait_for_selector(spec["wait_for"], timeout=wait * 1000)
                    except TimeoutError as exc:
                        raise StepError(
                            f"screenshot of {spec['page']}: {spec['wait_for']!r} never showed"
                            f" within {wait:g} s"
                        ) from exc
                picture = page.screenshot(full_page=bool(spec.get("full_page")))
            finally:
                browser.close()
    except Error as exc:
        raise StepError(f"screenshot of {spec['page']}: {exc.message.splitlines()[0]}") from exc
    return {
        "page": spec["page"],
        "png": "data:image/png;base64," + base64.b64encode(picture).decode(),
    }


def without_pictures(value: Any) -> Any:
    """``value`` with every picture replaced by a note naming its page (for a judge's prompt)."""
    if isinstance(value, dict):
        if isinstance(value.get("png"), str) and value["png"].startswith("data:image/"):
            return {**value, "png": f"[a screenshot of {value.get('page', 'a page')}]"}
        return {k: without_pictures(v) for k, v in value.items()}
    if isinstance(value, list):
        return [without_pictures(v) for v in value]
    return value
