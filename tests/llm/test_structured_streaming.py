"""``stream_object`` and the async structured-output functions: partial objects grow as the
JSON streams in; the final object is validated like ``generate_object``'s."""

from __future__ import annotations

import pytest

from darkfactory.llm import (
    NoObjectGeneratedError,
    agenerate_object,
    astream_object,
    stream_object,
)
from darkfactory.llm.structured import parse_object, partial_object

RECIPES = {
    "type": "object",
    "properties": {
        "recipes": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"title": {"type": "string"}},
                "required": ["title"],
            },
        }
    },
    "required": ["recipes"],
}
ANSWER = {"recipes": [{"title": f"Recipe number {i} with a longer title"} for i in range(5)]}


def test_stream_object_yields_growing_partials(client, llm_script):
    llm_script(model="chef", turns=[{"reply": {"json": ANSWER}}])
    result = stream_object("chef", "Five recipes", schema=RECIPES, client=client)
    partials = list(result)
    assert len(partials) > 2
    counts = [len(p.get("recipes", [])) for p in partials]
    assert counts == sorted(counts) and counts[-1] == 5
    assert result.object() == ANSWER


async def test_async_structured_output(client, llm_script):
    llm_script(model="chef", repeat_last=True, turns=[{"reply": {"json": ANSWER}}])
    assert (await agenerate_object("chef", "Five", schema=RECIPES, client=client)).output == ANSWER
    result = astream_object("chef", "Five", schema=RECIPES, client=client)
    partials = [p async for p in result]
    assert partials and await result.object() == ANSWER


def test_stream_object_invalid_final_object(client, llm_script):
    llm_script(model="chef", turns=[{"reply": {"json": {"recipes": [{"name": "x"}]}}}])
    result = stream_object("chef", "Bad", schema=RECIPES, client=client)
    with pytest.raises(NoObjectGeneratedError):
        result.object()


def test_partial_and_fenced_json():
    assert partial_object('{"recipes": [{"title": "Pa') == {"recipes": [{"title": "Pa"}]}
    assert partial_object("") is None
    assert parse_object('```json\n{"recipes": []}\n```', RECIPES) == {"recipes": []}
