"""The factory's record in the context store: its turn types, a run as a context of stage turns,
and each agent session as a context of user input, LLM calls, tool calls and tool output.

A run's context reads ``RunStarted → StageStarted → AgentSession → StageOutcome → ...``. An agent
session's context forks from the StageStarted turn of its stage's first attempt; every later
attempt of that stage (a retry, the next iteration of the loop, a run resumed after a crash) forks
from that same turn, so the DAG keeps each attempt as a branch beside the others. In a session,
an LLM call's parent is the turn before it, a tool call's parent is the LLM call that asked for it,
and a tool output's parent is its call. An LLM call and the tool calls it asks for are written in
one transaction as the call ends, before any tool runs.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from darkfactory.agent.events import SessionEvent
from darkfactory.context.store import ContextStore, NewTurn, Turn
from darkfactory.context.types import TypeRegistry
from darkfactory.factory.cost import Call, Ledger
from darkfactory.llm.cost import cost_usd
from darkfactory.llm.types import Usage

BUNDLE_ID = "darkfactory-factory-2"
TURN_SCAN = 1_000_000  # a run's context is read whole

TYPES = TypeRegistry()
RUN_STARTED = TYPES.declare(
    "darkfactory.factory.RunStarted", 1, run_id="string", project="string", goal="string"
)
STAGE_STARTED = TYPES.declare(
    "darkfactory.pipeline.StageStarted", 1, node="string", iteration="u32", attempt="u32"
)
AGENT_SESSION = TYPES.declare(
    "darkfactory.pipeline.AgentSession",
    1,
    node="string",
    iteration="u32",
    context_id="string",
    base_turn_id="string",
)
OUTCOME_FIELDS = {
    "node": "string",
    "iteration": "u32",
    "status": "string",
    "failure_reason": "string?",
    "satisfaction": "f64?",
    "commit": "string?",
}
TYPES.declare("darkfactory.pipeline.StageOutcome", 1, **OUTCOME_FIELDS)  # turns of older runs
STAGE_OUTCOME = TYPES.declare(
    "darkfactory.pipeline.StageOutcome", 2, **OUTCOME_FIELDS, trial_contexts="array?"
)
RUN_FINISHED = TYPES.declare(
    "darkfactory.factory.RunFinished", 1, status="string", reason="string?", spend="map"
)
USER_INPUT = TYPES.declare("darkfactory.agent.UserInput", 1, text="string")
LLM_CALL = TYPES.declare(
    "darkfactory.llm.Call",
    1,
    stage="string",
    iteration="u32",
    provider="string",
    model="string",
    priced_as="string",
    response_id="string",
    text="string",
    reasoning="string?",
    tool_calls="array",
    usage="map",
    usd="f64",
)
TOOL_CALL = TYPES.declare(
    "darkfactory.agent.ToolCall", 1, call_id="string", name="string", arguments="map"
)
TOOL_OUTPUT = TYPES.declare(
    "darkfactory.agent.ToolOutput",
    1,
    call_id="string",
    name="string",
    output="string",
    error="bool",
)
SESSION_TYPES = {t.type_id for t in (USER_INPUT, LLM_CALL, TOOL_CALL, TOOL_OUTPUT)}


def append(store: ContextStore, context_id: int, turn_type, data: dict, parent: int | None = None):
    return store.append(context_id, turn_type.type_id, turn_type.version, data, parent)


def call_of(data: dict[str, Any]) -> Call:
    """An LLM call turn's payload, as the ledger counts it."""
    usage = data["usage"]
    return Call(
        stage=data["stage"],
        iteration=data["iteration"],
        model=data["priced_as"],
        input_tokens=usage["input_tokens"],
        output_tokens=usage["output_tokens"],
        usd=data["usd"],
    )


class SessionRecorder:
    """A session subscriber that appends its events to one context as typed turns."""

    def __init__(
        self,
        store: ContextStore,
        context_id: int,
        stage: str,
        iteration: int,
        priced_as: str = "",
        on_call: Any = None,
    ) -> None:
        self.store, self.context_id = store, context_id
        self.stage, self.iteration, self.priced_as = stage, iteration, priced_as
        self.on_call = on_call
        self.session_id: str | None = None
        self.last_call: Turn | None = None
        self.calls: dict[str, Turn] = {}
        self.lock = threading.Lock()

    def __call__(self, event: SessionEvent) -> None:
        if self.session_id is None:
            self.session_id = event.session_id
        if event.session_id != self.session_id:
            return  # a subagent's events, passed up
        record = getattr(self, f"_{event.kind.value}", None)
        if record is not None:
            with self.lock:
                record(event.data)

    def _user_input(self, data: dict[str, Any]) -> None:
        append(self.store, self.context_id, USER_INPUT, {"text": data["content"]})

    def _assistant_text_end(self, data: dict[str, Any]) -> None:
        counts = data.get("usage") or {}
        priced_as = self.priced_as or data.get("model", "")
        payload = {
            "stage": self.stage,
            "iteration": self.iteration,
            "provider": data.get("provider", ""),
            "model": data.get("model", ""),
            "priced_as": priced_as,
            "response_id": data.get("response_id", ""),
            "text": data.get("text", ""),
            "reasoning": data.get("reasoning"),
            "tool_calls": data.get("tool_calls", []),
            "usage": counts,
            "usd": cost_usd(Usage(**{k: v for k, v in counts.items() if v is not None}), priced_as),
        }
        asked = [
            {"call_id": c["id"], "name": c["name"], "arguments": c["arguments"]}
            for c in payload["tool_calls"]
        ]
        self.last_call, *calls = self.store.append_many(
            self.context_id,
            [NewTurn(LLM_CALL.type_id, LLM_CALL.version, payload)]
            + [NewTurn(TOOL_CALL.type_id, TOOL_CALL.version, a, parent_index=0) for a in asked],
        )
        self.calls.update((turn.data["call_id"], turn) for turn in calls)
        if self.on_call is not None:
            self.on_call(call_of(payload))

    def _tool_call_end(self, data: dict[str, Any]) -> None:
        call = self.calls.pop(data["call_id"], None)
        failed = "error" in data
        payload = {
            "call_id": data["call_id"],
            "name": data["tool_name"],
            "output": str(data["error"] if failed else data.get("output", "")),
            "error": failed,
        }
        append(self.store, self.context_id, TOOL_OUTPUT, payload, call.turn_id if call else None)


@dataclass
class RunRecord:
    """A run's context: its stages, their agent sessions, and the spend of every LLM call."""

    store: ContextStore
    context_id: int
    ledger: Ledger = field(default_factory=Ledger)
    bases: dict[str, int] = field(default_factory=dict)  # node -> its first StageStarted turn
    finished: dict[str, int] = field(default_factory=dict)  # node -> outcomes recorded
    attempts: dict[str, int] = field(default_factory=dict)  # node -> StageStarted turns
    current: dict[str, tuple[int, int]] = field(default_factory=dict)  # node -> (turn, iteration)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def start(cls, store: ContextStore, run_id: str, project: str, goal: str) -> RunRecord:
        store.publish_bundle(TYPES.bundle(BUNDLE_ID))
        context = store.create_context()
        data = {"run_id": run_id, "project": project, "goal": goal}
        append(store, context.context_id, RUN_STARTED, data)
        return cls(store, context.context_id)

    @classmethod
    def reopen(cls, store: ContextStore, context_id: int) -> RunRecord:
        """The record of a run that stopped (or was killed), rebuilt from its turns."""
        record = cls(store, context_id)
        for turn in store.turns(context_id, limit=TURN_SCAN):
            data = turn.data
            if turn.type_id == STAGE_STARTED.type_id:
                record.bases.setdefault(data["node"], turn.turn_id)
                record.current[data["node"]] = (turn.turn_id, data["iteration"])
                record.attempts[data["node"]] = data["attempt"]
            elif turn.type_id == STAGE_OUTCOME.type_id:
                record.finished[data["node"]] = record.finished.get(data["node"], 0) + 1
            elif turn.type_id == AGENT_SESSION.type_id:
                for call in record.session_turns(int(data["context_id"]), LLM_CALL.type_id):
                    record.ledger.add(call_of(call.data))
        return record

    def stage_started(self, node: str) -> int:
        """Append a StageStarted turn; the stage's iteration (1 + its recorded outcomes)."""
        with self.lock:
            iteration = self.finished.get(node, 0) + 1
            attempt = self.attempts[node] = self.attempts.get(node, 0) + 1
            data = {"node": node, "iteration": iteration, "attempt": attempt}
            turn = append(self.store, self.context_id, STAGE_STARTED, data)
            self.bases.setdefault(node, turn.turn_id)
            self.current[node] = (turn.turn_id, iteration)
            return iteration

    def session(self, node: str, priced_as: str = "") -> SessionRecorder:
        """A context for an agent session of ``node``'s running attempt, forked from the turn
        the stage's first attempt started from, and its recorder."""
        with self.lock:
            base = self.bases[node]
            _, iteration = self.current[node]
            context = self.store.fork(base)
            data = {
                "node": node,
                "iteration": iteration,
                "context_id": str(context.context_id),
                "base_turn_id": str(base),
            }
            append(self.store, self.context_id, AGENT_SESSION, data)
        return SessionRecorder(
            self.store, context.context_id, node, iteration, priced_as, self._count
        )

    def stage_finished(
        self,
        node: str,
        status: str,
        reason: str = "",
        satisfaction: float | None = None,
        commit: str | None = None,
        trial_contexts: list[int] | None = None,
    ) -> None:
        """Append the stage's outcome; ``trial_contexts`` name the contexts recording the
        scenario trials it ran."""
        with self.lock:
            _, iteration = self.current.get(node, (0, self.finished.get(node, 0) + 1))
            self.finished[node] = self.finished.get(node, 0) + 1
            data = {
                "node": node,
                "iteration": iteration,
                "status": status,
                "failure_reason": reason or None,
                "satisfaction": satisfaction,
                "commit": commit,
                "trial_contexts": [str(c) for c in trial_contexts or []],
            }
            append(self.store, self.context_id, STAGE_OUTCOME, data)

    def run_finished(self, status: str, reason: str = "") -> None:
        data = {"status": status, "reason": reason or None, "spend": self.ledger.summary()}
        append(self.store, self.context_id, RUN_FINISHED, data)

    def turns(self) -> list[Turn]:
        return self.store.turns(self.context_id, limit=TURN_SCAN)

    def sessions(self) -> list[dict[str, Any]]:
        """The AgentSession payloads of the run, oldest first."""
        return [t.data for t in self.turns() if t.type_id == AGENT_SESSION.type_id]

    def session_turns(self, context_id: int, type_id: str | None = None) -> list[Turn]:
        """A session's own turns (not the run's turns it forked from), oldest first."""
        return [
            t
            for t in self.store.turns(context_id, limit=TURN_SCAN)
            if t.type_id in SESSION_TYPES and (type_id is None or t.type_id == type_id)
        ]

    def _count(self, call: Call) -> None:
        with self.lock:
            self.ledger.add(call)
