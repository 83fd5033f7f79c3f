"""Reports of a run: ``report.json`` and a self-contained ``index.html`` with trajectories."""

from __future__ import annotations

import json
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from darkfactory.scenarios.runner import Run
from darkfactory.scenarios.steps import ACTIONS
from darkfactory.scenarios.trajectory import Trajectory

TEMPLATES = Environment(
    loader=PackageLoader("darkfactory.scenarios", "templates"),
    autoescape=select_autoescape(["html"]),
)


def timeline(trajectory: Trajectory) -> list[tuple[float, str, str, bool]]:
    """The trial's steps and twin requests in time order: ``(at, who, what, failed)``."""
    steps = [
        (
            turn["at"],
            turn["actor"],
            ", ".join(k for k in turn["step"] if k in ACTIONS),
            bool(turn["error"] and not turn.get("allowed")),
        )
        for turn in trajectory.turns
        if turn.get("at") and isinstance(turn.get("step"), dict)
    ]
    requests = [
        (r["at"], r["twin"], f"{r['operation']} → {r['status']}", r["status"] >= 400)
        for r in trajectory.requests
        if r.get("at")
    ]
    return sorted(steps + requests, key=lambda entry: entry[0])


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
    )
    html = folder / "index.html"
    html.write_text(page)
    return html
