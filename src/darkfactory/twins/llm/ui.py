"""The conversations page of each LLM twin at ``/ui/<provider>/``: recorded exchanges per model."""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.kit.dashboard import page

if TYPE_CHECKING:
    from darkfactory.twins.llm.twin import LlmTwin


def routes(twin: LlmTwin) -> list[Route]:
    state = twin.state

    async def conversations(request: Request) -> Response:
        models = state.recorded_models()
        chosen = request.query_params.get("model") or (models[0][0] if models else None)
        exchanges = state.exchanges(chosen) if chosen else []
        return page(
            request,
            "llm/conversations.html",
            twin=twin,
            models=models,
            chosen=chosen,
            exchanges=exchanges,
            last_id=max((e["id"] for e in exchanges), default=0),
            scripts=state.scripts(),
        )

    return [Route("/", conversations, methods=["GET"])]
