"""Models API: ``GET /v1/models`` and ``/v1/models/{model}``; which models reason.

The catalog's names answer as the ``echo`` model (``darkfactory.twins.llm.builtin``); reasoning
models (``o*``, ``gpt-5*``) reason unless ``reasoning.effort`` is ``none``, others refuse a
``reasoning`` parameter as OpenAI does.
"""

from __future__ import annotations

from typing import Any

from starlette.routing import Route

from darkfactory.twins.kit import TwinError, operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.openai.api import authorize, invalid
from darkfactory.twins.openai.embeddings import MODELS as EMBEDDING_MODELS

CATALOG = [
    "gpt-5.5",
    "gpt-5.4",
    "gpt-5.4-mini",
    "gpt-5.4-nano",
    "gpt-5.2",
    "gpt-5.2-pro",
    "gpt-5.1",
    "gpt-5",
    "gpt-5-mini",
    "gpt-5-nano",
    "gpt-4.1",
    "gpt-4.1-mini",
    "gpt-4.1-nano",
    "gpt-4o",
    "gpt-4o-mini",
    "o3",
    "o3-mini",
    "o4-mini",
]
REASONING_PREFIXES = ("o1", "o3", "o4", "gpt-5")
EFFORTS = ("none", "minimal", "low", "medium", "high", "xhigh")
CREATED = 1_700_000_000


def reasons(model: str) -> bool:
    return model.startswith(REASONING_PREFIXES) or model in ("echo", "tool-caller")


def reasoning_on(model: str, reasoning: Any, param: str = "reasoning.effort") -> bool:
    """Whether the model reasons for this request; 400 for a bad or unsupported effort."""
    if reasoning is None:
        return model.startswith(REASONING_PREFIXES)
    effort = reasoning.get("effort", "medium") if isinstance(reasoning, dict) else reasoning
    if effort is not None and effort not in EFFORTS:
        raise invalid(
            f"Invalid value: '{effort}'. Supported values are: {', '.join(map(repr, EFFORTS))}.",
            param,
            "invalid_value",
        )
    if not reasons(model) and model in CATALOG:
        raise invalid(
            f"Unsupported parameter: '{param}' is not supported with this model.",
            param,
            "unsupported_parameter",
        )
    return effort not in ("none", None)


def served_models(call: Call) -> list[str]:
    """The twin's chat models (catalog, built-in, scripted) and its embedding models."""
    return [*call.twin.state.models(), *EMBEDDING_MODELS]


def model_json(model: str) -> dict[str, Any]:
    return {"id": model, "object": "model", "created": CREATED, "owned_by": "openai"}


@operation("models.list")
def list_models(call: Call) -> dict:
    authorize(call)
    return {"object": "list", "data": [model_json(m) for m in served_models(call)]}


@operation("models.retrieve")
def retrieve_model(call: Call) -> dict:
    authorize(call)
    model = call.path_params["model"]
    if model not in served_models(call):
        raise TwinError(
            "model_not_found",
            404,
            f"The model '{model}' does not exist",
            openai_code="model_not_found",
            param="model",
        )
    return model_json(model)


def routes() -> list[Route]:
    return [
        Route("/v1/models", list_models, methods=["GET"]),
        Route("/v1/models/{model:path}", retrieve_model, methods=["GET"]),
    ]
