"""Reports of a run: ``report.json`` and a self-contained ``index.html`` with trajectories."""

from __future__ import annotations

import json
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from darkfactory.scenarios.runner import Run

TEMPLATES = Environment(
    loader=PackageLoader("darkfactory.scenarios", "templates"),
    autoescape=select_autoescape(["html"]),
)


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
    )
    html = folder / "index.html"
    html.write_text(page)
    return html
