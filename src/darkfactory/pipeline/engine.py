"""The execution engine (§3): run lifecycle, core loop, retries, goal gates, resume.

    engine = Engine(backend=None, interviewer=AutoApproveInterviewer())
    result = engine.run(graph, logs_root)            # or engine.run(graph, logs_root, resume=True)

Traversal is single-threaded (§3.8); only the parallel handler runs branches concurrently, each on
an isolated clone of the context. After every node the engine writes the stage's status.json and
appends to the checkpoint log what the node changed, naming the node to run next, so a crashed run
resumes exactly there; `checkpoint.json` is written when the run ends or is cancelled.

A run that stops at a node none of whose outgoing edges matches its outcome (§3.2) does not
succeed: it ends with status `stopped` and a reason naming the node and the outcome.
"""

from __future__ import annotations

import os
import random
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from darkfactory.pipeline import events as ev
from darkfactory.pipeline.backends import CodergenBackend
from darkfactory.pipeline.checkpoint import Checkpoint
from darkfactory.pipeline.checkpoint_log import CheckpointLog
from darkfactory.pipeline.context import Context
from darkfactory.pipeline.fidelity import RESUME_MODE, resolve_fidelity, resolve_thread
from darkfactory.pipeline.graph import Edge, Graph, Node
from darkfactory.pipeline.handlers import Handler, HandlerRegistry
from darkfactory.pipeline.handlers.codergen import HISTORY_KEY
from darkfactory.pipeline.interviewers import AutoApproveInterviewer, Interviewer
from darkfactory.pipeline.outcome import Outcome, StageStatus, fail
from darkfactory.pipeline.retry import RetryPolicy, build_retry_policy
from darkfactory.pipeline.routing import (
    failure_target,
    retry_target,
    select_edge,
    unsatisfied_goal_gate,
)
from darkfactory.pipeline.rundir import RunDir
from darkfactory.pipeline.validation import register_handler_type

HISTORY_LIMIT = 25
MAX_BRANCH_STEPS = 1000
MAX_STEPS = 10_000  # stages per run, so a cycle that never exits ends the run instead of hanging


class PipelineError(RuntimeError):
    """A structural problem found at run time (no start node, unknown node id...)."""


@dataclass
class RunResult:
    """The pipeline's outcome: status, the nodes it completed and the final context."""

    status: StageStatus
    completed_nodes: list[str]
    node_outcomes: dict[str, Outcome]
    context: Context
    logs_root: Path
    failure_reason: str = ""
    notes: str = ""
    stopped: bool = False  # ended before the exit because no outgoing edge matched (see reason)

    @property
    def succeeded(self) -> bool:
        return self.status == StageStatus.SUCCESS


@dataclass
class RunState:
    """Everything the loop mutates; what a checkpoint saves."""

    graph: Graph
    run_dir: RunDir
    context: Context
    completed: list[str] = field(default_factory=list)
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    outcome_docs: dict[str, dict] = field(default_factory=dict)  # outcomes as status documents
    retries: dict[str, int] = field(default_factory=dict)
    cancelled: threading.Event = field(default_factory=threading.Event)
    step: int = 0
    log: CheckpointLog | None = None  # the checkpoint log; parallel branches keep none
    head: dict = field(default_factory=dict)  # the head of the checkpoint last appended
    plans: dict[str, tuple[Handler, RetryPolicy]] = field(default_factory=dict)  # per node id

    def plan(self, registry: HandlerRegistry, node: Node) -> tuple[Handler, RetryPolicy]:
        """The node's handler and retry policy, resolved on its first visit of the run."""
        plan = self.plans.get(node.id)
        if plan is None:
            plan = (registry.resolve(node), build_retry_policy(node, self.graph))
            self.plans[node.id] = plan
        return plan


def seed_context(context: Context, graph: Graph, run_id: str, logs_root: Path, run_root: Path):
    """Mirror the graph's attributes as `graph.*` and record the run's identity (§3.1 step 4)."""
    for key, value in graph.attrs.items():
        context.set(f"graph.{key}", value)
    context.set("graph.goal", graph.goal)
    context.set("internal.run_id", run_id)
    context.set("internal.logs_root", str(logs_root))  # where stages write (the active dir)
    context.set("internal.run_root", str(run_root))  # where the manifest lives
    return context


def no_route(node: Node, outcome: Outcome, graph: Graph) -> str:
    """Why a run ends at `node`: none of its outgoing edges matches the outcome, or it has none."""
    if not graph.outgoing_edges(node.id):
        return f"run ended at node {node.id!r} because it has no outgoing edge"
    label = f" (preferred label {outcome.preferred_label!r})" if outcome.preferred_label else ""
    return (
        f"run ended at node {node.id!r} because no outgoing edge matched outcome "
        f"{outcome.status.value!r}{label}"
    )


class Engine:
    def __init__(
        self,
        backend: CodergenBackend | None = None,
        interviewer: Interviewer | None = None,
        events: ev.EventBus | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
        max_steps: int = MAX_STEPS,
    ):
        from darkfactory.pipeline.handlers.builtin import default_registry

        self.backend = backend
        self.interviewer = interviewer or AutoApproveInterviewer()
        self.events = events or ev.EventBus()
        self.sleep = sleep
        self.rng = rng
        self.max_steps = max_steps
        self.registry: HandlerRegistry = default_registry(self)

    def register(self, type_string: str, handler: Handler) -> None:
        """Add or replace the handler for a node type (§4.12); the `type_known` lint learns it."""
        self.registry.register(type_string, handler)
        register_handler_type(type_string)

    # -- lifecycle ---------------------------------------------------------------------------
    def run(
        self,
        graph: Graph,
        logs_root: str | Path,
        resume: bool = False,
        cancel: threading.Event | None = None,
        context: Context | None = None,
    ) -> RunResult:
        run_dir = RunDir(logs_root)
        run_dir.root.mkdir(parents=True, exist_ok=True)
        if resume and run_dir.manifest_path.exists():
            run_dir = RunDir(run_dir.read_manifest().get("active_dir") or run_dir.root)
        checkpoint = None
        if resume and Checkpoint.exists(run_dir.root):
            checkpoint = Checkpoint.load(run_dir.root)
        if checkpoint is not None:
            state = self._restore(graph, run_dir, checkpoint)
            if checkpoint.status != "running":
                state.log.close()
                return self._result(state, checkpoint.status, checkpoint.reason)
            start = checkpoint.next_node
        else:
            state = self._initialize(graph, run_dir, context)
            start = self._start_node(graph).id
        if cancel is not None:
            state.cancelled = cancel
        started = time.monotonic()
        self.events.emit(
            ev.PipelineStarted(name=graph.name, id=state.context.get_string("internal.run_id"))
        )
        result = self._loop(state, start)
        duration = time.monotonic() - started
        if result.succeeded:
            if self.events.listening:  # counting the artifacts walks the whole run directory
                artifacts = sum(len(files) for _, _, files in os.walk(result.logs_root))
                self.events.emit(ev.PipelineCompleted(duration=duration, artifact_count=artifacts))
        else:
            self.events.emit(ev.PipelineFailed(error=result.failure_reason, duration=duration))
        return result

    def child(self) -> Engine:
        """An engine for a sub-pipeline: same backend, interviewer and custom handlers."""
        child = Engine(
            self.backend, self.interviewer, ev.EventBus(), self.sleep, self.rng, self.max_steps
        )
        for type_string, handler in self.registry.handlers.items():
            if getattr(handler, "engine", None) is not self:
                child.registry.register(type_string, handler)
        return child

    def run_branch(
        self, start: str, context: Context, graph: Graph, logs_root: Path, stop: threading.Event
    ) -> dict:
        """Run one parallel branch on its own context until it reaches a fan-in node, the exit
        or a dead end; its context is the branch's alone and is never merged back."""
        state = RunState(graph, RunDir(logs_root), context, cancelled=stop)
        current, last, previous = start, Outcome(), ""
        join = ""
        while current:
            node = graph.nodes.get(current)
            if node is None:
                raise PipelineError(f"edge leads to unknown node {current!r}")
            if node.handler_type == "parallel.fan_in" or graph.is_exit_node(node):
                join = node.id
                break
            if stop.is_set() or len(state.completed) > MAX_BRANCH_STEPS:
                break
            self._enter(state, node, None, previous)
            last = self.execute_node(node, state)
            self._record(state, node, last)
            route = self._route(node, last, context, graph)
            previous, current = node.id, route.target if isinstance(route, Edge) else route
        return {
            "id": start,
            "status": last.status.value,
            "notes": last.notes,
            "failure_reason": last.failure_reason,
            "score": context.get("score", 0),
            "last_response": context.get_string("last_response"),
            "completed_nodes": state.completed,
            "join": join,
        }

    def _initialize(self, graph: Graph, run_dir: RunDir, context: Context | None) -> RunState:
        run_id = uuid.uuid4().hex[:12]
        context = seed_context(context or Context(), graph, run_id, run_dir.root, run_dir.root)
        run_dir.write_manifest(
            {
                "name": graph.name,
                "goal": graph.goal,
                "label": graph.label,
                "run_id": run_id,
                "started_at": datetime.now(UTC).isoformat(),
                "active_dir": str(run_dir.root),
            }
        )
        state = RunState(graph, run_dir, context, log=CheckpointLog(run_dir.root))
        self._checkpoint(state, "", self._start_node(graph).id, announce=False, full=True)
        return state

    def _restore(self, graph: Graph, run_dir: RunDir, checkpoint: Checkpoint) -> RunState:
        context = Context(checkpoint.context_values, checkpoint.logs)
        if context.get_string("internal.fidelity") == "full":
            context.set("internal.resume_degrade", True)
        state = RunState(
            graph,
            run_dir,
            context,
            completed=list(checkpoint.completed_nodes),
            outcomes={k: Outcome.from_status(v) for k, v in checkpoint.node_outcomes.items()},
            outcome_docs=dict(checkpoint.node_outcomes),
            retries=dict(checkpoint.node_retries),
            log=CheckpointLog(run_dir.root),
        )
        state.step = len(state.completed)
        # the log restarts from the loaded state, which may have come from a checkpoint.json
        self._checkpoint(
            state,
            checkpoint.current_node,
            checkpoint.next_node,
            checkpoint.status,
            announce=False,
            reason=checkpoint.reason,
            full=True,
        )
        return state

    @staticmethod
    def _start_node(graph: Graph) -> Node:
        node = graph.start_node()
        if node is None:
            raise PipelineError("the graph has no start node (shape=Mdiamond or id start)")
        return node

    # -- the core loop (§3.2) ----------------------------------------------------------------
    def _loop(self, state: RunState, current: str) -> RunResult:
        box = [state]  # the live state: a loop_restart replaces it
        try:
            return self._traverse(box, current)
        except Exception as error:  # a pipeline error at run time ends the run as FAIL
            return self._finish(box[0], fail(f"{type(error).__name__}: {error}"), "")
        finally:
            box[0].log.close()

    def _traverse(self, box: list[RunState], current: str) -> RunResult:
        state = box[0]
        graph, context = state.graph, state.context
        incoming: Edge | None = None
        previous = state.completed[-1] if state.completed else ""
        while True:
            if state.cancelled.is_set():  # the checkpoint stays resumable
                self._write_view(state)
                return self._result(state, "fail", "pipeline cancelled")
            if state.step >= self.max_steps:
                reason = f"stopped after {self.max_steps} stages: the graph loops without end"
                return self._finish(state, fail(reason), "")
            node = graph.nodes.get(current)
            if node is None:
                raise PipelineError(f"edge leads to unknown node {current!r}")
            if graph.is_exit_node(node):
                gate = unsatisfied_goal_gate(graph, state.outcomes)
                if gate is not None:
                    target = retry_target(gate, graph)
                    if not target:
                        reason = f"Goal gate unsatisfied and no retry target: {gate.id}"
                        return self._finish(state, fail(reason), "")
                    context.append_log(f"goal gate {gate.id} unsatisfied: retrying at {target}")
                    current, incoming = target, None
                    continue
            self._enter(state, node, incoming, previous)
            outcome = self.execute_node(node, state)
            self._record(state, node, outcome)
            if graph.is_exit_node(node):
                return self._finish(state, Outcome(notes="Pipeline completed"), node.id)
            route = self._route(node, outcome, context, graph)
            next_id = route.target if isinstance(route, Edge) else route
            if isinstance(route, Edge) and route.loop_restart:
                state = box[0] = self._restart(state)
                context = state.context
            self._checkpoint(state, node.id, next_id)
            if not next_id:
                if outcome.status == StageStatus.FAIL:
                    return self._finish(state, outcome, node.id)
                return self._finish(state, fail(no_route(node, outcome, graph)), node.id, "stopped")
            previous, current = node.id, next_id
            incoming = route if isinstance(route, Edge) else None

    def _enter(self, state: RunState, node: Node, incoming: Edge | None, previous: str) -> None:
        context = state.context
        mode = resolve_fidelity(node, state.graph, incoming)
        if context.get("internal.resume_degrade"):
            mode = RESUME_MODE
            context.set("internal.resume_degrade", False)
        context.set("current_node", node.id)
        context.set("internal.fidelity", mode)
        context.set("internal.thread_id", resolve_thread(node, state.graph, incoming, previous))

    def _record(self, state: RunState, node: Node, outcome: Outcome) -> None:
        context = state.context
        document = state.run_dir.write_status(node.id, outcome)
        if outcome.status == StageStatus.SKIPPED:
            return
        state.completed.append(node.id)
        state.outcomes[node.id] = outcome
        state.outcome_docs[node.id] = document
        failed = outcome.status == StageStatus.FAIL and outcome.failure_reason
        reason = f" ({outcome.failure_reason})" if failed else ""
        context.append_log(f"{node.id}: {outcome.status.value}{reason}")
        context.apply_updates(outcome.context_updates)
        context.set("outcome", outcome.status.value)
        if outcome.preferred_label:
            context.set("preferred_label", outcome.preferred_label)
        history = [*(context.get(HISTORY_KEY) or []), [node.id, outcome.status.value]]
        context.set(HISTORY_KEY, history[-HISTORY_LIMIT:])

    @staticmethod
    def _route(node: Node, outcome: Outcome, context: Context, graph: Graph) -> Edge | str:
        """The next edge, or a node id for jumps (retry targets, a parallel block's join)."""
        if outcome.status == StageStatus.FAIL:
            return failure_target(node, outcome, context, graph)
        if node.handler_type == "parallel":
            joins = [j for j in outcome.suggested_next_ids if j in graph.nodes]
            return joins[0] if joins else ""
        return select_edge(node, outcome, context, graph) or ""

    def _restart(self, state: RunState) -> RunState:
        """`loop_restart`: a fresh context and a fresh log directory under the run's root."""
        root = RunDir(state.context.get_string("internal.run_root") or state.run_dir.root)
        manifest = root.read_manifest()
        restarts = int(manifest.get("restarts", 0)) + 1
        fresh = RunDir(root.root / f"restart-{restarts}")
        fresh.root.mkdir(parents=True, exist_ok=True)
        self._checkpoint(state, state.completed[-1] if state.completed else "", "", "restarted")
        self._write_view(state)
        state.log.close()
        run_id = manifest.get("run_id", "")
        context = seed_context(Context(), state.graph, run_id, fresh.root, root.root)
        root.write_manifest({**manifest, "restarts": restarts, "active_dir": str(fresh.root)})
        log = CheckpointLog(fresh.root)
        return RunState(state.graph, fresh, context, cancelled=state.cancelled, log=log)

    def _checkpoint(
        self,
        state: RunState,
        current: str,
        next_id: str,
        status: str = "running",
        announce: bool = True,
        reason: str = "",
        full: bool = False,
    ) -> None:
        """Append what changed since the last checkpoint; `full` writes the whole state (the
        first checkpoint of a log, whose context may hold values set before the run)."""
        log = state.log
        changes = state.context.take_changes()
        state.head = {
            "timestamp": datetime.now(UTC).isoformat(),
            "current_node": current,
            "next_node": next_id,
            "status": status,
            "reason": reason,
            "node_retries": state.retries,
        }
        log.append(
            head=state.head,
            completed=[(n, state.outcome_docs[n]) for n in state.completed[log.completed_count :]],
            context=state.context.snapshot(deep=False) if full else changes,
            logs=state.context.logs_since(log.log_count),
        )
        if announce:
            self.events.emit(ev.CheckpointSaved(node_id=current))

    @staticmethod
    def _write_view(state: RunState) -> None:
        """`checkpoint.json`: the log's whole document, for people and tools, once a run ends;
        built from the run's state, which holds what the log does, rather than read back."""
        head = state.head
        Checkpoint(
            current_node=head["current_node"],
            completed_nodes=state.completed,
            node_retries=head["node_retries"],
            context_values=state.context.snapshot(deep=False),
            logs=state.context.logs,
            next_node=head["next_node"],
            node_outcomes=state.outcome_docs,
            status=head["status"],
            reason=head["reason"],
            timestamp=head["timestamp"],
        ).save(state.run_dir.checkpoint_path, durable=False)

    def _finish(
        self, state: RunState, outcome: Outcome, current: str, status: str = ""
    ) -> RunResult:
        gate = unsatisfied_goal_gate(state.graph, state.outcomes)
        if outcome.status != StageStatus.FAIL and gate is not None:
            outcome = fail(f"Goal gate unsatisfied: {gate.id}")
        status = status or ("fail" if outcome.status == StageStatus.FAIL else "success")
        current = current or (state.completed[-1] if state.completed else "")
        self._checkpoint(state, current, "", status, reason=outcome.failure_reason)
        self._write_view(state)
        return self._result(state, status, outcome.failure_reason, outcome.notes)

    @staticmethod
    def _result(state: RunState, status: str, reason: str, notes: str = "") -> RunResult:
        return RunResult(
            status=StageStatus.SUCCESS if status == "success" else StageStatus.FAIL,
            completed_nodes=list(state.completed),
            node_outcomes=dict(state.outcomes),
            context=state.context,
            logs_root=state.run_dir.root,
            failure_reason=reason,
            notes=notes,
            stopped=status == "stopped",
        )

    # -- one node, with its retry policy (§3.5) ----------------------------------------------
    def execute_node(self, node: Node, state: RunState) -> Outcome:
        handler, policy = state.plan(self.registry, node)
        context, graph, run_dir = state.context, state.graph, state.run_dir
        index = state.step
        state.step += 1
        for attempt in range(1, policy.max_attempts + 1):
            self.events.emit(ev.StageStarted(name=node.id, index=index))
            started = time.monotonic()
            more = attempt < policy.max_attempts
            try:
                outcome = self._attempt(handler, node, context, graph, run_dir)
            except Exception as error:
                retry = more and policy.should_retry(error)
                reason = f"{type(error).__name__}: {error}"
                self.events.emit(
                    ev.StageFailed(name=node.id, index=index, error=reason, will_retry=retry)
                )
                if not retry:
                    return fail(reason)
                self._wait_retry(state, node, index, attempt, policy)
                continue
            if outcome.status in (
                StageStatus.SUCCESS,
                StageStatus.PARTIAL_SUCCESS,
                StageStatus.SKIPPED,
            ):
                state.retries.pop(node.id, None)
                context.set(f"internal.retry_count.{node.id}", 0)
                self.events.emit(
                    ev.StageCompleted(
                        name=node.id,
                        index=index,
                        duration=time.monotonic() - started,
                        status=outcome.status.value,
                    )
                )
                return outcome
            self.events.emit(
                ev.StageFailed(
                    name=node.id,
                    index=index,
                    error=outcome.failure_reason or outcome.status.value,
                    will_retry=more,
                )
            )
            if more:
                self._wait_retry(state, node, index, attempt, policy)
                continue
            if outcome.status == StageStatus.RETRY:
                if node.allow_partial:
                    return Outcome(
                        status=StageStatus.PARTIAL_SUCCESS,
                        notes="retries exhausted, partial accepted",
                        context_updates=outcome.context_updates,
                    )
                return fail("max retries exceeded")
            return outcome
        return fail("max retries exceeded")

    def _attempt(
        self, handler: Handler, node: Node, context: Context, graph: Graph, run_dir: RunDir
    ) -> Outcome:
        """One handler call; a None result falls back to status.json, then to auto_status."""
        run_dir.clear_status(node.id)
        outcome = handler.execute(node, context, graph, run_dir.root)
        if outcome is not None:
            return outcome
        written = run_dir.read_status(node.id)
        if written is not None:
            return written
        if node.auto_status:
            return Outcome(notes="auto-status: handler completed without writing status")
        return fail(f"handler for {node.id} returned no outcome and wrote no status.json")

    def _wait_retry(self, state: RunState, node: Node, index: int, attempt: int, policy) -> None:
        count = state.retries.get(node.id, 0) + 1
        state.retries[node.id] = count
        state.context.set(f"internal.retry_count.{node.id}", count)
        delay = policy.backoff.delay_for_attempt(attempt, self.rng)
        self.events.emit(
            ev.StageRetrying(name=node.id, index=index, attempt=attempt + 1, delay=delay)
        )
        self.sleep(delay)
