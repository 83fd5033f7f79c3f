"""Messages API: ``POST /v1/messages`` (content blocks, tools, thinking with signatures,
``cache_control``, ``output_config.format`` or the beta ``output_format``), its event stream,
and ``count_tokens``."""

from __future__ import annotations

import functools
from typing import Any

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.anthropic.api import authorize, error_body, invalid, new_id, request_id
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
from darkfactory.twins.llm.request_fields import fields, violation
from darkfactory.twins.llm.tokens import input_tokens
from darkfactory.twins.llm.wire import (
    argument_chunks,
    arguments_json,
    sse,
    text_chunks,
)

STOP_REASONS = {"stop": "end_turn", "length": "max_tokens", "tool_calls": "tool_use"}


def stop_reason(reply: Reply) -> str:
    return "stop_sequence" if reply.stop_sequence else STOP_REASONS[reply.finish]


MIN_THINKING_BUDGET = 1024


# -- request -> prompt ---------------------------------------------------------------------------
def parse(call: Call, counting: bool = False) -> Prompt:
    authorize(call)
    body = call.json
    if not isinstance(body, dict):
        raise invalid("There was an error parsing the body of your request: expected an object")
    if not counting:
        _check_fields(call, body)
    required = ("model", "messages") if counting else ("model", "max_tokens", "messages")
    for field in required:
        if field not in body:
            raise invalid(f"{field}: Field required")
    if not isinstance(body["model"], str):
        raise invalid("model: Input should be a valid string")
    prompt = Prompt(provider="anthropic", model=body["model"], stream=bool(body.get("stream")))
    if not counting:
        max_tokens = body["max_tokens"]
        if not isinstance(max_tokens, int) or max_tokens < 1:
            raise invalid("max_tokens: Input should be greater than or equal to 1")
        prompt.max_tokens = max_tokens
    prompt.system = _system(body.get("system"))
    prompt.messages = _messages(call, body["messages"])
    if not prompt.messages:
        raise invalid("messages: at least one message is required")
    prompt.stop_sequences = _strings(body.get("stop_sequences"), "stop_sequences")
    temperature = body.get("temperature")
    if temperature is not None and (
        isinstance(temperature, bool)
        or not isinstance(temperature, int | float)
        or not 0 <= temperature <= 1
    ):
        raise invalid("temperature: Input should be less than or equal to 1")
    prompt.tools = _tools(body.get("tools") or [])
    prompt.tool_choice = _tool_choice(body.get("tool_choice"))
    prompt.reasoning = _thinking(body.get("thinking"), prompt.max_tokens)
    prompt.output_schema = _output_schema(call, body)
    return prompt


EXPECTED = {
    "string": "a valid string",
    "integer": "a valid integer",
    "number": "a valid number",
    "boolean": "a valid boolean",
    "array": "a valid list",
    "object": "a valid dictionary",
}


def _check_fields(call: Call, body: dict[str, Any]) -> None:
    """Anthropic's 400 for the first field of the body, or of one of its messages, that the
    Messages API refuses: unknown (a beta's fields need its ``anthropic-beta``), of the wrong
    type, or out of range."""
    known = fields("anthropic", "messages.create")
    turned_on = betas(call)
    if turned_on:  # a beta's fields join the known ones
        allowed = fields("anthropic", "betas").items()
        known = {**known, **{name: {} for name, needs in allowed if turned_on.intersection(needs)}}
    found = violation(body, known)
    messages = body.get("messages")
    for index, message in enumerate(messages if isinstance(messages, list) else []):
        if found is None and isinstance(message, dict):
            found = violation(message, fields("anthropic", "message"))
            if found is not None:
                found.name = f"messages.{index}.{found.name}"
    if found is None:
        return
    spec = found.spec
    raise invalid(
        f"{found.name}: "
        + {
            "unknown": "Extra inputs are not permitted",
            "type": f"Input should be {EXPECTED.get(spec.get('type', ''), '')}",
            "minimum": f"Input should be greater than or equal to {spec.get('minimum')}",
            "maximum": f"Input should be less than or equal to {spec.get('maximum')}",
        }[found.kind]
    )


def betas(call: Call) -> set[str]:
    """The betas the ``anthropic-beta`` header (comma-separated, possibly repeated) turns on."""
    return {
        beta.strip()
        for header in call.request.headers.getlist("anthropic-beta")
        for beta in header.split(",")
        if beta.strip()
    }


def _output_schema(call: Call, body: dict[str, Any]) -> dict[str, Any] | None:
    """The JSON Schema of ``output_config.format``, or of the top-level ``output_format`` that
    the structured-outputs beta accepts."""
    where, output = "output_config.format", (body.get("output_config") or {}).get("format")
    if "output_format" in body and output is None:  # allowed under its beta only
        where, output = "output_format", body["output_format"]
    if output is None:
        return None
    if not isinstance(output, dict) or output.get("type") != "json_schema":
        raise invalid(f"{where}.type: Input should be 'json_schema'")
    if not isinstance(output.get("schema"), dict):
        raise invalid(f"{where}.schema: Field required")
    return output["schema"]


def _strings(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise invalid(f"{where}: Input should be a valid list of strings")
    return value


def _system(system: Any) -> list[Text]:
    if system is None:
        return []
    if isinstance(system, str):
        return [Text(system)] if system else []
    if not isinstance(system, list):
        raise invalid("system: Input should be a valid list")
    return [
        Text(b.get("text", ""), cache_mark(b.get("cache_control"), f"system.{i}"))
        for i, b in enumerate(system)
    ]


def cache_mark(cache_control: Any, where: str) -> str:
    """The TTL a ``cache_control`` breakpoint asks for (``5m`` by default), or ``""``."""
    if not cache_control:
        return ""
    ttl = cache_control.get("ttl", "5m") if isinstance(cache_control, dict) else None
    if ttl not in ("5m", "1h"):
        raise invalid(f"{where}.cache_control.ephemeral.ttl: Input should be '5m' or '1h'")
    return ttl


def _messages(call: Call, messages: Any) -> list[Message]:
    if not isinstance(messages, list):
        raise invalid("messages: Input should be a valid list")
    found: list[Message] = []
    for index, message in enumerate(messages):
        if not isinstance(message, dict) or message.get("role") not in ("user", "assistant"):
            raise invalid(f"messages.{index}.role: Input should be 'user' or 'assistant'")
        content = message.get("content")
        if isinstance(content, str):
            parts = [Text(content)]
        elif isinstance(content, list):
            parts = [
                _block(call, f"messages.{index}.content.{i}", b) for i, b in enumerate(content)
            ]
        else:
            raise invalid(f"messages.{index}.content: Input should be a valid list")
        found.append(Message(message["role"], [p for p in parts if p is not None]))
    _check_tool_pairs(found)
    return found


def _block(call: Call, where: str, block: Any):
    if not isinstance(block, dict):
        raise invalid(f"{where}: Input should be a valid dictionary")
    kind, mark = block.get("type"), cache_mark(block.get("cache_control"), where)
    if kind == "text":
        return Text(block.get("text", ""), mark)
    if kind == "tool_use":
        return ToolCall(
            block.get("id", ""), block.get("name", ""), block.get("input") or {}, cache_mark=mark
        )
    if kind == "tool_result":
        content = block.get("content", "")
        if isinstance(content, list):
            content = "".join(c.get("text", "") for c in content if isinstance(c, dict))
        return ToolResult(
            block.get("tool_use_id", ""), "", str(content), bool(block.get("is_error")), mark
        )
    if kind == "thinking":
        if "signature" not in block:
            raise invalid(f"{where}.thinking.signature: Field required")
        if not call.twin.state.signed(block.get("thinking", ""), block["signature"]):
            raise invalid(f"{where}: Invalid `signature` in `thinking` block")
        return Thinking(block.get("thinking", ""), block["signature"])
    if kind == "image":
        source = block.get("source") if isinstance(block.get("source"), dict) else {}
        if source.get("type") == "url":
            return Image(url=str(source.get("url", "")), cache_mark=mark)
        return Image(
            str(source.get("media_type", "")),
            size=len(str(source.get("data", ""))),
            cache_mark=mark,
        )
    if kind in ("document", "redacted_thinking"):
        return None  # accepted; the twin's models read text and images only
    raise invalid(
        f"{where}.type: Input tag '{kind}' found using 'type' does not match any of the expected"
        " tags: 'text', 'image', 'document', 'tool_use', 'tool_result', 'thinking',"
        " 'redacted_thinking'"
    )


def _check_tool_pairs(messages: list[Message]) -> None:
    """Each tool_use needs its tool_result in the next message, and only there."""
    for index, message in enumerate(messages):
        results = [p for p in message.parts if isinstance(p, ToolResult)]
        previous = messages[index - 1] if index else None
        calls = (
            {p.id: p.name for p in previous.parts if isinstance(p, ToolCall)} if previous else {}
        )
        for position, result in enumerate(results):
            if result.call_id not in calls:
                raise invalid(
                    f"messages.{index}.content.{position}: unexpected `tool_use_id` found in"
                    f" `tool_result` blocks: {result.call_id}. Each `tool_result` block must have"
                    " a corresponding `tool_use` block in the previous message."
                )
            result.name = calls[result.call_id]
        if index + 1 < len(messages):
            answered = {r.call_id for r in messages[index + 1].tool_results}
            missing = [
                p.id for p in message.parts if isinstance(p, ToolCall) and p.id not in answered
            ]
            if missing:
                raise invalid(
                    f"messages.{index}: `tool_use` ids were found without `tool_result` blocks"
                    f" immediately after: {', '.join(missing)}. Each `tool_use` block must have a"
                    " corresponding `tool_result` block in the next message."
                )


def _tools(tools: Any) -> list[Tool]:
    if not isinstance(tools, list):
        raise invalid("tools: Input should be a valid list")
    found = []
    for index, tool in enumerate(tools):
        if not isinstance(tool, dict) or not tool.get("name"):
            raise invalid(f"tools.{index}.name: Field required")
        if "input_schema" not in tool and "type" not in tool:
            raise invalid(f"tools.{index}.custom.input_schema: Field required")
        found.append(
            Tool(
                tool["name"],
                tool.get("description") or "",
                tool.get("input_schema") or {},
                cache_mark(tool.get("cache_control"), f"tools.{index}"),
            )
        )
    return found


def _tool_choice(choice: Any) -> str:
    if not isinstance(choice, dict):
        return "auto"
    return {"any": "required", "none": "none", "tool": choice.get("name", "required")}.get(
        choice.get("type"), "auto"
    )


def _thinking(thinking: Any, max_tokens: int | None) -> bool:
    if not isinstance(thinking, dict) or thinking.get("type") not in ("enabled", "adaptive"):
        return False
    if thinking["type"] == "enabled":
        budget = thinking.get("budget_tokens")
        if not isinstance(budget, int):
            raise invalid("thinking.enabled.budget_tokens: Field required")
        if budget < MIN_THINKING_BUDGET:
            raise invalid(
                "thinking.enabled.budget_tokens: Input should be greater than or equal to 1024"
            )
        if max_tokens is not None and max_tokens <= budget:
            raise invalid("`max_tokens` must be greater than `thinking.budget_tokens`.")
    return True


# -- reply -> message ----------------------------------------------------------------------------
def content_blocks(call: Call, reply: Reply) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    if reply.thinking:
        blocks.append(
            {
                "type": "thinking",
                "thinking": reply.thinking,
                "signature": call.twin.state.sign(reply.thinking),
            }
        )
    if reply.text or not reply.tool_calls:
        blocks.append({"type": "text", "text": reply.text})
    blocks += [
        {"type": "tool_use", "id": c.id, "name": c.name, "input": c.arguments}
        for c in reply.tool_calls
    ]
    return blocks


def usage_json(reply: Reply) -> dict[str, Any]:
    usage = reply.usage
    return {
        "input_tokens": usage.uncached_input_tokens,
        "cache_creation_input_tokens": usage.cache_write_tokens,
        "cache_read_input_tokens": usage.cache_read_tokens,
        "cache_creation": {
            "ephemeral_5m_input_tokens": usage.cache_write_tokens - usage.cache_write_1h_tokens,
            "ephemeral_1h_input_tokens": usage.cache_write_1h_tokens,
        },
        "output_tokens": usage.output_tokens + usage.reasoning_tokens,
        "service_tier": "standard",
    }


def render(call: Call, prompt: Prompt, reply: Reply) -> Response:
    message = {
        "id": new_id(call, "msg_01"),
        "type": "message",
        "role": "assistant",
        "model": prompt.model,
        "content": content_blocks(call, reply),
        "stop_reason": stop_reason(reply),
        "stop_sequence": reply.stop_sequence,
        "usage": usage_json(reply),
    }
    if not prompt.stream:
        return JSONResponse(message)
    return call.twin.stream(reply, stream_events(message), functools.partial(_error_event, call))


def _error_event(call: Call, error: TwinError, sent: int) -> list[bytes]:
    """How a stream fails midway: an ``error`` event in the error envelope."""
    return [sse(error_body(error, request_id(call.universe)), "error")]


def stream_events(message: dict[str, Any]) -> list[bytes]:
    """``message_start``, a ``ping``, each block's start/deltas/stop, ``message_delta``,
    ``message_stop``."""
    events: list[bytes] = []

    def emit(kind: str, **fields: Any) -> None:
        content = kind == "content_block_delta" and fields["delta"]["type"] != "signature_delta"
        events.append(sse({"type": kind, **fields}, kind, delta=content))

    usage = message["usage"]
    emit(
        "message_start",
        message={
            **message,
            "content": [],
            "stop_reason": None,
            "usage": {**usage, "output_tokens": 1},
        },
    )
    for index, block in enumerate(message["content"]):
        if block["type"] == "text":
            emit("content_block_start", index=index, content_block={"type": "text", "text": ""})
            deltas = [{"type": "text_delta", "text": t} for t in text_chunks(block["text"])]
        elif block["type"] == "thinking":
            emit(
                "content_block_start",
                index=index,
                content_block={"type": "thinking", "thinking": "", "signature": ""},
            )
            deltas = [
                {"type": "thinking_delta", "thinking": t} for t in text_chunks(block["thinking"])
            ]
            deltas.append({"type": "signature_delta", "signature": block["signature"]})
        else:
            emit("content_block_start", index=index, content_block={**block, "input": {}})
            deltas = [
                {"type": "input_json_delta", "partial_json": j}
                for j in argument_chunks(arguments_json(block["input"]))
            ]
        if index == 0:
            emit("ping")
        for delta in deltas:
            emit("content_block_delta", index=index, delta=delta)
        emit("content_block_stop", index=index)
    emit(
        "message_delta",
        delta={"stop_reason": message["stop_reason"], "stop_sequence": message["stop_sequence"]},
        usage={k: v for k, v in usage.items() if k != "cache_creation"},
    )
    emit("message_stop")
    return events


@operation("messages.create")
def create_message(call: Call) -> Response:
    return call.twin.exchange(call, parse, render)


@operation("messages.count_tokens")
def count_tokens(call: Call) -> dict:
    prompt = call.twin.read(call, functools.partial(parse, counting=True))
    if not call.twin.state.knows(prompt.model):
        raise TwinError("model_not_found", 404, "", model=prompt.model)
    return {"input_tokens": input_tokens(prompt)}


def routes() -> list[Route]:
    return [
        Route("/v1/messages", create_message, methods=["POST"]),
        Route("/v1/messages/count_tokens", count_tokens, methods=["POST"]),
    ]
