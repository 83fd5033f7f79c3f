"""Structured output: ``generate_object`` and ``stream_object`` (and their async twins).

The schema travels as a ``json_schema`` response format (native on OpenAI and Gemini, a system
instruction on Anthropic). The answer is parsed and validated against the schema; failure raises
NoObjectGeneratedError and is never retried. Streams yield partial objects as the JSON grows,
parsed with pydantic-core's partial mode.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any, Unpack

import jsonschema
import pydantic_core

from darkfactory.llm.api import (
    AsyncStreamResult,
    GenerateOptions,
    GenerateResult,
    StreamResult,
    agenerate,
    astream,
    generate,
    stream,
)
from darkfactory.llm.errors import NoObjectGeneratedError
from darkfactory.llm.types import ResponseFormat, StreamEventType

FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.DOTALL)


def response_format(schema: dict[str, Any], name: str = "output") -> ResponseFormat:
    """Strict only when the schema can be strict (closed objects), as OpenAI requires."""
    return ResponseFormat(
        "json_schema", schema, strict=schema.get("additionalProperties") is False, name=name
    )


def parse_object(text: str, schema: dict[str, Any]) -> Any:
    """The validated object in ``text`` (bare or in a code fence)."""
    match = FENCE.match(text)
    body = match.group(1) if match else text.strip()
    try:
        value = json.loads(body)
    except json.JSONDecodeError as exc:
        raise NoObjectGeneratedError(f"the answer is not JSON: {exc}", text, exc) from exc
    try:
        jsonschema.validate(value, schema)
    except jsonschema.ValidationError as exc:
        raise NoObjectGeneratedError(
            f"the answer does not match the schema: {exc.message}", text, exc
        ) from exc
    return value


def partial_object(text: str) -> Any:
    """The object so far in a growing JSON text; None while nothing parses yet."""
    match = FENCE.match(text + "```") if text.lstrip().startswith("```") else None
    body = match.group(1) if match else text
    try:
        return pydantic_core.from_json(body, allow_partial="trailing-strings")
    except ValueError:
        return None


def _with_format(schema: dict[str, Any], options: GenerateOptions) -> GenerateOptions:
    return {**options, "response_format": response_format(schema)}  # type: ignore[typeddict-item]


def generate_object(
    model: str,
    prompt: str | None = None,
    *,
    schema: dict[str, Any],
    **options: Unpack[GenerateOptions],
) -> GenerateResult:
    result = generate(model, prompt, **_with_format(schema, options))
    result.output = parse_object(result.text, schema)
    return result


async def agenerate_object(
    model: str,
    prompt: str | None = None,
    *,
    schema: dict[str, Any],
    **options: Unpack[GenerateOptions],
) -> GenerateResult:
    result = await agenerate(model, prompt, **_with_format(schema, options))
    result.output = parse_object(result.text, schema)
    return result


class _Partials:
    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        self.text = ""
        self.last: Any = None

    def feed(self, delta: str) -> Any:
        """The new partial object after ``delta``, or None when it did not change."""
        self.text += delta
        current = partial_object(self.text)
        if current is None or current == self.last:
            return None
        self.last = current
        return current


class ObjectStreamResult:
    """Iterate for partial objects; ``object()`` returns the complete, validated one."""

    def __init__(self, events: StreamResult, schema: dict[str, Any]) -> None:
        self.events, self.partials = events, _Partials(schema)

    def __iter__(self) -> Iterator[Any]:
        for event in self.events:
            if event.type == StreamEventType.TEXT_DELTA:
                partial = self.partials.feed(event.delta or "")
                if partial is not None:
                    yield partial

    def object(self) -> Any:
        for _ in self:
            pass
        return parse_object(self.events.response().text, self.partials.schema)


class AsyncObjectStreamResult:
    def __init__(self, events: AsyncStreamResult, schema: dict[str, Any]) -> None:
        self.events, self.partials = events, _Partials(schema)

    async def __aiter__(self) -> AsyncIterator[Any]:
        async for event in self.events:
            if event.type == StreamEventType.TEXT_DELTA:
                partial = self.partials.feed(event.delta or "")
                if partial is not None:
                    yield partial

    async def object(self) -> Any:
        async for _ in self:
            pass
        response = await self.events.response()
        return parse_object(response.text, self.partials.schema)


def stream_object(
    model: str,
    prompt: str | None = None,
    *,
    schema: dict[str, Any],
    **options: Unpack[GenerateOptions],
) -> ObjectStreamResult:
    return ObjectStreamResult(stream(model, prompt, **_with_format(schema, options)), schema)


def astream_object(
    model: str,
    prompt: str | None = None,
    *,
    schema: dict[str, Any],
    **options: Unpack[GenerateOptions],
) -> AsyncObjectStreamResult:
    return AsyncObjectStreamResult(astream(model, prompt, **_with_format(schema, options)), schema)
