"""Models API: ``GET /v1/models`` (paged with ``before_id``/``after_id``/``limit``) and
``GET /v1/models/{model_id}``. The catalog's names answer as the ``echo`` model."""

from __future__ import annotations

import functools

from starlette.routing import Route

from darkfactory.twins.anthropic.api import authorize, page
from darkfactory.twins.kit import TwinError, operation
from darkfactory.twins.kit.operation import Call

CATALOG = [
    "claude-opus-5",
    "claude-sonnet-5",
    "claude-opus-4-8",
    "claude-opus-4-7",
    "claude-opus-4-6",
    "claude-sonnet-4-6",
    "claude-opus-4-5",
    "claude-opus-4-5-20251101",
    "claude-sonnet-4-5",
    "claude-sonnet-4-5-20250929",
    "claude-haiku-4-5",
    "claude-haiku-4-5-20251001",
    "claude-opus-4-1",
    "claude-sonnet-4-0",
]
CREATED_AT = "2025-09-29T00:00:00Z"
# The shortest cacheable prompt by model family, as the prompt-caching guide lists it; other
# models (Sonnet 4.x, Opus 4 and 4.1) cache from 1,024 tokens.
MIN_CACHED = {
    "claude-opus-4-5": 4096,
    "claude-opus-4-6": 4096,
    "claude-opus-4-7": 4096,
    "claude-opus-4-8": 4096,
    "claude-opus-5": 4096,
    "claude-haiku-4-5": 4096,
    "claude-3-5-haiku": 2048,
    "claude-3-haiku": 2048,
}


@functools.lru_cache(maxsize=256)
def min_cached(model: str) -> int:
    """The shortest prompt prefix, in tokens, that ``model`` caches (asked on every call with
    caching, of the few models in use: kept)."""
    family = next((f for f in MIN_CACHED if model.startswith(f)), None)
    return MIN_CACHED[family] if family else 1024


def model_json(model: str) -> dict:
    display = model.replace("claude-", "Claude ").replace("-", " ").title()
    return {"type": "model", "id": model, "display_name": display, "created_at": CREATED_AT}


@operation("models.list")
def list_models(call: Call) -> dict:
    authorize(call)
    chosen, more = page(call.twin.state.models(), call.query)
    return {
        "data": [model_json(m) for m in chosen],
        "has_more": more,
        "first_id": chosen[0] if chosen else None,
        "last_id": chosen[-1] if chosen else None,
    }


@operation("models.retrieve")
def retrieve_model(call: Call) -> dict:
    authorize(call)
    model = call.path_params["model_id"]
    if not call.twin.state.knows(model):
        raise TwinError("model_not_found", 404, f"model: {model}", model=model)
    return model_json(model)


def routes() -> list[Route]:
    return [
        Route("/v1/models", list_models, methods=["GET"]),
        Route("/v1/models/{model_id:path}", retrieve_model, methods=["GET"]),
    ]
