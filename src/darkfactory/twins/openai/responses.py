"""Responses API: ``POST /v1/responses`` with input items, function tools, ``text.format``,
reasoning items, and the streamed event sequence with ``sequence_number``."""

from __future__ import annotations

import functools
import json
from typing import Any

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.kit import TwinError, operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.kit.responses import JSONResponse
from darkfactory.twins.llm.prompt import (
    Image,
    Message,
    Prompt,
    Reply,
    Text,
    Thinking,
    Tool,
    ToolCall,
    ToolResult,
)
from darkfactory.twins.llm.tokens import input_tokens
from darkfactory.twins.llm.wire import (
    argument_chunks,
    arguments_json,
    json_object,
    sse,
    text_chunks,
)
from darkfactory.twins.openai import stored
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

ROLES = ("user", "assistant", "system", "developer")


# -- request -> prompt ---------------------------------------------------------------------------
def parse(call: Call) -> Prompt:
    authorize(call)
    body = json_object(call, invalid("We could not parse the JSON body of your request."))
    check_fields(body, "responses.create")
    model = body.get("model")
    if not model:
        raise missing("model")
    if not isinstance(model, str):
        raise wrong_type("model", "a string", model)
    prompt = Prompt(provider="openai", model=model, stream=bool(body.get("stream")))
    if body.get("instructions"):
        prompt.system.append(Text(str(body["instructions"])))
    if body.get("input") is None:
        raise missing("input")
    _read_items(prompt, stored.conversation(call, input_items(body)))
    prompt.tools = _tools(body.get("tools") or [])
    prompt.tool_choice = _tool_choice(body.get("tool_choice", "auto"))
    text = body.get("text") or {}
    if "format" in text:
        prompt.output_schema, prompt.json_mode = check_format(text["format"], "text.format")
        if prompt.json_mode and "json" not in json.dumps(body["input"]).lower():
            raise invalid(
                "Response input messages must contain the word 'json' in some form to use"
                " 'text.format' of type 'json_object'.",
                "input",
            )
    limit = body.get("max_output_tokens")
    if limit is not None and (not isinstance(limit, int) or limit < 16):
        raise invalid(
            f"Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16,"
            f" but got {limit} instead.",
            "max_output_tokens",
            "integer_below_min_value",
        )
    prompt.max_tokens = limit
    prompt.reasoning = reasoning_on(model, body.get("reasoning"))
    return prompt


def input_items(body: dict[str, Any]) -> list[Any]:
    """The ``input`` of a request as a list of items (a string is one user message)."""
    items = body["input"]
    if isinstance(items, str):
        return [{"role": "user", "content": items}]
    if not isinstance(items, list):
        raise wrong_type("input", "a string or an array", items)
    return items


def _read_items(prompt: Prompt, items: list[Any]) -> None:
    names: dict[str, str] = {}
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise wrong_type(f"input[{index}]", "an object", item)
        kind = item.get("type", "message")
        if kind == "message":
            role = item.get("role")
            if role not in ROLES:
                raise invalid(
                    f"Invalid value: '{role}'. Supported values are: 'assistant', 'system',"
                    " 'developer', and 'user'.",
                    f"input[{index}].role",
                    "invalid_value",
                )
            parts = _content_parts(item.get("content"), f"input[{index}].content")
            if role in ("system", "developer"):
                prompt.system.append(Text("".join(p.text for p in parts if isinstance(p, Text))))
            else:
                _append(prompt, role, *parts)
        elif kind == "function_call":
            call_id, name = (_required(item, f, f"input[{index}]") for f in ("call_id", "name"))
            names[call_id] = name
            _append(prompt, "assistant", ToolCall(call_id, name, _arguments(item)))
        elif kind == "function_call_output":
            call_id = _required(item, "call_id", f"input[{index}]")
            if call_id not in names:
                raise invalid(
                    f"No tool call found for function call output with call_id {call_id}.",
                    "input",
                )
            output = item.get("output", "")
            parts = [output] if isinstance(output, str) else _content_parts(output, "output")
            content = "".join(p if isinstance(p, str) else p.tokens_text() for p in parts)
            _append(prompt, "user", ToolResult(call_id, names[call_id], content))
        elif kind == "reasoning":
            summary = "".join(s.get("text", "") for s in item.get("summary") or [])
            _append(prompt, "assistant", Thinking(summary, item.get("encrypted_content") or ""))
        else:
            raise invalid(
                f"Invalid value: '{kind}'. Supported values are: 'message', 'function_call',"
                " 'function_call_output' and 'reasoning'.",
                f"input[{index}].type",
                "invalid_value",
            )


def _append(prompt: Prompt, role: str, *parts) -> None:
    if prompt.messages and prompt.messages[-1].role == role:
        prompt.messages[-1].parts.extend(parts)
    else:
        prompt.messages.append(Message(role, list(parts)))


def _required(item: dict, field: str, where: str) -> str:
    value = item.get(field)
    if not value or not isinstance(value, str):
        raise missing(f"{where}.{field}")
    return value


def _content_parts(content: Any, param: str) -> list[Text | Image]:
    """Text and images of a message's content (a string, or input_text/input_image parts)."""
    if isinstance(content, str):
        return [Text(content)]
    if not isinstance(content, list):
        raise wrong_type(param, "one of a string or array", content)
    parts: list[Text | Image] = []
    for part in content:
        if isinstance(part, dict) and isinstance(part.get("text"), str):
            parts.append(Text(part["text"]))
        elif isinstance(part, dict) and part.get("type") == "input_image":
            parts.append(Image.from_url(str(part.get("image_url") or part.get("file_id") or "")))
    return parts


def _arguments(item: dict) -> dict[str, Any]:
    try:
        value = json.loads(item.get("arguments") or "{}")
    except ValueError:
        value = {}
    return value if isinstance(value, dict) else {}


def _tools(tools: Any) -> list[Tool]:
    if not isinstance(tools, list):
        raise wrong_type("tools", "an array", tools)
    found = []
    for index, tool in enumerate(tools):
        if not isinstance(tool, dict) or tool.get("type") != "function":
            continue  # hosted tools (web_search, file_search ...) are accepted and never called
        found.append(function_tool(tool, f"tools[{index}]"))
    return found


def _tool_choice(choice: Any) -> str:
    if isinstance(choice, dict):
        return choice.get("name") or "required"
    return choice if choice in ("auto", "none", "required") else "auto"


# -- reply -> response ---------------------------------------------------------------------------
def output_items(call: Call, prompt: Prompt, reply: Reply) -> list[dict[str, Any]]:
    body = call.json
    items: list[dict[str, Any]] = []
    if reply.thinking or prompt.reasoning:
        summary_wanted = bool((body.get("reasoning") or {}).get("summary"))
        item = {
            "id": new_id(call, "rs_"),
            "type": "reasoning",
            "summary": [{"type": "summary_text", "text": reply.thinking}]
            if summary_wanted and reply.thinking
            else [],
        }
        if "reasoning.encrypted_content" in (body.get("include") or []):
            item["encrypted_content"] = call.twin.state.sign(reply.thinking)
        items.append(item)
    if reply.text or not reply.tool_calls:
        items.append(
            {
                "id": new_id(call, "msg_"),
                "type": "message",
                "status": "incomplete" if reply.finish == "length" else "completed",
                "role": "assistant",
                "content": [
                    {"type": "output_text", "text": reply.text, "annotations": [], "logprobs": []}
                ],
            }
        )
    for tool_call in reply.tool_calls:
        items.append(
            {
                "id": new_id(call, "fc_"),
                "type": "function_call",
                "status": "completed",
                "call_id": tool_call.id,
                "name": tool_call.name,
                "arguments": arguments_json(tool_call.arguments),
            }
        )
    return items


def response_json(call: Call, prompt: Prompt, reply: Reply, response_id: str) -> dict[str, Any]:
    body = call.json
    usage = reply.usage
    incomplete = reply.finish == "length"
    reasoning = body.get("reasoning") or {}
    return {
        "id": response_id,
        "object": "response",
        "created_at": int(call.universe.clock.now()),
        "status": "incomplete" if incomplete else "completed",
        "background": False,
        "error": None,
        "incomplete_details": {"reason": "max_output_tokens"} if incomplete else None,
        "instructions": body.get("instructions"),
        "max_output_tokens": body.get("max_output_tokens"),
        "model": prompt.model,
        "output": output_items(call, prompt, reply),
        "parallel_tool_calls": body.get("parallel_tool_calls", True),
        "previous_response_id": body.get("previous_response_id"),
        "reasoning": {"effort": reasoning.get("effort"), "summary": reasoning.get("summary")},
        "store": body.get("store", True),
        "temperature": body.get("temperature", 1.0),
        "text": body.get("text") or {"format": {"type": "text"}},
        "tool_choice": body.get("tool_choice", "auto"),
        "tools": body.get("tools") or [],
        "top_p": body.get("top_p", 1.0),
        "truncation": body.get("truncation", "disabled"),
        "usage": {
            "input_tokens": usage.input_tokens,
            "input_tokens_details": {
                "cached_tokens": usage.cache_read_tokens,
                "cache_write_tokens": 0,
            },
            "output_tokens": usage.output_tokens + usage.reasoning_tokens,
            "output_tokens_details": {"reasoning_tokens": usage.reasoning_tokens},
            "total_tokens": usage.input_tokens + usage.output_tokens + usage.reasoning_tokens,
        },
        "user": body.get("user"),
        "metadata": body.get("metadata") or {},
    }


def render(call: Call, prompt: Prompt, reply: Reply) -> Response:
    """The response, kept (as failed, when its stream breaks off) and answered whole or
    streamed."""
    done = response_json(call, prompt, reply, new_id(call, "resp_"))
    error = call.twin.failure_error(reply.failure) if reply.failure else None
    failed = _failed_response(done, error) if error else None
    stored.store(call, stored.conversation(call, input_items(call.json)), failed or done)
    if not prompt.stream:
        return JSONResponse(done)
    return call.twin.stream(reply, stream_events(done), functools.partial(_failed, failed))


def _started(done: dict[str, Any]) -> dict[str, Any]:
    """The response as the stream opens: in progress, no output yet."""
    return {
        **done,
        "status": "in_progress",
        "output": [],
        "usage": None,
        "incomplete_details": None,
    }


def _envelope(error: TwinError) -> dict[str, Any]:
    """The error object of a failed stream: OpenAI's envelope, with a code always set."""
    envelope = error_body(error)["error"]
    return {**envelope, "code": envelope["code"] or envelope["type"]}


def _failed_response(done: dict[str, Any], error: TwinError) -> dict[str, Any]:
    envelope = _envelope(error)
    problem = {"code": envelope["code"], "message": envelope["message"]}
    return {**_started(done), "status": "failed", "error": problem}


def _failed(failed: dict[str, Any], error: TwinError, sent: int) -> list[bytes]:
    """How a stream fails midway: an ``error`` event (the error envelope nested, as the API
    sends it), then ``response.failed`` with the response's ``error``."""
    return [
        sse({"type": "error", "sequence_number": sent, "error": _envelope(error)}, "error"),
        sse(
            {"type": "response.failed", "sequence_number": sent + 1, "response": failed},
            "response.failed",
        ),
    ]


def stream_events(done: dict[str, Any]) -> list[bytes]:
    """The event sequence of a streamed response whose final state is ``done``."""
    events: list[bytes] = []

    def emit(kind: str, **fields: Any) -> None:
        content = kind.endswith(".delta")
        event = {"type": kind, "sequence_number": len(events), **fields}
        events.append(sse(event, kind, delta=content))

    started = _started(done)
    emit("response.created", response=started)
    emit("response.in_progress", response=started)
    for index, item in enumerate(done["output"]):
        _stream_item(emit, index, item)
    final = "response.incomplete" if done["status"] == "incomplete" else "response.completed"
    emit(final, response=done)
    return events


def _stream_item(emit, index: int, item: dict[str, Any]) -> None:
    where = {"item_id": item["id"], "output_index": index}
    if item["type"] == "message":
        emit(
            "response.output_item.added",
            output_index=index,
            item={**item, "status": "in_progress", "content": []},
        )
        part = item["content"][0]
        emit("response.content_part.added", **where, content_index=0, part={**part, "text": ""})
        for delta in text_chunks(part["text"]):
            emit("response.output_text.delta", **where, content_index=0, delta=delta, logprobs=[])
        emit("response.output_text.done", **where, content_index=0, text=part["text"], logprobs=[])
        emit("response.content_part.done", **where, content_index=0, part=part)
    elif item["type"] == "function_call":
        emit(
            "response.output_item.added",
            output_index=index,
            item={**item, "status": "in_progress", "arguments": ""},
        )
        for delta in argument_chunks(item["arguments"]):
            emit("response.function_call_arguments.delta", **where, delta=delta)
        emit(
            "response.function_call_arguments.done",
            **where,
            name=item["name"],
            arguments=item["arguments"],
        )
    else:
        emit("response.output_item.added", output_index=index, item={**item, "summary": []})
        for summary_index, part in enumerate(item["summary"]):
            at = {**where, "summary_index": summary_index}
            emit("response.reasoning_summary_part.added", **at, part={**part, "text": ""})
            for delta in text_chunks(part["text"]):
                emit("response.reasoning_summary_text.delta", **at, delta=delta)
            emit("response.reasoning_summary_text.done", **at, text=part["text"])
            emit("response.reasoning_summary_part.done", **at, part=part)
    emit("response.output_item.done", output_index=index, item=item)


@operation("responses.create")
def create_response(call: Call) -> Response:
    return call.twin.exchange(call, parse, render)


@operation("responses.input_tokens.count")
def count_input_tokens(call: Call) -> dict:
    """The input tokens the same request would use, by the twins' counting rule."""
    prompt = call.twin.read(call, parse)
    return {"object": "response.input_tokens", "input_tokens": input_tokens(prompt)}


def routes() -> list[Route]:
    return [
        Route("/v1/responses", create_response, methods=["POST"]),
        Route("/v1/responses/input_tokens", count_input_tokens, methods=["POST"]),
    ]
