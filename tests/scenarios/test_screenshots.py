"""Screenshots in trials: a step pictures a page of the trial's universe, a scenario pictures
pages at the end, and the report shows the pictures in the trajectory viewer."""

from __future__ import annotations

import base64
import struct

import pytest

from darkfactory.scenarios import parse, report, run
from darkfactory.scenarios.context import StepError
from darkfactory.scenarios.screenshot import read, signed_in, without_pictures

pytestmark = pytest.mark.browser

PICTURED = """---
id: pictured
title: A message posted in a channel is seen in the Slack client
trials: 1
timeout: 60
universe: {fixtures: {slack: {users: 2, messages: 0}}}
screenshots: [/ui/]
actors:
  - name: poster
    steps:
      - slack: {method: conversations.list, as: admin}
        save_as: listing
      - slack:
          method: chat.postMessage
          as: admin
          args: {channel: "{{ listing.channels[0].id }}", text: "pictured in the client"}
      - screenshot:
          page: "/ui/slack/c/{{ listing.channels[0].id }}"
          wait_for: "text=pictured in the client"
          width: 900
          height: 600
        save_as: picture
checks:
  - {name: trivially true, code: "True"}
---
"""


def png_size(data_url: str) -> tuple[int, int]:
    """The width and height a PNG ``data:`` URL's header declares."""
    head, _, payload = data_url.partition(",")
    assert head == "data:image/png;base64"
    raw = base64.b64decode(payload)
    assert raw[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", raw[16:24])


def test_a_step_and_the_scenario_picture_pages_that_the_report_shows(tmp_path, browser_page):
    result = run([parse(PICTURED)], None)
    trajectory = result.trajectories[0]
    assert trajectory.satisfied, trajectory.verdicts
    pictures = [
        t for t in trajectory.turns if isinstance(t.get("result"), dict) and "png" in t["result"]
    ]
    assert [(t["actor"], t["result"]["page"]) for t in pictures] == [
        ("poster", pictures[0]["result"]["page"]),
        ("screenshots", "/ui/"),
    ]
    assert pictures[0]["result"]["page"].startswith("/ui/slack/c/C")
    assert png_size(pictures[0]["result"]["png"]) == (900, 600)
    assert png_size(pictures[1]["result"]["png"]) == (1280, 800)

    page = browser_page
    page.goto(report.write(result, tmp_path).as_uri())
    page.locator("details.trajectory summary").first.click()
    shown = page.locator("figure.screenshot img")
    assert shown.count() == 2
    assert shown.first.evaluate("img => img.complete && img.naturalWidth") == 900
    assert page.locator("figure.screenshot figcaption").nth(1).inner_text() == "/ui/"


def test_a_page_the_universe_cannot_show_fails_the_trial():
    scenario = PICTURED.replace(
        'wait_for: "text=pictured in the client"', 'wait_for: "text=never written anywhere"'
    ).replace("height: 600", "height: 600\n          timeout: 2")
    trajectory = run([parse(scenario)], None).trajectories[0]
    assert not trajectory.satisfied
    failed = [v for v in trajectory.verdicts if not v.passed]
    assert failed[0].name == "poster, step 3 (screenshot)"
    assert "'text=never written anywhere' never showed within 2 s" in failed[0].reason


def test_a_missing_browser_is_named(monkeypatch):
    monkeypatch.setenv("DARKFACTORY_CHROMIUM", "/nonexistent/chromium")
    trajectory = run([parse(PICTURED)], None).trajectories[0]
    failed = [v for v in trajectory.verdicts if not v.passed]
    assert failed and failed[0].name == "poster, step 3 (screenshot)"
    assert "/nonexistent/chromium" in failed[0].reason


@pytest.mark.parametrize(
    "args, message",
    [
        (3, "names a page"),
        ({"page": "https://example.com/"}, "a path of the universe"),
        ({"page": "/ui/", "zoom": 2}, "not ['zoom']"),
    ],
)
def test_malformed_screenshot_steps_are_refused(args, message):
    with pytest.raises(StepError, match=message.replace("[", r"\[").replace("]", r"\]")):
        read(args)


def test_the_admin_token_rides_once_on_the_first_address():
    assert signed_in("http://127.0.0.1:1/ui/", "t0k") == "http://127.0.0.1:1/ui/?token=t0k"
    assert signed_in("http://127.0.0.1:1/ui/?a=1", "t0k") == "http://127.0.0.1:1/ui/?a=1&token=t0k"
    assert signed_in("http://127.0.0.1:1/ui/", None) == "http://127.0.0.1:1/ui/"


def test_a_judge_reads_of_a_picture_only_its_page():
    turn = {"actor": "a", "result": {"page": "/ui/", "png": "data:image/png;base64,AAAA"}}
    assert without_pictures([turn]) == [
        {"actor": "a", "result": {"page": "/ui/", "png": "[a screenshot of /ui/]"}}
    ]
    assert without_pictures({"png": "not a picture"}) == {"png": "not a picture"}
