"""The conversations page of each LLM twin at ``/ui/<provider>/``: recorded exchanges per model.

The page follows the universe journal; when this twin answers, ``/ui/<provider>/fresh`` returns
the new exchange cards and the model list as HTML fragments, so conversations grow live.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.kit.dashboard import page, templates

if TYPE_CHECKING:
    from darkfactory.twins.llm.twin import LlmTwin

PROVIDERS = (("openai", "OpenAI"), ("anthropic", "Anthropic"), ("gemini", "Gemini"))


def routes(twin: LlmTwin) -> list[Route]:
    state = twin.state

    def chosen_model(request: Request) -> str | None:
        models = state.recorded_models()
        return request.query_params.get("model") or (models[0][0] if models else None)

    async def conversations(request: Request) -> Response:
        chosen = chosen_model(request)
        exchanges = state.exchanges(chosen) if chosen else []
        return page(
            request,
            "llm/conversations.html",
            twin=twin,
            providers=[p for p in PROVIDERS if p[0] in request.app.state.universe.twins],
            models=state.recorded_models(),
            chosen=chosen,
            exchanges=exchanges,
            last_id=max((e["id"] for e in exchanges), default=0),
            scripts=state.scripts(),
        )

    async def fresh(request: Request) -> Response:
        """New exchange cards of the chosen model after ``since``, and the model list."""
        chosen = chosen_model(request)
        since = int(request.query_params.get("since") or 0)
        exchanges = state.exchanges(chosen, since) if chosen else []
        context = {"twin": twin, "models": state.recorded_models(), "chosen": chosen}
        cards = templates.get_template("llm/_exchange.html")
        sidebar = templates.get_template("llm/_models.html")
        return JSONResponse(
            {
                "cards": "".join(cards.render(exchange=e, **context) for e in exchanges),
                "models": sidebar.render(**context),
                "chosen": chosen,
                "last_id": max((e["id"] for e in exchanges), default=since),
            }
        )

    return [
        Route("/", conversations, methods=["GET"]),
        Route("/fresh", fresh, methods=["GET"]),
    ]
