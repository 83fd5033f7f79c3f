"""The factory's record: agent sessions on the LLM twins written to the context store as typed
turns with the right parents, later attempts of a stage as forks, and every call priced."""

from __future__ import annotations

import pytest

from darkfactory.agent.events import EventKind, SessionEvent
from darkfactory.context import ContextStore
from darkfactory.factory.record import (
    AGENT_SESSION,
    BUNDLE_ID,
    LLM_CALL,
    STAGE_STARTED,
    TOOL_CALL,
    TOOL_OUTPUT,
    USER_INPUT,
    RunRecord,
)
from darkfactory.llm import AnthropicAdapter, Client
from darkfactory.llm.cost import cost_usd
from darkfactory.llm.types import Usage
from darkfactory.pipeline.agent_backend import AgentBackend
from darkfactory.pipeline.context import Context
from darkfactory.pipeline.graph import Node

MODEL = "record-coder"
WRITE = {"name": "write_file", "arguments": {"file_path": "a.txt", "content": "one\n"}}
READ = {"name": "read_file", "arguments": {"file_path": "a.txt"}}
ROUND = [
    {"when": {"has_tool_results": False}, "reply": {"text": "Writing.", "tool_calls": [WRITE]}},
    {"when": {"tool_result_contains": "one"}, "reply": {"text": "Done."}},
    {"when": {"has_tool_results": True}, "reply": {"tool_calls": [READ]}},
]
SCRIPT = ROUND * 2  # each turn answers once: a round per stage attempt


@pytest.fixture
def backend(universe, llm_script, tmp_path):
    llm_script(model=MODEL, turns=SCRIPT, providers=("anthropic",))
    creds = universe.credentials["anthropic"]
    client = Client({"anthropic": AnthropicAdapter(creds["api_key"], creds["base_url"])})
    work = tmp_path / "work"
    work.mkdir()
    return lambda observe: (
        AgentBackend("anthropic", MODEL, work, client, observe=observe),
        tmp_path / "logs",
    )


def stage(record: RunRecord, backend, node: str, priced_as: str) -> None:
    record.stage_started(node)
    agent, logs = backend(lambda n, c: [record.session(n.id, priced_as)])
    context = Context()
    context.set("internal.logs_root", str(logs))  # the agent's event log goes there
    agent.run(Node(id=node), "write a.txt, then read it", context)
    record.stage_finished(node, "success")


def test_a_session_is_a_context_of_typed_turns_with_the_right_parents(backend, llm_exchanges):
    store = ContextStore()
    record = RunRecord.start(store, "run-1", "demo", "write a file")
    stage(record, backend, "implement", "claude-sonnet-4-5")

    [session] = record.sessions()
    turns = record.session_turns(int(session["context_id"]))
    kinds = [t.type_id for t in turns]
    assert kinds == [
        USER_INPUT.type_id,
        LLM_CALL.type_id, TOOL_CALL.type_id, TOOL_OUTPUT.type_id,
        LLM_CALL.type_id, TOOL_CALL.type_id, TOOL_OUTPUT.type_id,
        LLM_CALL.type_id,
    ]  # fmt: skip
    user, call1, write, wrote, call2, read, output, call3 = turns
    assert user.parent_turn_id == int(session["base_turn_id"])
    assert store.turn(user.parent_turn_id).type_id == STAGE_STARTED.type_id
    assert (call1.parent_turn_id, write.parent_turn_id) == (user.turn_id, call1.turn_id)
    assert (wrote.parent_turn_id, call2.parent_turn_id) == (write.turn_id, wrote.turn_id)
    assert (read.parent_turn_id, output.parent_turn_id) == (call2.turn_id, read.turn_id)
    assert call3.parent_turn_id == output.turn_id
    assert write.data["arguments"] == WRITE["arguments"] and write.data["name"] == "write_file"
    assert "one" in output.data["output"] and output.data["error"] is False
    assert call3.data["text"] == "Done." and call1.data["tool_calls"][0]["name"] == "write_file"

    answered = llm_exchanges("anthropic", MODEL)
    assert len(answered) == 3, "one LLM call turn per call the twin answered"
    expected = 0.0
    for exchange, call in zip(answered, (call1, call2, call3), strict=True):
        usage = exchange["reply"]["usage"]
        assert call.data["usage"]["output_tokens"] == usage["output_tokens"]
        assert call.data["usage"]["output_tokens"] > 0
        counts = {k: v for k, v in call.data["usage"].items() if v is not None}
        expected += cost_usd(Usage(**counts), "claude-sonnet-4-5")
    assert expected > 0
    assert record.ledger.total.usd == pytest.approx(expected)
    assert record.ledger.total.calls == 3


def test_a_second_attempt_of_a_stage_forks_from_the_turn_the_first_started_from(backend):
    store = ContextStore()
    record = RunRecord.start(store, "run-1", "demo", "write a file")
    stage(record, backend, "implement", "")
    stage(record, backend, "implement", "")

    first, second = record.sessions()
    assert (first["iteration"], second["iteration"]) == (1, 2)
    assert first["base_turn_id"] == second["base_turn_id"]
    assert first["context_id"] != second["context_id"]
    roots = [record.session_turns(int(s["context_id"]))[0] for s in (first, second)]
    assert roots[0].parent_turn_id == roots[1].parent_turn_id == int(first["base_turn_id"])
    branches = store.children(int(first["base_turn_id"]))
    assert {t.turn_id for t in roots} <= {t.turn_id for t in branches}
    assert record.ledger.by("iteration").keys() == {1, 2}
    assert record.ledger.total.usd == 0.0, "a scripted model priced as nothing costs nothing"
    assert record.ledger.total.tokens > 0


def test_a_reopened_record_has_the_spend_and_the_bases_of_the_stopped_run(backend, tmp_path):
    path = tmp_path / "contexts.sqlite"
    store = ContextStore(path)
    record = RunRecord.start(store, "run-1", "demo", "write a file")
    stage(record, backend, "implement", "claude-haiku-4-5")
    record.stage_started("implement")  # the run dies here
    store.close()

    again = RunRecord.reopen(ContextStore(path), record.context_id)
    assert again.ledger.total.usd == pytest.approx(record.ledger.total.usd)
    assert again.bases == record.bases and again.attempts == {"implement": 2}
    assert again.stage_started("implement") == 2, "the killed attempt had no outcome"
    published = again.store.bundle(BUNDLE_ID)
    assert AGENT_SESSION.type_id in published["types"]
    assert again.store.type_descriptor(LLM_CALL.type_id, 1)["fields"]["1"]["name"] == "stage"


def test_an_llm_call_and_the_tools_it_asks_for_are_written_together(tmp_path):
    store = ContextStore(tmp_path / "contexts.sqlite")
    record = RunRecord.start(store, "run-1", "demo", "two tools")
    record.stage_started("implement")
    recorder = record.session("implement", "claude-sonnet-4-5")
    asked = [
        {"id": "c1", "name": "read_file", "arguments": {"path": "a"}},
        {"id": "c2", "name": "read_file", "arguments": {"path": "b"}},
    ]

    def event(kind, **data):
        recorder(SessionEvent(kind, "s1", data))

    event(EventKind.USER_INPUT, content="read a and b")
    before = store.stats()["turns"]
    usage = {"input_tokens": 10, "output_tokens": 5}
    event(EventKind.ASSISTANT_TEXT_END, text="", model="m", tool_calls=asked, usage=usage)
    assert store.stats()["turns"] == before + 3, "the call and both tool calls, at once"
    event(EventKind.TOOL_CALL_START, call_id="c2", tool_name="read_file", arguments={"path": "b"})
    assert store.stats()["turns"] == before + 3, "a tool's start adds nothing"
    event(EventKind.TOOL_CALL_END, call_id="c2", tool_name="read_file", output="B")
    event(EventKind.TOOL_CALL_END, call_id="c1", tool_name="read_file", error="no a")
    user, call = record.session_turns(recorder.context_id)[:2]
    assert call.type_id == LLM_CALL.type_id and call.parent_turn_id == user.turn_id
    first, second = store.children(call.turn_id)
    assert [store.turn(t.turn_id).data["call_id"] for t in (first, second)] == ["c1", "c2"]
    assert {first.type_id, second.type_id} == {TOOL_CALL.type_id}
    outputs = [store.turn(store.children(t.turn_id)[0].turn_id).data for t in (first, second)]
    assert [(o["output"], o["error"]) for o in outputs] == [("no a", True), ("B", False)]
