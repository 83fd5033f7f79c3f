"""Chat Completions: ``POST /v1/chat/completions`` with messages, tools, ``response_format``,
and streamed ``chat.completion.chunk`` objects ending in ``data: [DONE]``."""

from __future__ import annotations

import json
from typing import Any

from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.kit import TwinError, operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.llm.prompt import (
    Image,
    Message,
    Prompt,
    Reply,
    Text,
    Tool,
    ToolCall,
    ToolResult,
)
from darkfactory.twins.llm.wire import (
    argument_chunks,
    arguments_json,
    json_object,
    sse,
    text_chunks,
)
from darkfactory.twins.openai.api import (
    authorize,
    check_fields,
    error_body,
    invalid,
    missing,
    new_id,
    wrong_type,
)
from darkfactory.twins.openai.models import reasoning_on
from darkfactory.twins.openai.schema_checks import check_format, function_tool

FINGERPRINT = "fp_darkfactory"


def parse(call: Call) -> Prompt:
    authorize(call)
    body = json_object(call, invalid("We could not parse the JSON body of your request."))
    check_fields(body, "chat.completions.create")
    for required in ("model", "messages"):
        if required not in body:
            raise missing(required)
    model, messages = body["model"], body["messages"]
    if not isinstance(model, str):
        raise wrong_type("model", "a string", model)
    if not isinstance(messages, list) or not messages:
        raise invalid(
            "Invalid 'messages': empty array. Expected an array with minimum length 1, but got"
            " an empty array instead.",
            "messages",
            "empty_array",
        )
    if body.get("n", 1) != 1:
        raise invalid("Only n=1 is supported by this twin.", "n", "invalid_value")
    prompt = Prompt(provider="openai", model=model, stream=bool(body.get("stream")))
    _read_messages(prompt, messages)
    prompt.tools = _tools(body.get("tools") or [])
    choice = body.get("tool_choice", "auto")
    prompt.tool_choice = (
        (choice.get("function") or {}).get("name", "required")
        if isinstance(choice, dict)
        else choice
    )
    if body.get("response_format") is not None:
        prompt.output_schema, prompt.json_mode = check_format(
            body["response_format"], "response_format"
        )
        if prompt.json_mode and "json" not in json.dumps(messages).lower():
            raise invalid(
                "'messages' must contain the word 'json' in some form, to use 'response_format'"
                " of type 'json_object'.",
                "messages",
            )
    prompt.max_tokens = body.get("max_completion_tokens", body.get("max_tokens"))
    stop = body.get("stop")
    prompt.stop_sequences = [stop] if isinstance(stop, str) else list(stop or [])
    if len(prompt.stop_sequences) > 4 or not all(isinstance(s, str) for s in prompt.stop_sequences):
        raise invalid(
            "Invalid 'stop': expected a string or an array of at most 4 strings.",
            "stop",
            "invalid_type",
        )
    prompt.reasoning = reasoning_on(model, body.get("reasoning_effort"), "reasoning_effort")
    return prompt


def _read_messages(prompt: Prompt, messages: list[Any]) -> None:
    names: dict[str, str] = {}
    for index, message in enumerate(messages):
        if not isinstance(message, dict) or "role" not in message:
            raise missing(f"messages[{index}].role")
        role = message["role"]
        content = _content(message.get("content"))
        text = "".join(p.text for p in content if isinstance(p, Text))
        if role in ("system", "developer"):
            prompt.system.append(Text(text))
        elif role == "user":
            prompt.messages.append(Message("user", content))
        elif role == "assistant":
            parts: list = [Text(text)] if text else []
            for tool_call in message.get("tool_calls") or []:
                function = tool_call.get("function") or {}
                names[tool_call.get("id", "")] = function.get("name", "")
                parts.append(
                    ToolCall(
                        tool_call.get("id", ""),
                        function.get("name", ""),
                        _arguments(function.get("arguments")),
                    )
                )
            prompt.messages.append(Message("assistant", parts))
        elif role == "tool":
            call_id = message.get("tool_call_id")
            if call_id not in names:
                raise invalid(
                    "Invalid parameter: messages with role 'tool' must be a response to a"
                    " preceeding message with 'tool_calls'.",
                    f"messages.[{index}].role",
                )
            result = ToolResult(call_id, names[call_id], text)
            last = prompt.messages[-1]
            if last.role == "user" and last.tool_results:
                last.parts.append(result)
            else:
                prompt.messages.append(Message("user", [result]))
        else:
            raise invalid(
                f"Invalid value: '{role}'. Supported values are: 'system', 'assistant', 'user',"
                " 'tool', 'function' and 'developer'.",
                f"messages[{index}].role",
                "invalid_value",
            )


def _content(content: Any) -> list[Text | Image]:
    """Text and images of a message's content (a string, or text/image_url parts)."""
    if content is None or isinstance(content, str):
        return [Text(content or "")]
    parts: list[Text | Image] = []
    for part in content if isinstance(content, list) else []:
        if isinstance(part, dict) and isinstance(part.get("text"), str):
            parts.append(Text(part["text"]))
        elif isinstance(part, dict) and isinstance(part.get("image_url"), dict):
            parts.append(Image.from_url(str(part["image_url"].get("url", ""))))
    return parts


def _arguments(raw: Any) -> dict[str, Any]:
    try:
        value = json.loads(raw or "{}")
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _tools(tools: Any) -> list[Tool]:
    if not isinstance(tools, list):
        raise wrong_type("tools", "an array", tools)
    found = []
    for index, tool in enumerate(tools):
        function = tool.get("function") if isinstance(tool, dict) else None
        if not isinstance(function, dict) or not function.get("name"):
            raise missing(
                f"tools[{index}].function.name" if function else f"tools[{index}].function"
            )
        found.append(function_tool(function, f"tools[{index}].function"))
    return found


# -- reply -> completion -------------------------------------------------------------------------
def _usage(reply: Reply) -> dict[str, Any]:
    usage = reply.usage
    completion = usage.output_tokens + usage.reasoning_tokens
    return {
        "prompt_tokens": usage.input_tokens,
        "completion_tokens": completion,
        "total_tokens": usage.input_tokens + completion,
        "prompt_tokens_details": {"cached_tokens": usage.cache_read_tokens, "audio_tokens": 0},
        "completion_tokens_details": {
            "reasoning_tokens": usage.reasoning_tokens,
            "audio_tokens": 0,
            "accepted_prediction_tokens": 0,
            "rejected_prediction_tokens": 0,
        },
    }


def _tool_calls(reply: Reply) -> list[dict[str, Any]]:
    return [
        {
            "id": c.id,
            "type": "function",
            "function": {"name": c.name, "arguments": arguments_json(c.arguments)},
        }
        for c in reply.tool_calls
    ]


def render(call: Call, prompt: Prompt, reply: Reply) -> Response:
    head = {
        "id": new_id(call, "chatcmpl-", 29),
        "created": int(call.universe.clock.now()),
        "model": prompt.model,
        "service_tier": "default",
        "system_fingerprint": FINGERPRINT,
    }
    if prompt.stream:
        options = call.json.get("stream_options") or {}
        chunks = _chunks(head, reply, bool(options.get("include_usage")))
        return call.twin.stream(reply, chunks, _error_chunk)
    message: dict[str, Any] = {
        "role": "assistant",
        "content": reply.text if reply.text or not reply.tool_calls else None,
        "refusal": None,
        "annotations": [],
    }
    if reply.tool_calls:
        message["tool_calls"] = _tool_calls(reply)
    return JSONResponse(
        {
            **head,
            "object": "chat.completion",
            "choices": [
                {"index": 0, "message": message, "logprobs": None, "finish_reason": reply.finish}
            ],
            "usage": _usage(reply),
        }
    )


def _error_chunk(error: TwinError, sent: int) -> list[bytes]:
    """How a stream fails midway: a ``data:`` chunk holding the error envelope, and no
    ``[DONE]``."""
    return [sse(error_body(error))]


def _chunks(head: dict[str, Any], reply: Reply, include_usage: bool) -> list[bytes]:
    extra = {"usage": None} if include_usage else {}

    def chunk(delta: dict[str, Any], finish: str | None = None) -> bytes:
        choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
        content = bool(delta.get("content")) or any(
            (c.get("function") or {}).get("arguments") for c in delta.get("tool_calls", [])
        )
        body = {**head, "object": "chat.completion.chunk", "choices": [choice], **extra}
        return sse(body, delta=content)

    events = [chunk({"role": "assistant", "content": "", "refusal": None})]
    if reply.text:
        events += [chunk({"content": piece}) for piece in text_chunks(reply.text)]
    for index, tool_call in enumerate(_tool_calls(reply)):
        function = tool_call["function"]
        opening = {
            **tool_call,
            "index": index,
            "function": {"name": function["name"], "arguments": ""},
        }
        events.append(chunk({"tool_calls": [opening]}))
        events += [
            chunk({"tool_calls": [{"index": index, "function": {"arguments": piece}}]})
            for piece in argument_chunks(function["arguments"])
        ]
    events.append(chunk({}, reply.finish))
    if include_usage:
        events.append(
            sse({**head, "object": "chat.completion.chunk", "choices": [], "usage": _usage(reply)})
        )
    events.append(sse("[DONE]"))
    return events


@operation("chat.completions.create")
def create_chat_completion(call: Call) -> Response:
    return call.twin.exchange(call, parse, render)


def routes() -> list[Route]:
    return [Route("/v1/chat/completions", create_chat_completion, methods=["POST"])]
