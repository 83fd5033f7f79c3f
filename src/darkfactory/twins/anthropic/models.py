"""Models API: ``GET /v1/models`` (paged with ``before_id``/``after_id``/``limit``) and
``GET /v1/models/{model_id}``. The catalog's names answer as the ``echo`` model."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.anthropic.api import authorize
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
    names = call.twin.state.models()
    try:
        limit = min(max(int(call.query.get("limit", 20)), 1), 1000)
    except ValueError as error:
        raise TwinError(
            "invalid_request_error", 400, "limit: Input should be a valid integer"
        ) from error
    after, before = call.query.get("after_id"), call.query.get("before_id")
    if after in names:
        names = names[names.index(after) + 1 :]
    if before in names:
        names = names[: names.index(before)][-limit:]
    chosen = names[:limit]
    return {
        "data": [model_json(m) for m in chosen],
        "has_more": len(names) > limit,
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
