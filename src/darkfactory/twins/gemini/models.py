"""Models API: ``GET /v1beta/models`` (``pageSize``/``pageToken``) and ``GET /v1beta/models/{m}``;
which models think. The catalog's names answer as the ``echo`` model."""

from __future__ import annotations

from typing import Any

from starlette.routing import Route

from darkfactory.twins.gemini.api import authorize, field, page
from darkfactory.twins.gemini.embed import MODELS as EMBEDDING_MODELS
from darkfactory.twins.kit import TwinError, operation
from darkfactory.twins.kit.operation import Call

CATALOG = [
    "gemini-3.5-flash",
    "gemini-3.1-pro-preview",
    "gemini-3.1-flash-lite",
    "gemini-3-pro-preview",
    "gemini-3-flash-preview",
    "gemini-2.5-pro",
    "gemini-2.5-flash",
    "gemini-2.5-flash-lite",
    "gemini-2.0-flash",
]
THINKING_PREFIXES = ("gemini-2.5", "gemini-3")
SIGNATURE_REQUIRED_PREFIXES = ("gemini-3",)
METHODS = ["generateContent", "streamGenerateContent", "countTokens"]
EMBEDDING_METHODS = ["embedContent", "batchEmbedContents"]


def thinks(model: str, config: Any) -> bool:
    """Whether the model thinks: 2.5 and 3 models do unless ``thinkingBudget`` is 0; other
    models (built-in, scripted) when ``thinkingConfig`` asks for it."""
    budget = field(config, "thinkingBudget")
    if budget == 0:
        return False
    if model.startswith(THINKING_PREFIXES):
        return True
    return bool(field(config, "includeThoughts") or budget or field(config, "thinkingLevel"))


def served_models(call: Call) -> list[str]:
    """The twin's generative models (catalog, built-in, scripted) and its embedding models."""
    return [*call.twin.state.models(), *EMBEDDING_MODELS]


def model_json(model: str) -> dict[str, Any]:
    return {
        "name": f"models/{model}",
        "version": "001",
        "displayName": model.replace("-", " ").title(),
        "description": f"{model} as served by the darkfactory universe",
        "inputTokenLimit": 1_048_576,
        "outputTokenLimit": 65_536,
        "supportedGenerationMethods": EMBEDDING_METHODS if model in EMBEDDING_MODELS else METHODS,
        "temperature": 1,
        "topP": 0.95,
        "topK": 64,
        "maxTemperature": 2,
        "thinking": model.startswith(THINKING_PREFIXES),
    }


@operation("models.list")
def list_models(call: Call) -> dict:
    authorize(call)
    return page(call, "models", [model_json(m) for m in served_models(call)], 50)


@operation("models.get")
def get_model(call: Call) -> dict:
    authorize(call)
    model = call.path_params["model"]
    if model not in served_models(call):
        raise TwinError(
            "NOT_FOUND", 404, f"Model is not found: models/{model} for api version v1beta"
        )
    return model_json(model)


def routes(version: str) -> list[Route]:
    return [
        Route(f"/{version}/models", list_models, methods=["GET"]),
        Route(f"/{version}/models/{{model}}", get_model, methods=["GET"]),
    ]
