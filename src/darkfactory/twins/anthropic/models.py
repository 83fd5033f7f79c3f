"""Models API: ``GET /v1/models`` (paged with ``before_id``/``after_id``/``limit``) and
``GET /v1/models/{model_id}``. The catalog's names answer as the ``echo`` model."""

from __future__ import annotations

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
