"""``factory run``: a project's loop on the pipeline engine, every LLM and tool call recorded in
the context store, its spend summed, stopped by its budget, resumable after a ``kill -9``. The
agents have the summaries tool over the newest pyramid of the project's store (a stage runs
``darkfactory context summarize --db "$DARKFACTORY_CONTEXT_STORE" ...`` to write one).

The run stops when the pipeline exits (the holdout reached the target satisfaction), when a stage
fails for good, or, at the next stage boundary, once the budget is spent: its status is then
``budget_exhausted`` and ``--resume`` with a larger budget carries on from there.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from darkfactory.agent.tools import summaries_tool
from darkfactory.context import ContextStore
from darkfactory.context.pyramid import Pyramid
from darkfactory.factory import workspace
from darkfactory.factory.llm import llm_client
from darkfactory.factory.project import Project, ProjectError, Settings
from darkfactory.factory.record import RunRecord
from darkfactory.factory.status import (
    BUDGET_EXHAUSTED,
    FAIL,
    INTERRUPTED,
    RUNNING,
    SUCCESS,
    RunStatus,
    now,
    runs,
)
from darkfactory.pipeline import events as ev
from darkfactory.pipeline.agent_backend import AgentBackend
from darkfactory.pipeline.context import Context
from darkfactory.pipeline.engine import Engine
from darkfactory.pipeline.graph import Graph
from darkfactory.pipeline.parser import parse_dot
from darkfactory.pipeline.transforms import TransformRegistry
from darkfactory.pipeline.validation import Severity, ValidationError, validate

PIPELINE_DIR = "pipeline"
REPORT = Path("report") / "report.json"  # where a holdout stage's scenario report lands
REPORTS = "reports"  # each stage's report, kept per iteration
CONTEXT_FILE = "context.json"  # in a stage's directory: the store's contexts its files came from


@dataclass(frozen=True)
class Budget:
    usd: float | None = None
    tokens: int | None = None

    def spent(self, usd: float, tokens: int) -> bool:
        over_usd = self.usd is not None and usd >= self.usd
        return over_usd or (self.tokens is not None and tokens >= self.tokens)


def load_graph(project: Project, settings: Settings) -> Graph:
    """factory.dot with the spec as its goal and factory.toml's models on its stages."""
    graph = parse_dot(project.dot_path.read_text(encoding="utf-8"))
    spec = project.spec_text()
    if spec:
        graph.attrs["goal"] = spec
    for name, stage in settings.stages.items():
        node = graph.nodes.get(name)
        if node is None:
            raise ProjectError(f"factory.toml names stage {name!r}; factory.dot has no such node")
        for key, value in (("llm_provider", stage.provider), ("llm_model", stage.model)):
            if value:
                node.attrs[key] = value
    graph = TransformRegistry().apply(graph)
    errors = [d for d in validate(graph) if d.severity is Severity.ERROR]
    if errors:
        raise ValidationError(errors)
    return graph


def stage_variables(project: Project, settings: Settings) -> dict[str, str]:
    """What the stages' commands see besides the process environment."""
    return {
        "FACTORY_PROJECT": str(project.root),
        "FACTORY_WORKSPACE": str(project.workspace),
        "FACTORY_HOLDOUT": str(project.holdout),
        "FACTORY_SUT": settings.sut_command,
        "FACTORY_TARGET": str(settings.target_satisfaction),
        "FACTORY_TWINS": ",".join(settings.twins),
        # read by `darkfactory scenarios run`: where the holdout's trials run and are recorded
        "DARKFACTORY_EXECUTOR": settings.executor,
        "DARKFACTORY_CONTEXT_STORE": str(project.store_path),
        **({"DARKFACTORY_RAY_ADDRESS": settings.ray_address} if settings.ray_address else {}),
        # the darkfactory this run is, first on the PATH of the commands it starts
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        **settings.sut_env,
    }


class Factory:
    """One run's listener on the engine: it records stages, commits the workspace, reads
    satisfaction, keeps the status file and stops the run when the budget is spent."""

    def __init__(
        self,
        project: Project,
        settings: Settings,
        graph: Graph,
        run_dir: Path,
        record: RunRecord,
        status: RunStatus,
        budget: Budget,
        on_update: Callable[[RunStatus], None] | None = None,
    ) -> None:
        self.project, self.settings, self.graph = project, settings, graph
        self.run_dir, self.record, self.status, self.budget = run_dir, record, status, budget
        self.on_update = on_update
        self.cancel = threading.Event()
        self.exhausted = False

    def observe(self, node, context) -> list:
        """The recorder of a stage's agent session (AgentBackend's ``observe``)."""
        stage = self.settings.stages.get(node.id)
        recorder = self.record.session(node.id, stage.priced_as if stage else "")
        self.status.timeline[-1]["context_id"] = recorder.context_id
        self.publish()
        named = {"run_context_id": self.record.context_id, "context_id": recorder.context_id}
        stage_dir = self.run_dir / PIPELINE_DIR / node.id
        stage_dir.mkdir(parents=True, exist_ok=True)
        (stage_dir / CONTEXT_FILE).write_text(json.dumps(named))
        return [recorder]

    def __call__(self, event: ev.Event) -> None:
        name = getattr(event, "name", "")
        node = self.graph.nodes.get(name)
        if node is None or node.is_start or self.graph.is_exit_node(node):
            return
        if isinstance(event, ev.StageStarted):
            self._started(name)
        elif isinstance(event, ev.StageCompleted):
            self._finished(name, event.status, "")
        elif isinstance(event, ev.StageFailed):
            self._finished(name, "fail", event.error)

    def _started(self, name: str) -> None:
        iteration = self.record.stage_started(name)
        self.status.stage, self.status.iteration = name, iteration
        entry = {"node": name, "iteration": iteration, "status": RUNNING, "started_at": now()}
        self.status.timeline.append(entry)
        self.publish()

    def _finished(self, name: str, status: str, reason: str) -> None:
        iteration = self.status.iteration
        satisfaction, trials = self._scenarios(name, iteration)
        message = f"{name}: {status} (iteration {iteration})"
        commit = workspace.commit(self.project.workspace, message)
        self.record.stage_finished(name, status, reason, satisfaction, commit, trials)
        if satisfaction is not None:
            self.status.satisfaction.append({"iteration": iteration, "value": satisfaction})
        entry = self.status.timeline[-1]
        stage_spend = self.record.ledger.by("stage").get(name)
        entry.update(status=status, finished_at=now(), commit=commit, reason=reason)
        entry["usd"] = round(stage_spend.usd, 6) if stage_spend else 0.0
        total = self.record.ledger.total
        if self.budget.spent(total.usd, total.tokens):
            self.exhausted = True
            self.cancel.set()
        self.publish()

    def _scenarios(self, name: str, iteration: int) -> tuple[float | None, list[int]]:
        """The stage's scenario report, kept as ``reports/NODE-ITERATION/``: its satisfaction,
        and the contexts recording its trials."""
        report = self.run_dir / PIPELINE_DIR / name / REPORT
        if not report.exists():
            return None, []
        kept = self.run_dir / REPORTS / f"{name}-{iteration}"
        shutil.copytree(report.parent, kept, dirs_exist_ok=True)
        try:
            data = json.loads(report.read_text())
            satisfaction = float(data["overall"]["satisfaction"])
        except (ValueError, KeyError, TypeError):
            return None, []
        trajectories = data.get("trajectories") or []
        return satisfaction, [t["context_id"] for t in trajectories if t.get("context_id")]

    def publish(self) -> None:
        self.status.spend = self.record.ledger.summary()
        self.status.save(self.run_dir)
        if self.on_update is not None:
            self.on_update(self.status)


def new_run_id() -> str:
    return f"{datetime.now(UTC):%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:6]}"


def resumable(project: Project) -> Path:
    """The newest run that did not succeed."""
    for run_dir, status in runs(project.runs):
        if status.status != SUCCESS:
            return run_dir
    raise ProjectError(f"{project.root} has no run to resume")


def run(
    directory: str | Path,
    resume: bool = False,
    budget_usd: float | None = None,
    budget_tokens: int | None = None,
    on_update: Callable[[RunStatus], None] | None = None,
) -> RunStatus:
    """Run (or resume) the project's loop to its end; the final status."""
    project = Project.open(directory)
    settings = project.settings()
    budget = Budget(
        budget_usd if budget_usd is not None else settings.budget_usd,
        budget_tokens if budget_tokens is not None else settings.budget_tokens,
    )
    graph = load_graph(project, settings)
    project.runs.mkdir(parents=True, exist_ok=True)
    if not (project.workspace / ".git").exists():
        workspace.create(project.workspace, settings.workspace_start)
    store = ContextStore(project.store_path)
    try:
        if resume:
            run_dir = resumable(project)
            status = RunStatus.load(run_dir)
            record = RunRecord.reopen(store, status.context_id)
            status.status, status.reason, status.finished_at = RUNNING, "", ""
            for entry in status.timeline:  # the attempt the crash cut short
                if entry["status"] == RUNNING:
                    entry["status"] = INTERRUPTED
        else:
            run_id = new_run_id()
            run_dir = project.runs / run_id
            run_dir.mkdir()
            record = RunRecord.start(store, run_id, str(project.root), graph.goal)
            status = RunStatus(run_id, record.context_id)
        status.budget = {"usd": budget.usd, "tokens": budget.tokens}
        factory = Factory(project, settings, graph, run_dir, record, status, budget, on_update)
        factory.publish()
        return _drive(factory, resume)
    finally:
        store.close()


def _drive(factory: Factory, resume: bool) -> RunStatus:
    project, settings = factory.project, factory.settings
    total = factory.record.ledger.total
    if factory.budget.spent(total.usd, total.tokens):
        return _finish(factory, BUDGET_EXHAUSTED, "the budget was spent before this run started")
    context = Context()
    context.set("internal.env", stage_variables(project, settings))
    with llm_client(project, settings) as client:
        store = factory.record.store
        backend = AgentBackend(
            working_dir=project.workspace,
            client=client,
            observe=factory.observe,
            tools=[summaries_tool(lambda: Pyramid.newest(store))],
        )
        engine = Engine(backend=backend)
        engine.events.subscribe(factory)
        result = engine.run(
            factory.graph,
            factory.run_dir / PIPELINE_DIR,
            resume=resume,
            cancel=factory.cancel,
            context=context,
        )
    if factory.exhausted:
        return _finish(factory, BUDGET_EXHAUSTED, "budget spent")
    outcome = SUCCESS if result.succeeded else FAIL
    return _finish(factory, outcome, result.failure_reason)


def _finish(factory: Factory, outcome: str, reason: str) -> RunStatus:
    status = factory.status
    status.status, status.reason, status.finished_at = outcome, reason, now()
    factory.record.run_finished(outcome, reason)
    factory.publish()
    return status
