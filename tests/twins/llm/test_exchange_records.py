"""A recorded exchange keeps the reply's fields exactly as the reply held them, the request's
headers as they came, and its place in the order of exchanges."""

from __future__ import annotations

import json
import math

import httpx
import pytest

from darkfactory.twins.kit.stored_json import dumps
from darkfactory.twins.kit.universe import Universe
from darkfactory.twins.llm.prompt import (
    Message,
    Prompt,
    Reply,
    StreamFailure,
    Text,
    Tool,
    ToolCall,
    Usage,
)

REPLIES = [
    Reply(text='héllo 😀\n"quoted"', thinking="步骤"),
    Reply(tool_calls=[ToolCall("call_1", "lookup", {"q": "é", "n": [1, 2.5, None]})]),
    Reply(tool_calls=[ToolCall("call_2", "huge", {"n": 2**70})], finish="tool_calls"),
    Reply(text="cut", usage=Usage(input_tokens=3, output_tokens=1), stop_sequence="END"),
]


def test_a_reply_is_recorded_as_its_fields():
    for reply in REPLIES:
        assert json.loads(dumps(reply)) == reply.as_dict()


def test_a_failing_reply_keeps_its_failure():
    failing = Reply(text="part", failure=StreamFailure(after_deltas=2, kind="cut"))
    assert json.loads(dumps(failing))["failure"] == failing.as_dict()["failure"]


def test_a_stored_value_orjson_refuses_is_written_whole():
    response = {"id": "resp_1", "max_output_tokens": 2**70, "metadata": {}, "temperature": 0.5}
    assert json.loads(dumps(response)) == response
    with_reply = {"reply": Reply(text="x", tool_calls=[ToolCall("c", "f", {"n": 2**64})])}
    assert json.loads(dumps(with_reply))["reply"] == with_reply["reply"].as_dict()


def test_the_request_headers_are_recorded_as_sent_with_credentials_cut(universe, llm_exchanges):
    """Header names as received, values decoded as Latin-1, the last of a repeated name kept."""
    key = universe.credentials["anthropic"]["api_key"]
    headers = [
        ("x-api-key", key),
        ("anthropic-version", "2023-06-01"),
        ("x-note", "first"),
        ("x-note", "second"),
        ("x-place", b"caf\xe9"),
        ("content-type", "application/json"),
    ]
    body = {"model": "echo", "max_tokens": 5, "messages": [{"role": "user", "content": "hi"}]}
    answer = httpx.post(
        f"{universe.url}/anthropic/v1/messages", content=json.dumps(body), headers=headers
    )
    assert answer.status_code == 200
    recorded = llm_exchanges("anthropic")[-1]["headers"]
    assert recorded["x-api-key"] == key[:12] + "…"
    assert recorded["x-note"] == "second"
    assert recorded["x-place"] == "café"
    assert recorded["anthropic-version"] == "2023-06-01"
    assert list(recorded)[:3] == ["host", "accept", "accept-encoding"]


@pytest.fixture
def state():
    universe = Universe(seed=1)
    yield universe.twins["anthropic"].state
    universe.close()


def test_exchanges_are_numbered_in_turn_and_a_restore_numbers_on_from_its_own(state):
    """Every provider's exchanges share one count; one rolled back or undone by a restore leaves
    its number to the next."""
    store = state.universe.store
    gemini = state.universe.twins["gemini"].state

    def record(on=state, model: str = "echo") -> int:
        with store.transaction():
            return on.record("messages.create", model, b"{}", {}, None, None, None)

    assert [record(), record(gemini), record()] == [1, 2, 3]
    with pytest.raises(RuntimeError), store.transaction():
        assert record() == 4
        raise RuntimeError("the request failed")
    assert record() == 4
    snapshot = state.universe.snapshot()
    assert record() == 5
    state.universe.restore(snapshot)
    assert record(model="other") == 5
    assert [(e["id"], e["model"]) for e in state.exchanges()] == [
        (1, "echo"),
        (3, "echo"),
        (4, "echo"),
        (5, "other"),
    ]


def test_a_prompt_is_recorded_as_json_dumps_writes_it(state):
    """Non-ASCII text escaped, ``NaN`` and huge integers kept, spacing as ``json.dumps``'s."""
    store = state.universe.store
    prompt = Prompt(
        provider="anthropic",
        model="echo",
        messages=[Message("user", [Text("héllo 😀"), ToolCall("c", "f", {"x": math.nan})])],
        tools=[Tool("f", "d", {"type": "object", "maximum": 2**70})],
    )
    with store.transaction():
        number = state.record("messages.create", "echo", b"{}", {}, prompt, None, None)
    text = store.scalar("SELECT prompt FROM llm_exchanges WHERE id = ?", (number,))
    assert text == json.dumps(prompt.as_dict())
    assert "NaN" in text and "h\\u00e9llo" in text
