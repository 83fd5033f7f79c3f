"""Embeddings through the official SDKs: deterministic, unit-length, similar for similar texts."""

from __future__ import annotations

import math

import openai
import pytest
from google.genai import errors, types


def cosine(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


TEXTS = ["the cat sat on the mat", "a cat sat on a mat", "quarterly revenue grew"]


def test_openai_embeddings_float_and_base64(openai_client):
    decoded = openai_client.embeddings.create(model="text-embedding-3-small", input=TEXTS)
    assert [d.index for d in decoded.data] == [0, 1, 2]
    vectors = [d.embedding for d in decoded.data]
    assert all(len(v) == 1536 for v in vectors)
    assert math.isclose(math.sqrt(sum(x * x for x in vectors[0])), 1.0, rel_tol=1e-4)
    assert cosine(vectors[0], vectors[1]) > 0.4 > 0.1 > cosine(vectors[0], vectors[2])
    floats = openai_client.embeddings.create(
        model="text-embedding-3-small", input=TEXTS[0], encoding_format="float"
    )
    assert floats.data[0].embedding == pytest.approx(vectors[0], abs=1e-6)
    assert decoded.usage.prompt_tokens == sum(math.ceil(len(t) / 4) for t in TEXTS)
    short = openai_client.embeddings.create(model="text-embedding-3-large", input="x", dimensions=8)
    assert len(short.data[0].embedding) == 8


def test_openai_embedding_errors(openai_client):
    with pytest.raises(openai.BadRequestError) as caught:
        openai_client.embeddings.create(model="text-embedding-ada-002", input="x", dimensions=8)
    assert caught.value.param == "dimensions"
    with pytest.raises(openai.BadRequestError) as caught:
        openai_client.embeddings.create(model="text-embedding-3-small", input="")
    assert caught.value.param == "input"
    with pytest.raises(openai.NotFoundError):
        openai_client.embeddings.create(model="text-embedding-9", input="x")
    assert "text-embedding-3-small" in [m.id for m in openai_client.models.list()]


def test_gemini_embed_content(genai_client):
    result = genai_client.models.embed_content(model="gemini-embedding-001", contents=TEXTS)
    vectors = [e.values for e in result.embeddings]
    assert [len(v) for v in vectors] == [3072] * 3
    assert cosine(vectors[0], vectors[1]) > 0.4 > 0.1 > cosine(vectors[0], vectors[2])
    short = genai_client.models.embed_content(
        model="text-embedding-004",
        contents="the cat",
        config=types.EmbedContentConfig(output_dimensionality=16),
    )
    assert len(short.embeddings[0].values) == 16
    with pytest.raises(errors.ClientError) as caught:
        genai_client.models.embed_content(model="gemini-2.5-flash", contents="x")
    assert caught.value.code == 404
    listed = {m.name: m for m in genai_client.models.list()}
    assert listed["models/gemini-embedding-001"].supported_actions == [
        "embedContent",
        "batchEmbedContents",
    ]
