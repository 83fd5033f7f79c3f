"""The Gemini twin: generateContent, streaming, countTokens and Models at ``/gemini/v1beta/...``
(and ``/v1``); UI at ``/ui/gemini/``."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from darkfactory.twins.gemini import api, caches, embed, generate, models
from darkfactory.twins.kit import TwinError
from darkfactory.twins.llm.limits import Exceeded
from darkfactory.twins.llm.prompt import Prompt
from darkfactory.twins.llm.schema import SCHEMA
from darkfactory.twins.llm.twin import LlmTwin
from darkfactory.twins.llm.wire import stamped

__all__ = ["GeminiTwin"]

VERSIONS = ("v1beta", "v1")


class GeminiTwin(LlmTwin):
    name = "gemini"
    title = "Gemini"
    catalog = models.CATALOG
    caching = "automatic"
    key_prefix = "AIza"
    model_calls = ("models.generateContent", "models.streamGenerateContent")
    schema = SCHEMA + caches.SCHEMA
    default_limits = api.LIMITS

    def routes(self):
        operations = [
            r
            for v in VERSIONS
            for r in generate.routes(v) + embed.routes(v) + caches.routes(v) + models.routes(v)
        ]
        return self.control_routes() + stamped(operations, api.stamps)

    def render_error(self, request: Request, error: TwinError) -> Response:
        return api.render_error(request, error)

    def rate_limited(self, exceeded: Exceeded, prompt: Prompt) -> TwinError:
        return api.rate_limited(exceeded, prompt.model)

    def new_call_id(self) -> str:
        """Gemini's function calls carry no id on the wire; results are matched by name."""
        return ""
