"""Reading Gemini request bodies: contents and parts (text, images, function calls and
responses with thought signatures, thoughts), system instructions, tools and tool config.

Fields are read by JSON or proto name (``api.field``); a value of the wrong JSON type is
Google's ``Invalid value at '<field>'`` 400.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from darkfactory.twins.gemini.api import field, invalid, wrong_value
from darkfactory.twins.gemini.models import SIGNATURE_REQUIRED_PREFIXES
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.llm.prompt import (
    Image,
    Message,
    Prompt,
    Text,
    Thinking,
    Tool,
    ToolCall,
    ToolResult,
    compact,
)
from darkfactory.twins.llm.wire import expect

ROLES = {"user": "user", "model": "assistant", "function": "user"}
TEXT_ONLY = frozenset({"text"})  # the keys of a part that is text and nothing else


def object_at(value: Any, where: str) -> dict:
    return expect(value, dict, where, wrong_value, {})


def objects_at(value: Any, where: str) -> list[dict]:
    items = expect(value, list, where, wrong_value, [])
    return [object_at(item, f"{where}[{i}]") for i, item in enumerate(items)]


def text_at(part: dict, where: str) -> str:
    return expect(part.get("text"), str, f"{where}.text", wrong_value, "")


def messages_of(call: Call, contents: list[dict], model: str) -> list[Message]:
    state = call.twin.state
    messages = []
    roles = [
        expect(c.get("role"), str, f"contents[{i}].role", wrong_value, "user")
        for i, c in enumerate(contents)
    ]
    parts_of_each = [
        objects_at(c.get("parts"), f"contents[{i}].parts") for i, c in enumerate(contents)
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
            if part.keys() == TEXT_ONLY:
                parts.append(Text(text_at(part, at)))
                continue
            signature = expect(field(part, "thoughtSignature"), str, at, wrong_value, "")
            function = object_at(field(part, "functionCall"), f"{at}.function_call")
            response = object_at(field(part, "functionResponse"), f"{at}.function_response")
            inline = object_at(field(part, "inlineData"), f"{at}.inline_data")
            stored = object_at(field(part, "fileData"), f"{at}.file_data")
            if function:
                name = expect(
                    function.get("name"), str, f"{at}.function_call.name", wrong_value, ""
                )
                args = object_at(function.get("args"), f"{at}.function_call.args")
                check_signature(
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
                result = object_at(response.get("response"), f"{at}.function_response.response")
                parts.append(ToolResult(result_id or name, name, json.dumps(result)))
            elif inline or stored:
                data = inline or stored
                media_type = str(field(data, "mimeType", ""))
                if stored:
                    parts.append(Image(media_type, url=str(field(stored, "fileUri", ""))))
                else:
                    parts.append(Image(media_type, size=len(str(data.get("data", "")))))
            elif part.get("thought"):
                parts.append(Thinking(text_at(part, at), signature))
            elif "text" in part:
                parts.append(Text(text_at(part, at)))
        if not raw_parts:
            raise invalid(
                f"* GenerateContentRequest.contents[{index}].parts: contents.parts"
                " must not be empty.\n"
            )
        messages.append(Message(ROLES[role], parts))
    return messages


# The dummy signatures Google documents for function calls it did not sign (a conversation
# carried over from another model, or built by hand): they skip validation on every model. Each
# is taken as the signature's base64 text itself, or as the bytes it decodes to: the same words
# handed to an SDK's bytes field arrive as the base64 of their ASCII.
PLACEHOLDER_SIGNATURES = (
    "skip_thought_signature_validator",
    "context_engineering_is_the_way_to_go",
)
PLACEHOLDER_BYTES = frozenset(
    form
    for text in PLACEHOLDER_SIGNATURES
    for form in (base64.urlsafe_b64decode(text), text.encode())
)


def is_placeholder(signature: str) -> bool:
    """Whether a wire signature (base64 in either alphabet) is one of Google's dummies."""
    urlsafe = signature.replace("+", "-").replace("/", "_")
    try:
        raw = base64.urlsafe_b64decode(urlsafe + "=" * (-len(urlsafe) % 4))
    except ValueError:
        return False
    return raw in PLACEHOLDER_BYTES


def check_signature(
    state, signature: str, signed: str, model: str, current: bool, name: str, position: int
) -> None:
    """A function call's signature must be the twin's or a placeholder; Gemini 3 models also
    require one on each function call of the current turn."""
    if is_placeholder(signature):
        return
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


def tools_of(tools: Any) -> list[Tool]:
    found = []
    for index, tool in enumerate(objects_at(tools, "tools")):
        where = f"tools[{index}].function_declarations"
        for position, declaration in enumerate(
            objects_at(field(tool, "functionDeclarations"), where)
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
            found.append(Tool(name, description, object_at(parameters, f"{where}[{position}]")))
    return found


def tool_choice_of(tool_config: dict) -> str:
    calling = object_at(field(tool_config, "functionCallingConfig"), "function_calling_config")
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


def read_conversation(call: Call, body: dict, model: str, prompt: Prompt) -> None:
    """Fill ``prompt`` with a request's system instruction, contents, tools and tool config."""
    system = object_at(field(body, "systemInstruction"), "system_instruction")
    prompt.system = [
        Text(text_at(p, f"system_instruction.parts[{i}]"))
        for i, p in enumerate(objects_at(system.get("parts"), "system_instruction.parts"))
    ]
    prompt.messages = messages_of(call, objects_at(body.get("contents"), "contents"), model)
    prompt.tools = tools_of(body.get("tools"))
    prompt.tool_choice = tool_choice_of(object_at(field(body, "toolConfig"), "tool_config"))
