"""A recorded exchange keeps the reply's fields exactly as the reply held them."""

from __future__ import annotations

import json

from darkfactory.twins.llm.prompt import Reply, StreamFailure, ToolCall, Usage
from darkfactory.twins.llm.state import _reply_json

REPLIES = [
    Reply(text='héllo 😀\n"quoted"', thinking="步骤"),
    Reply(tool_calls=[ToolCall("call_1", "lookup", {"q": "é", "n": [1, 2.5, None]})]),
    Reply(tool_calls=[ToolCall("call_2", "huge", {"n": 2**70})], finish="tool_calls"),
    Reply(text="cut", usage=Usage(input_tokens=3, output_tokens=1), stop_sequence="END"),
]


def test_a_reply_is_recorded_as_its_fields():
    for reply in REPLIES:
        assert json.loads(_reply_json(reply)) == reply.as_dict()


def test_a_failing_reply_keeps_its_failure():
    failing = Reply(text="part", failure=StreamFailure(after_deltas=2, kind="cut"))
    assert json.loads(_reply_json(failing))["failure"] == failing.as_dict()["failure"]
