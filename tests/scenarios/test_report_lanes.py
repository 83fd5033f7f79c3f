"""The trajectory viewer's timeline lanes: one per actor and per twin, over the trial's time."""

from __future__ import annotations

from darkfactory.scenarios.report import CHART_WIDTH, lanes, write
from darkfactory.scenarios.runner import Run
from darkfactory.scenarios.satisfaction import overall, score
from darkfactory.scenarios.trajectory import Trajectory


def trajectory() -> Trajectory:
    step = {"slack": {"method": "chat.postMessage"}}
    return Trajectory(
        "lanes",
        1,
        started_at=100.0,
        duration_s=4.0,
        turns=[
            {"actor": "ada", "step": step, "error": None, "at": 101.0, "duration_ms": 1000.0},
            {"actor": "bob", "step": {"wait": 1}, "error": "boom", "at": 100.0, "duration_ms": 0},
        ],
        requests=[
            {
                "at": 101.5,
                "twin": "slack",
                "operation": "chat.postMessage",
                "status": 200,
                "duration_ms": 20.0,
            }
        ],
    )


def test_lanes_place_each_step_and_request_on_the_trial_s_time_axis():
    rows = dict(lanes(trajectory()))
    assert list(rows) == ["bob", "ada", "slack"]
    (ada,) = rows["ada"]
    assert (ada["x"], ada["w"]) == (CHART_WIDTH / 4, CHART_WIDTH / 4)
    assert not ada["failed"] and "slack" in ada["label"]
    (bob,) = rows["bob"]
    assert bob["x"] == 0 and bob["w"] == 2.0 and bob["failed"]
    (request,) = rows["slack"]
    assert request["x"] == CHART_WIDTH * 1.5 / 4 and "chat.postMessage → 200" in request["label"]
    assert lanes(Trajectory("empty", 1)) == []


def test_the_report_draws_the_lanes(tmp_path):
    scores = [score("lanes", [False])]
    page = write(Run(scores, overall(scores), [trajectory()]), tmp_path).read_text()
    assert page.count('<g class="lane">') == 3
    assert f'x="{140 + CHART_WIDTH / 4}"' in page
