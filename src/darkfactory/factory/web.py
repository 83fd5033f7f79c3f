"""``factory serve``: the runs of a project in a browser, live over Server-Sent Events.

Pages: the runs; a run (its pipeline graph coloured by each node's state, the timeline of stages,
satisfaction per iteration, cost per stage); a stage (the agent's conversation read from the
context store, its other attempts as branches, the diff it made to the workspace); and each
iteration's scenario report, the scenario runner's own trajectory viewer.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from darkfactory.context import ContextStore
from darkfactory.factory import workspace
from darkfactory.factory.project import Project
from darkfactory.factory.record import RunRecord
from darkfactory.factory.run import REPORTS, load_graph
from darkfactory.factory.status import RUNNING, RunStatus, runs
from darkfactory.pipeline.graph import Graph

KIT_STATIC = Path(__file__).parents[1] / "twins" / "kit" / "ui" / "static"
POLL_SECONDS = 0.3
FOLD_OVER = 400  # characters of tool output shown before it is folded

TEMPLATES = Environment(
    loader=PackageLoader("darkfactory.factory", "ui/templates"), autoescape=select_autoescape()
)


def duration(status: RunStatus) -> str:
    if not status.finished_at:
        return ""
    seconds = (
        datetime.fromisoformat(status.finished_at) - datetime.fromisoformat(status.started_at)
    ).total_seconds()
    return f"{int(seconds // 60)}m {int(seconds % 60):02d}s"


def layout(graph: Graph) -> list[dict[str, Any]]:
    """The nodes in the order a walk from the start first reaches them, with the edges each
    starts: forward ones point right, the loop's way back is drawn above."""
    start = graph.start_node()
    order, queue = [], [start.id] if start else []
    while queue:
        current = queue.pop(0)
        if current in order:
            continue
        order.append(current)
        queue += [e.target for e in graph.edges if e.source == current]
    order += [n for n in graph.nodes if n not in order]
    index = {name: i for i, name in enumerate(order)}
    return [
        {
            "id": name,
            "label": graph.nodes[name].label or name,
            "x": i,
            "edges": [
                {"to": index[e.target], "back": index[e.target] <= i}
                for e in graph.edges
                if e.source == name and e.target in index
            ],
        }
        for i, name in enumerate(order)
    ]


def build_app(directory: str | Path) -> Starlette:
    project = Project.open(directory)

    def store() -> ContextStore:
        return ContextStore(project.store_path)

    def find(run_id: str) -> tuple[Path, RunStatus]:
        for run_dir, status in runs(project.runs):
            if status.run_id == run_id:
                return run_dir, status
        raise HTTPException(404, f"no run {run_id}")

    def page(template: str, **values: Any) -> HTMLResponse:
        html = TEMPLATES.get_template(template).render(project=project.root.name, **values)
        return HTMLResponse(html)

    async def runs_page(request: Request) -> Response:
        return page(
            "runs.html", runs=[status for _, status in runs(project.runs)], duration=duration
        )

    async def run_page(request: Request) -> Response:
        _, status = find(request.path_params["run_id"])
        graph = load_graph(project, project.settings())
        return page("run.html", run=status, nodes=layout(graph), data=json.dumps(asdict(status)))

    async def run_events(request: Request) -> Response:
        run_dir, _ = find(request.path_params["run_id"])

        async def stream():
            seen = None
            while True:
                status = RunStatus.load(run_dir)
                data = json.dumps(asdict(status))
                if data != seen:
                    seen = data
                    yield f"data: {data}\n\n"
                if status.status != RUNNING or await request.is_disconnected():
                    return
                await asyncio.sleep(POLL_SECONDS)

        return StreamingResponse(stream(), media_type="text/event-stream")

    async def stage_page(request: Request) -> Response:
        run_dir, status = find(request.path_params["run_id"])
        index = request.path_params["index"]
        if index >= len(status.timeline):
            raise HTTPException(404, f"run {status.run_id} has no stage {index}")
        entry = status.timeline[index]
        turns = []
        if entry.get("context_id"):
            records = store()
            try:
                record = RunRecord(records, status.context_id)
                turns = record.session_turns(int(entry["context_id"]))
            finally:
                records.close()
        attempts = [(i, e) for i, e in enumerate(status.timeline) if e["node"] == entry["node"]]
        report = f"{entry['node']}-{entry['iteration']}"
        return page(
            "stage.html",
            run=status,
            index=index,
            entry=entry,
            turns=turns,
            attempts=attempts,
            diff=workspace.diff(project.workspace, entry["commit"]) if entry.get("commit") else "",
            report=report if (run_dir / REPORTS / report / "index.html").exists() else "",
            fold_over=FOLD_OVER,
            pretty=lambda value: json.dumps(value, indent=2, ensure_ascii=False),
        )

    async def report_file(request: Request) -> Response:
        run_dir, _ = find(request.path_params["run_id"])
        reports = (run_dir / REPORTS).resolve()
        path = (reports / request.path_params["path"]).resolve()
        if not path.is_relative_to(reports) or not path.is_file():
            raise HTTPException(404, "no such report file")
        return FileResponse(path)

    return Starlette(
        routes=[
            Route("/", runs_page),
            Route("/runs/{run_id}", run_page),
            Route("/runs/{run_id}/events", run_events),
            Route("/runs/{run_id}/stages/{index:int}", stage_page),
            Route("/runs/{run_id}/reports/{path:path}", report_file),
            Mount("/static/kit", StaticFiles(directory=KIT_STATIC)),
            Mount("/static", StaticFiles(packages=[("darkfactory.factory", "ui/static")])),
        ]
    )
