"""embedContent and batchEmbedContents on ``/v1beta/models/{model}:<method>``, with vectors from
``llm/embeddings.py`` and ``outputDimensionality``."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.gemini.api import authorize, field, invalid, wrong_value
from darkfactory.twins.kit import TwinError, operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.llm.embeddings import embed
from darkfactory.twins.llm.wire import expect

MODELS = {"gemini-embedding-001": 3072, "text-embedding-004": 768}


def _values(model: str, request: dict, where: str) -> dict:
    content = expect(request.get("content"), dict, f"{where}.content", wrong_value, None)
    if content is None:
        raise invalid("* EmbedContentRequest.content: content is not specified\n")
    parts = expect(content.get("parts"), list, f"{where}.content.parts", wrong_value, [])
    text = " ".join(str(p.get("text", "")) for p in parts if isinstance(p, dict))
    size = field(request, "outputDimensionality")
    if size is not None and (not isinstance(size, int) or not 1 <= size <= MODELS[model]):
        raise invalid(f"* EmbedContentRequest.output_dimensionality: must be 1 to {MODELS[model]}")
    return {"values": embed(text, size or MODELS[model])}


def _model(call: Call) -> str:
    authorize(call)
    model = call.path_params["model"]
    if model not in MODELS:
        raise TwinError("model_not_found", 404, "", model=model)
    if not isinstance(call.json, dict):
        raise invalid("Invalid JSON payload received. Expected an object.")
    return model


@operation("models.embedContent")
def embed_content(call: Call) -> dict:
    model = _model(call)
    return {"embedding": _values(model, call.json, "request")}


@operation("models.batchEmbedContents")
def batch_embed_contents(call: Call) -> dict:
    model = _model(call)
    requests = expect(call.json.get("requests"), list, "requests", wrong_value, [])
    if not requests:
        raise invalid("* BatchEmbedContentsRequest.requests: requests is not specified\n")
    return {
        "embeddings": [
            _values(model, expect(r, dict, f"requests[{i}]", wrong_value), f"requests[{i}]")
            for i, r in enumerate(requests)
        ]
    }


def routes(version: str) -> list[Route]:
    base = f"/{version}/models/{{model}}"
    return [
        Route(f"{base}:embedContent", embed_content, methods=["POST"]),
        Route(f"{base}:batchEmbedContents", batch_embed_contents, methods=["POST"]),
    ]
