"""Embeddings API: ``POST /v1/embeddings`` with float or base64 vectors (``llm/embeddings.py``)."""

from __future__ import annotations

import base64
import struct
from typing import Any

from starlette.routing import Route

from darkfactory.twins.kit import TwinError, operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.llm.embeddings import embed
from darkfactory.twins.llm.tokens import count
from darkfactory.twins.llm.wire import json_object
from darkfactory.twins.openai.api import authorize, invalid, missing

MODELS = {
    "text-embedding-3-small": 1536,
    "text-embedding-3-large": 3072,
    "text-embedding-ada-002": 1536,
}
SHORTENABLE = ("text-embedding-3-small", "text-embedding-3-large")
MAX_INPUTS = 2048


def _texts(value: Any) -> list[str]:
    """``input`` as texts: a string, strings, a token array or token arrays."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or len(value) > MAX_INPUTS:
        raise _bad_input()
    if all(isinstance(v, int) for v in value):
        value = [value]
    texts = []
    for item in value:
        if isinstance(item, list) and item and all(isinstance(t, int) for t in item):
            texts.append(" ".join(map(str, item)))
        elif isinstance(item, str) and item:
            texts.append(item)
        else:
            raise _bad_input()
    return texts


def _bad_input() -> TwinError:
    return invalid(
        "'$.input' is invalid. Please check the API reference:"
        " https://platform.openai.com/docs/api-reference.",
        "input",
    )


@operation("embeddings.create")
def create_embedding(call: Call) -> dict:
    authorize(call)
    body = json_object(call, invalid("We could not parse the JSON body of your request."))
    for required in ("model", "input"):
        if body.get(required) is None:
            raise missing(required)
    model = body["model"]
    if model not in MODELS:
        raise TwinError("model_not_found", 404, "", model=str(model))
    size = body.get("dimensions")
    if size is not None and model not in SHORTENABLE:
        raise invalid("This model does not support specifying dimensions.", "dimensions")
    if size is not None and (not isinstance(size, int) or not 1 <= size <= MODELS[model]):
        raise invalid(f"Invalid 'dimensions': expected 1 to {MODELS[model]}.", "dimensions")
    texts = _texts(body["input"])
    as_base64 = body.get("encoding_format") == "base64"
    data = []
    for index, text in enumerate(texts):
        vector = embed(text, size or MODELS[model])
        encoded = (
            base64.b64encode(struct.pack(f"<{len(vector)}f", *vector)).decode()
            if as_base64
            else vector
        )
        data.append({"object": "embedding", "index": index, "embedding": encoded})
    used = sum(count(t) for t in texts)
    return {
        "object": "list",
        "data": data,
        "model": model,
        "usage": {"prompt_tokens": used, "total_tokens": used},
    }


def routes() -> list[Route]:
    return [Route("/v1/embeddings", create_embedding, methods=["POST"])]
