"""The OpenAI twin: Responses, Chat Completions, Embeddings, Files, Batches and Models at
``/openai/v1``; UI at ``/ui/openai/``."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.kit import TwinError
from darkfactory.twins.kit.ids import MIXED_ALNUM
from darkfactory.twins.llm.limits import Exceeded
from darkfactory.twins.llm.prompt import Prompt
from darkfactory.twins.llm.schema import SCHEMA
from darkfactory.twins.llm.twin import LlmTwin
from darkfactory.twins.llm.wire import stamped
from darkfactory.twins.openai import (
    api,
    batches,
    chat,
    embeddings,
    files,
    models,
    responses,
    stored,
)

__all__ = ["OpenAITwin", "api_routes"]


def api_routes() -> list[Route]:
    """The routes of every API operation the twin serves."""
    return (
        responses.routes()
        + stored.routes()
        + chat.routes()
        + embeddings.routes()
        + files.routes()
        + batches.routes()
        + models.routes()
    )


class OpenAITwin(LlmTwin):
    name = "openai"
    title = "OpenAI"
    catalog = models.CATALOG
    caching = "automatic"
    cache_increment = 128
    key_prefix = "sk-proj-"
    model_calls = ("responses.create", "chat.completions.create")
    schema = SCHEMA + stored.SCHEMA + files.SCHEMA + batches.SCHEMA
    default_limits = api.LIMITS

    @property
    def client_url(self) -> str:
        return f"{self.base_url}/v1"

    def routes(self):
        return self.control_routes() + stamped(
            api_routes(), lambda: api.stamps(self.universe, self.limits.budgets())
        )

    def rate_limited(self, exceeded: Exceeded, prompt: Prompt) -> TwinError:
        return api.rate_limited(exceeded, prompt.model)

    def render_error(self, request: Request, error: TwinError) -> Response:
        return api.render_error(request, error)

    def route_error(self, method: str, path: str, status: int) -> TwinError:
        """OpenAI answers any path or method it does not serve with one 404."""
        return TwinError("invalid_request_error", 404, f"Invalid URL ({method} {path})")

    def new_call_id(self) -> str:
        return "call_" + self.universe.ids.token("openai.call", 24, MIXED_ALNUM)
