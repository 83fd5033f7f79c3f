"""generateContent, streamGenerateContent (``alt=sse``) and countTokens on
``/v1beta/models/{model}:<method>``: contents and parts, function calling with
``thoughtSignature``, ``responseMimeType`` + ``responseSchema``, thinking, ``usageMetadata``."""

from __future__ import annotations

import json
from typing import Any

from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.gemini.api import authorize, field, invalid, wrong_value
from darkfactory.twins.gemini.models import SIGNATURE_REQUIRED_PREFIXES, thinks
from darkfactory.twins.kit import TwinError, operation
from darkfactory.twins.kit.operation import Call
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
    compact,
)
from darkfactory.twins.llm.tokens import input_tokens
from darkfactory.twins.llm.wire import expect, sse, sse_response, text_chunks

STREAM = "models.streamGenerateContent"
FINISH = {"stop": "STOP", "length": "MAX_TOKENS", "tool_calls": "STOP"}
ROLES = {"user": "user", "model": "assistant", "function": "user"}


# -- request -> prompt ---------------------------------------------------------------------------
def parse(call: Call) -> Prompt:
    """The Prompt of a generateContent or streamGenerateContent request."""
    authorize(call)
    body = call.json
    if not isinstance(body, dict):
        raise invalid("Invalid JSON payload received. Expected an object.")
    model = call.path_params["model"]
    config = _object(field(body, "generationConfig"), "generation_config")
    prompt = Prompt(provider="gemini", model=model, stream=call.operation == STREAM)
    system = _object(field(body, "systemInstruction"), "system_instruction")
    prompt.system = [
        Text(_text(p, f"system_instruction.parts[{i}]"))
        for i, p in enumerate(_objects(system.get("parts"), "system_instruction.parts"))
    ]
    contents = _objects(body.get("contents"), "contents")
    if not contents:
        raise invalid("* GenerateContentRequest.contents: contents is not specified\n")
    prompt.messages = _contents(call, contents, model)
    prompt.tools = _tools(body.get("tools"))
    prompt.tool_choice = _tool_choice(_object(field(body, "toolConfig"), "tool_config"))
    _output(prompt, config)
    limit = expect(field(config, "maxOutputTokens"), int, "max_output_tokens", wrong_value)
    prompt.max_tokens = limit if limit and limit > 0 else None
    stops = expect(field(config, "stopSequences"), list, "stop_sequences", wrong_value, [])
    prompt.stop_sequences = [expect(s, str, "stop_sequences", wrong_value) for s in stops]
    if field(config, "candidateCount", 1) != 1:
        raise invalid("Only one candidate can be specified in the current model")
    thinking = _object(field(config, "thinkingConfig"), "generation_config.thinking_config")
    prompt.reasoning = thinks(model, thinking)
    return prompt


def _object(value: Any, where: str) -> dict:
    return expect(value, dict, where, wrong_value, {})


def _objects(value: Any, where: str) -> list[dict]:
    items = expect(value, list, where, wrong_value, [])
    return [_object(item, f"{where}[{i}]") for i, item in enumerate(items)]


def _text(part: dict, where: str) -> str:
    return expect(part.get("text"), str, f"{where}.text", wrong_value, "")


def _contents(call: Call, contents: list[dict], model: str) -> list[Message]:
    state = call.twin.state
    messages = []
    roles = [
        expect(c.get("role"), str, f"contents[{i}].role", wrong_value, "user")
        for i, c in enumerate(contents)
    ]
    parts_of_each = [
        _objects(c.get("parts"), f"contents[{i}].parts") for i, c in enumerate(contents)
    ]
    last_user_text = max(
        (
            i
            for i, role in enumerate(roles)
            if role == "user" and any("text" in p for p in parts_of_each[i])
        ),
        default=-1,
    )
    for index, (role, raw_parts) in enumerate(zip(roles, parts_of_each, strict=True)):
        if role not in ROLES:
            raise invalid("Please use a valid role: user, model.")
        where = f"contents[{index}].parts"
        parts = []
        for position, part in enumerate(raw_parts):
            at = f"{where}[{position}]"
            signature = expect(field(part, "thoughtSignature"), str, at, wrong_value, "")
            function = _object(field(part, "functionCall"), f"{at}.function_call")
            response = _object(field(part, "functionResponse"), f"{at}.function_response")
            inline = _object(field(part, "inlineData"), f"{at}.inline_data")
            stored = _object(field(part, "fileData"), f"{at}.file_data")
            if function:
                name = expect(
                    function.get("name"), str, f"{at}.function_call.name", wrong_value, ""
                )
                args = _object(function.get("args"), f"{at}.function_call.args")
                _check_signature(
                    state,
                    signature,
                    compact({"name": name, "args": args}),
                    model,
                    index > last_user_text,
                    name,
                    position,
                )
                call_id = expect(function.get("id"), str, f"{at}.function_call.id", wrong_value)
                parts.append(ToolCall(call_id or name, name, args, signature))
            elif response:
                name = expect(
                    response.get("name"), str, f"{at}.function_response.name", wrong_value, ""
                )
                result_id = expect(
                    response.get("id"), str, f"{at}.function_response.id", wrong_value
                )
                result = _object(response.get("response"), f"{at}.function_response.response")
                parts.append(ToolResult(result_id or name, name, json.dumps(result)))
            elif inline or stored:
                data = inline or stored
                media_type = str(field(data, "mimeType", ""))
                if stored:
                    parts.append(Image(media_type, url=str(field(stored, "fileUri", ""))))
                else:
                    parts.append(Image(media_type, size=len(str(data.get("data", "")))))
            elif part.get("thought"):
                parts.append(Thinking(_text(part, at), signature))
            elif "text" in part:
                parts.append(Text(_text(part, at)))
        if not raw_parts:
            raise invalid(
                f"* GenerateContentRequest.contents[{index}].parts: contents.parts"
                " must not be empty.\n"
            )
        messages.append(Message(ROLES[role], parts))
    return messages


def _check_signature(
    state, signature: str, signed: str, model: str, current: bool, name: str, position: int
) -> None:
    if signature and not state.signed(signed, signature):
        raise invalid("Unable to submit request because Thought signature is not valid.")
    if not signature and current and model.startswith(SIGNATURE_REQUIRED_PREFIXES):
        raise invalid(
            "Function call is missing a thought_signature in functionCall parts. This is required"
            " for tools to work correctly, and missing thought_signature may lead to degraded"
            f" model performance. Additional data, function call `default_api:{name}` , position"
            f" {position + 1}. Please refer to https://ai.google.dev/gemini-api/docs/"
            "thought-signatures for more details."
        )


def _tools(tools: Any) -> list[Tool]:
    found = []
    for index, tool in enumerate(_objects(tools, "tools")):
        where = f"tools[{index}].function_declarations"
        for position, declaration in enumerate(
            _objects(field(tool, "functionDeclarations"), where)
        ):
            name = declaration.get("name")
            if not name or not isinstance(name, str):
                raise invalid(
                    f"* GenerateContentRequest.{where}[{position}].name: [FIELD_INVALID] Invalid"
                    " function name. Must start with a letter or an underscore.\n"
                )
            parameters = field(declaration, "parametersJsonSchema") or declaration.get("parameters")
            description = expect(
                declaration.get("description"),
                str,
                f"{where}[{position}].description",
                wrong_value,
                "",
            )
            found.append(Tool(name, description, _object(parameters, f"{where}[{position}]")))
    return found


def _tool_choice(tool_config: dict) -> str:
    calling = _object(field(tool_config, "functionCallingConfig"), "function_calling_config")
    mode = str(calling.get("mode", "AUTO")).upper()
    if mode == "NONE":
        return "none"
    if mode in ("ANY", "VALIDATED"):
        allowed = expect(
            field(calling, "allowedFunctionNames"),
            list,
            "function_calling_config.allowed_function_names",
            wrong_value,
            [],
        )
        return str(allowed[0]) if len(allowed) == 1 else "required"
    return "auto"


def _output(prompt: Prompt, config: dict) -> None:
    mime = field(config, "responseMimeType", "text/plain")
    raw = field(config, "responseJsonSchema") or field(config, "responseSchema")
    schema = None if raw is None else _object(raw, "generation_config.response_schema")
    if schema is not None and mime not in ("application/json", "text/x.enum"):
        raise invalid(
            "* GenerateContentRequest.generation_config.response_mime_type: response_mime_type"
            " must be one of ['application/json', 'text/x.enum'] when response_schema is set.\n"
        )
    if mime == "application/json":
        prompt.output_schema = schema
        prompt.json_mode = schema is None


# -- reply -> GenerateContentResponse ------------------------------------------------------------
def parts_of(call: Call, prompt: Prompt, reply: Reply) -> list[dict[str, Any]]:
    state = call.twin.state
    thinking = field(field(call.json, "generationConfig") or {}, "thinkingConfig") or {}
    show_thoughts = bool(field(thinking, "includeThoughts"))
    parts: list[dict[str, Any]] = []
    if reply.thinking and show_thoughts:
        parts.append({"text": reply.thinking, "thought": True})
    if reply.text or not reply.tool_calls:
        parts.append({"text": reply.text})
    for tool_call in reply.tool_calls:
        parts.append({"functionCall": {"name": tool_call.name, "args": tool_call.arguments}})
    if prompt.reasoning or reply.thinking:
        first = next((p for p in parts if "functionCall" in p), parts[-1])
        signed = compact(first["functionCall"]) if "functionCall" in first else first["text"]
        first["thoughtSignature"] = state.sign(signed)
    return parts


def usage_json(reply: Reply) -> dict[str, Any]:
    usage = reply.usage
    found: dict[str, Any] = {
        "promptTokenCount": usage.input_tokens,
        "candidatesTokenCount": usage.output_tokens,
        "totalTokenCount": usage.input_tokens + usage.output_tokens + usage.reasoning_tokens,
        "promptTokensDetails": [{"modality": "TEXT", "tokenCount": usage.input_tokens}],
    }
    if usage.cache_read_tokens:
        found["cachedContentTokenCount"] = usage.cache_read_tokens
        found["cacheTokensDetails"] = [{"modality": "TEXT", "tokenCount": usage.cache_read_tokens}]
    if usage.reasoning_tokens:
        found["thoughtsTokenCount"] = usage.reasoning_tokens
    return found


def render(call: Call, prompt: Prompt, reply: Reply) -> Response:
    response_id = call.universe.ids.token("gemini.response", 22, _ID_ALPHABET)
    parts = parts_of(call, prompt, reply)

    def chunk(chunk_parts: list[dict], last: bool) -> dict[str, Any]:
        candidate: dict[str, Any] = {"content": {"parts": chunk_parts, "role": "model"}, "index": 0}
        if last:
            candidate["finishReason"] = FINISH[reply.finish]
        usage = (
            usage_json(reply)
            if last
            else {
                "promptTokenCount": reply.usage.input_tokens,
                "totalTokenCount": reply.usage.input_tokens,
            }
        )
        return {
            "candidates": [candidate],
            "usageMetadata": usage,
            "modelVersion": prompt.model,
            "responseId": response_id,
        }

    if not prompt.stream:
        return JSONResponse(chunk(parts, last=True))
    pieces = [[piece] for part in parts for piece in _split(part)]
    return sse_response(sse(chunk(p, i == len(pieces) - 1)) for i, p in enumerate(pieces))


_ID_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def _split(part: dict[str, Any]) -> list[dict[str, Any]]:
    """A text part streams word by word (its signature on the last piece); others whole."""
    if "text" not in part:
        return [part]
    words = text_chunks(part["text"])
    extra = {k: v for k, v in part.items() if k != "text"}
    signature = extra.pop("thoughtSignature", None)
    pieces = [{"text": word, **extra} for word in words]
    if signature:
        pieces[-1]["thoughtSignature"] = signature
    return pieces


# -- endpoints -----------------------------------------------------------------------------------
@operation("models.generateContent")
def generate_content(call: Call) -> Response:
    return call.twin.exchange(call, parse, render)


@operation(STREAM)
def stream_generate_content(call: Call) -> Response:
    return call.twin.exchange(call, parse, render)


@operation("models.countTokens")
def count_tokens(call: Call) -> dict:
    authorize(call)
    body = call.json if isinstance(call.json, dict) else {}
    inner = field(body, "generateContentRequest")
    if isinstance(inner, dict):
        call.json = inner
    elif isinstance(body.get("contents"), list):
        call.json = {"contents": body["contents"]}
    if not call.twin.state.knows(call.path_params["model"]):
        raise TwinError("model_not_found", 404, "", model=call.path_params["model"])
    total = input_tokens(call.twin.read(call, parse))
    return {
        "totalTokens": total,
        "promptTokensDetails": [{"modality": "TEXT", "tokenCount": total}],
    }


def routes(version: str) -> list[Route]:
    base = f"/{version}/models/{{model}}"
    return [
        Route(f"{base}:generateContent", generate_content, methods=["POST"]),
        Route(f"{base}:streamGenerateContent", stream_generate_content, methods=["POST"]),
        Route(f"{base}:countTokens", count_tokens, methods=["POST"]),
    ]
