"""A recorded exchange keeps the reply's fields exactly as the reply held them."""

from __future__ import annotations

import json

from darkfactory.twins.kit.stored_json import dumps
from darkfactory.twins.llm.prompt import Reply, StreamFailure, ToolCall, Usage

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
