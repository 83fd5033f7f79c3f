"""Reports of a run: ``report.json`` and a self-contained ``index.html`` with trajectories."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from darkfactory.scenarios.runner import Run
from darkfactory.scenarios.steps import ACTIONS
from darkfactory.scenarios.trajectory import Trajectory

TEMPLATES = Environment(
    loader=PackageLoader("darkfactory.scenarios", "templates"),
    autoescape=select_autoescape(["html"]),
)


def _entries(trajectory: Trajectory) -> list[tuple[float, str, str, bool, float]]:
    """The trial's steps and twin requests in time order: ``(at, who, what, failed, ms)``."""
    steps = [
        (
            turn["at"],
            turn["actor"],
            ", ".join(k for k in turn["step"] if k in ACTIONS),
            bool(turn["error"] and not turn.get("allowed")),
            turn.get("duration_ms") or 0.0,
        )
        for turn in trajectory.turns
        if turn.get("at") and isinstance(turn.get("step"), dict)
    ]
    requests = [
        (
            r["at"],
            r["twin"],
            f"{r['operation']} → {r['status']}",
            r["status"] >= 400,
            r.get("duration_ms") or 0.0,
        )
        for r in trajectory.requests
        if r.get("at")
    ]
    return sorted(steps + requests, key=lambda entry: entry[0])


def timeline(trajectory: Trajectory) -> list[tuple[float, str, str, bool]]:
    """The trial's steps and twin requests in time order: ``(at, who, what, failed)``."""
    return [entry[:4] for entry in _entries(trajectory)]


CHART_WIDTH = 800  # the lanes chart's time axis, in SVG units


def lanes(trajectory: Trajectory) -> list[tuple[str, list[dict[str, Any]]]]:
    """The timeline as lanes, one per actor or twin in order of first appearance: each entry a
    bar at ``x``, ``w`` wide (SVG units over the trial's time), its ``label`` and ``failed``."""
    entries = _entries(trajectory)
    if not entries:
        return []
    start = trajectory.started_at or entries[0][0]
    span = max([trajectory.duration_s or 0.0, *(at + ms / 1000 - start for at, *_, ms in entries)])
    found: dict[str, list[dict[str, Any]]] = {}
    for at, who, what, failed, ms in entries:
        found.setdefault(who, []).append(
            {
                "x": round(max(0.0, at - start) / span * CHART_WIDTH, 1),
                "w": round(max(2.0, ms / 1000 / span * CHART_WIDTH), 1),
                "label": f"+{at - start:.2f} s {what} ({ms:.0f} ms)",
                "failed": failed,
            }
        )
    return list(found.items())


def write(run: Run, directory: str | Path, title: str = "Scenario run") -> Path:
    """Write the JSON and HTML reports into ``directory``; returns the HTML page's path."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    data = run.as_dict()
    (folder / "report.json").write_text(json.dumps(data, indent=2, default=str))
    page = TEMPLATES.get_template("report.html").render(
        title=title,
        run=run,
        data=data,
        pretty=lambda value: json.dumps(value, indent=2, default=str),
        timeline=timeline,
        lanes=lanes,
        chart_width=CHART_WIDTH,
    )
    html = folder / "index.html"
    html.write_text(page)
    return html
