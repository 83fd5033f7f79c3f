"""The HTML report and its trajectory viewer, in headless Chromium."""

from __future__ import annotations

import pytest
from tests.scenarios.test_runner import SCENARIOS, SUT

from darkfactory.scenarios import load_dir, report, run

pytestmark = pytest.mark.browser


def test_report_shows_scores_and_trajectories(tmp_path, browser_page):
    result = run(load_dir(SCENARIOS), SUT, trials=2, parallel=2)
    page_path = report.write(result, tmp_path)
    page = browser_page
    page.goto(page_path.as_uri())
    assert page.locator("#overall").inner_text() == "satisfaction 100%"
    assert page.locator('rect.bar[data-scenario="greeted-back"]').get_attribute("width") == "500.0"
    trajectory = page.locator('details.trajectory[data-trial="1"]')
    assert not trajectory.locator("table.requests").is_visible()
    trajectory.locator("summary").first.click()
    requests = trajectory.locator("table.requests")
    requests.wait_for()
    assert "chat.postMessage" in requests.inner_text()
    assert "welcomed in the thread" in trajectory.locator("table.verdicts").inner_text()
    lanes = trajectory.locator("svg.lanes g.lane")
    names = [lanes.nth(n).locator("text").text_content() for n in range(lanes.count())]
    assert len(names) >= 2 and "slack" in names
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
