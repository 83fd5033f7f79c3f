"""Built-in models that need no script: ``echo`` and ``tool-caller``.

``echo`` answers with the last user text; asked for JSON it answers a value valid for the output
schema (strings carry the last user text), or ``{"text": ...}`` in schema-less JSON mode. With
reasoning on it also thinks one sentence. Forced to use a tool (``tool_choice`` required or
named) it calls it as ``tool-caller`` does. Every model name of a provider's catalog behaves as
``echo``.

``tool-caller`` calls a tool while the request offers tools and does not yet end with tool results:
the forced tool (``tool_choice``) or the first one, with arguments valid for its parameters
schema. Once tool results come back it answers ``Tool results: <content>; ...``.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from darkfactory.twins.llm.prompt import Prompt, Reply, ToolCall
from darkfactory.twins.llm.schema_value import value_for

Model = Callable[[Prompt], Reply]


def echo(prompt: Prompt) -> Reply:
    if prompt.tools and prompt.tool_choice not in ("auto", "none") and not prompt.tool_results:
        return tool_caller(prompt)
    said = prompt.last_user_text
    if prompt.output_schema is not None:
        text = json.dumps(value_for(prompt.output_schema, said))
    elif prompt.json_mode:
        text = json.dumps({"text": said})
    else:
        text = said
    thinking = f"The user wrote {len(said)} characters; I repeat them." if prompt.reasoning else ""
    return Reply(text=text, thinking=thinking)


def tool_caller(prompt: Prompt) -> Reply:
    usable = prompt.tools if prompt.tool_choice != "none" else []
    if usable and not prompt.tool_results:
        tool = next((t for t in usable if t.name == prompt.tool_choice), usable[0])
        arguments = value_for(tool.parameters, prompt.last_user_text) if tool.parameters else {}
        call = ToolCall(id="", name=tool.name, arguments=arguments or {})
        return Reply(tool_calls=[call], finish="tool_calls")
    if prompt.tool_results:
        return Reply(text="Tool results: " + "; ".join(r.content for r in prompt.tool_results))
    return echo(prompt)


BUILTIN: dict[str, Model] = {"echo": echo, "tool-caller": tool_caller}
