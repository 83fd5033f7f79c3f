"""HTTP server mode (§9.5): start pipelines, watch them, answer their human gates, stream events.

    POST /pipelines  (alias POST /run)          {"dot": "..."} -> 201 {"id": ...}
    GET  /pipelines/{id}  (alias GET /status?id=)  status, current node, pending questions
    GET  /pipelines/{id}/events                 SSE: every event so far, then live ones
    POST /pipelines/{id}/cancel
    GET  /pipelines/{id}/graph                  SVG (Graphviz)
    GET  /pipelines/{id}/questions
    POST /pipelines/{id}/questions/{qid}/answer (alias POST /answer {"id", "question_id"?, "value"})
    GET  /pipelines/{id}/checkpoint | /context
    GET  /ui                                    web page: runs and their human gates as buttons

Each pipeline runs on its own thread with an `HttpInterviewer`, so a human gate waits for
`POST .../answer`. Client mistakes get a JSON `{"error": {"code", "message"}}` with a 4xx.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sse_starlette.sse import EventSourceResponse
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from darkfactory.pipeline import events as ev
from darkfactory.pipeline.backends import CodergenBackend
from darkfactory.pipeline.checkpoint import Checkpoint
from darkfactory.pipeline.engine import Engine, RunResult
from darkfactory.pipeline.graph import Graph
from darkfactory.pipeline.interviewers import HttpInterviewer, PendingQuestion
from darkfactory.pipeline.parser import ParseError
from darkfactory.pipeline.runner import prepare
from darkfactory.pipeline.serializer import to_dot
from darkfactory.pipeline.validation import ValidationError

SSE_POLL_SECONDS = 0.05
TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, **extra: Any):
        super().__init__(message)
        self.status, self.code, self.message, self.extra = status, code, message, extra


@dataclass
class PipelineRun:
    id: str
    graph: Graph
    logs_root: Path
    interviewer: HttpInterviewer
    cancel: threading.Event = field(default_factory=threading.Event)
    history: list[dict[str, Any]] = field(default_factory=list)
    result: RunResult | None = None
    error: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, payload: dict[str, Any]) -> None:
        with self.lock:
            self.history.append({"type": kind, **payload})

    @property
    def status(self) -> str:
        if self.result is not None:
            return "cancelled" if self.cancel.is_set() else self.result.status.value
        return "failed" if self.error else "running"

    def describe(self) -> dict[str, Any]:
        # Questions first: a pending question's checkpoint is already on disk, so reading it
        # second can never show the stage before the gate beside the gate's question.
        pending = [question_json(p) for p in self.interviewer.pending()]
        checkpoint = self.checkpoint()
        return {
            "id": self.id,
            "name": self.graph.name,
            "goal": self.graph.goal,
            "status": self.status,
            "current_node": checkpoint.get("next_node") or checkpoint.get("current_node", ""),
            "completed_nodes": checkpoint.get("completed_nodes", []),
            "failure_reason": self.result.failure_reason if self.result else self.error,
            "pending_questions": pending,
            "logs_root": str(self.logs_root),
        }

    def checkpoint(self) -> dict[str, Any]:
        exists = Checkpoint.exists(self.logs_root)
        return Checkpoint.load(self.logs_root).to_dict() if exists else {}


def question_json(pending: PendingQuestion) -> dict[str, Any]:
    return {"id": pending.id, **pending.question.to_dict()}


class PipelineServer:
    """Owns the runs; the Starlette app is a thin layer over it."""

    def __init__(self, logs_root: str | Path, backend: CodergenBackend | None = None):
        self.logs_root = Path(logs_root)
        self.backend = backend
        self.runs: dict[str, PipelineRun] = {}

    def start(self, dot_source: str) -> PipelineRun:
        try:
            graph, _ = prepare(dot_source)
        except ParseError as error:
            raise ApiError(
                400, "parse_error", error.message, line=error.line, column=error.column
            ) from None
        except ValidationError as error:
            diagnostics = [
                {"rule": d.rule, "severity": d.severity.value, "message": d.message}
                for d in error.diagnostics
            ]
            raise ApiError(422, "invalid_pipeline", str(error), diagnostics=diagnostics) from None
        run_id = f"p{uuid.uuid4().hex[:12]}"
        run = PipelineRun(run_id, graph, self.logs_root / run_id, HttpInterviewer())
        run.interviewer.on_question = lambda p: run.record(
            "QuestionPending", {"question": question_json(p)}
        )
        events = ev.EventBus()
        events.subscribe(lambda e: run.record(e.kind, e.to_dict()))
        engine = Engine(backend=self.backend, interviewer=run.interviewer, events=events)
        self.runs[run_id] = run

        def work() -> None:
            try:
                run.result = engine.run(graph, run.logs_root, cancel=run.cancel)
            except Exception as error:
                run.error = f"{type(error).__name__}: {error}"
            run.record("RunFinished", {"status": run.status})

        threading.Thread(target=work, name=f"pipeline-{run_id}", daemon=True).start()
        return run

    def get(self, run_id: str | None) -> PipelineRun:
        if not run_id:
            raise ApiError(400, "missing_id", "pipeline id is required")
        run = self.runs.get(run_id)
        if run is None:
            raise ApiError(404, "not_found", f"no pipeline {run_id}")
        return run

    def answer(self, run: PipelineRun, question_id: str | None, value: Any) -> dict[str, Any]:
        if not isinstance(value, str) or not value:
            raise ApiError(400, "invalid_answer", "answer 'value' must be a non-empty string")
        pending = run.interviewer.pending()
        if question_id is None:
            if len(pending) != 1:
                raise ApiError(409, "ambiguous_question", f"{len(pending)} questions are pending")
            question_id = pending[0].id
        try:
            answer = run.interviewer.answer(question_id, value)
        except KeyError:
            raise ApiError(404, "not_found", f"no pending question {question_id}") from None
        return {"question_id": question_id, "answer": answer.to_dict()}


async def _json_body(request: Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise ApiError(400, "invalid_json", "request body must be a JSON object") from None
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_json", "request body must be a JSON object")
    return body


def build_app(server: PipelineServer) -> Starlette:
    async def create(request: Request) -> Response:
        body = await _json_body(request)
        if not isinstance(body.get("dot"), str):
            raise ApiError(400, "missing_dot", "field 'dot' (the DOT source) is required")
        run = server.start(body["dot"])
        return JSONResponse({"id": run.id, "status": run.status}, status_code=201)

    async def status(request: Request) -> Response:
        run_id = request.path_params.get("id") or request.query_params.get("id")
        return JSONResponse(server.get(run_id).describe())

    async def events(request: Request) -> Response:
        run = server.get(request.path_params["id"])

        async def stream():
            sent = 0
            while True:
                with run.lock:
                    fresh = run.history[sent:]
                for item in fresh:
                    sent += 1
                    yield {"id": str(sent), "event": item["type"], "data": json.dumps(item)}
                if fresh and fresh[-1]["type"] == "RunFinished":
                    return
                if await request.is_disconnected():
                    return
                await asyncio.sleep(SSE_POLL_SECONDS)

        return EventSourceResponse(stream())

    async def cancel(request: Request) -> Response:
        run = server.get(request.path_params["id"])
        run.cancel.set()
        run.interviewer.cancel_all()
        return JSONResponse({"id": run.id, "status": "cancelling"}, status_code=202)

    async def graph(request: Request) -> Response:
        run = server.get(request.path_params["id"])
        dot = shutil.which("dot")
        if dot is None:
            raise ApiError(501, "graphviz_missing", "Graphviz 'dot' is not installed")
        done = subprocess.run(
            [dot, "-Tsvg"],
            input=to_dot(run.graph, for_graphviz=True),
            capture_output=True,
            text=True,
            check=False,
        )
        return Response(done.stdout, media_type="image/svg+xml")

    async def questions(request: Request) -> Response:
        run = server.get(request.path_params["id"])
        return JSONResponse({"questions": [question_json(p) for p in run.interviewer.pending()]})

    async def answer(request: Request) -> Response:
        body = await _json_body(request)
        run = server.get(request.path_params.get("id") or body.get("id"))
        question_id = request.path_params.get("qid") or body.get("question_id")
        return JSONResponse(server.answer(run, question_id, body.get("value")))

    async def checkpoint(request: Request) -> Response:
        return JSONResponse(server.get(request.path_params["id"]).checkpoint())

    async def context(request: Request) -> Response:
        values = server.get(request.path_params["id"]).checkpoint().get("context", {})
        return JSONResponse({"context": values})

    async def ui(request: Request) -> Response:
        runs = [run.describe() for run in reversed(server.runs.values())]
        refresh = any(r["status"] == "running" and not r["pending_questions"] for r in runs)
        return TEMPLATES.TemplateResponse(request, "runs.html", {"runs": runs, "refresh": refresh})

    async def ui_answer(request: Request) -> Response:
        form = await request.form()
        run = server.get(request.path_params["id"])
        server.answer(run, request.path_params["qid"], form.get("value"))
        return RedirectResponse("/ui", status_code=303)

    async def api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        body = {"error": {"code": exc.code, "message": exc.message, **exc.extra}}
        return JSONResponse(body, status_code=exc.status)

    routes = [
        Route("/pipelines", create, methods=["POST"]),
        Route("/run", create, methods=["POST"]),
        Route("/status", status),
        Route("/answer", answer, methods=["POST"]),
        Route("/pipelines/{id}", status),
        Route("/pipelines/{id}/events", events),
        Route("/pipelines/{id}/cancel", cancel, methods=["POST"]),
        Route("/pipelines/{id}/graph", graph),
        Route("/pipelines/{id}/questions", questions),
        Route("/pipelines/{id}/questions/{qid}/answer", answer, methods=["POST"]),
        Route("/pipelines/{id}/checkpoint", checkpoint),
        Route("/pipelines/{id}/context", context),
        Route("/ui", ui),
        Route("/ui/pipelines/{id}/questions/{qid}/answer", ui_answer, methods=["POST"]),
    ]
    return Starlette(routes=routes, exception_handlers={ApiError: api_error})
