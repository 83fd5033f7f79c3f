"""The OpenAI twin: Responses, Chat Completions, Models at ``/openai/v1``; UI at ``/ui/openai/``."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from darkfactory.twins.kit import TwinError
from darkfactory.twins.kit.ids import MIXED_ALNUM
from darkfactory.twins.llm.schema import SCHEMA
from darkfactory.twins.llm.twin import LlmTwin
from darkfactory.twins.llm.wire import stamped
from darkfactory.twins.openai import api, chat, embeddings, models, responses, stored

__all__ = ["OpenAITwin"]


class OpenAITwin(LlmTwin):
    name = "openai"
    title = "OpenAI"
    catalog = models.CATALOG
    caching = "automatic"
    cache_increment = 128
    key_prefix = "sk-proj-"
    model_calls = ("responses.create", "chat.completions.create")
    schema = SCHEMA + stored.SCHEMA

    @property
    def client_url(self) -> str:
        return f"{self.base_url}/v1"

    def routes(self):
        operations = (
            responses.routes()
            + stored.routes()
            + chat.routes()
            + embeddings.routes()
            + models.routes()
        )
        return self.control_routes() + stamped(operations, lambda: api.stamps(self.universe))

    def render_error(self, request: Request, error: TwinError) -> Response:
        return api.render_error(request, error)

    def new_call_id(self) -> str:
        return "call_" + self.universe.ids.token("openai.call", 24, MIXED_ALNUM)
