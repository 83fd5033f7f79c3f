"""The Anthropic twin: Messages, Message Batches and Models at ``/anthropic/v1/...``; UI at
``/ui/anthropic/``."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.anthropic import api, message_batches, messages, models
from darkfactory.twins.kit import TwinError
from darkfactory.twins.kit.ids import MIXED_ALNUM
from darkfactory.twins.llm.limits import Exceeded
from darkfactory.twins.llm.prompt import Prompt, Usage
from darkfactory.twins.llm.schema import SCHEMA
from darkfactory.twins.llm.twin import LlmTwin
from darkfactory.twins.llm.wire import stamped

__all__ = ["AnthropicTwin", "api_routes"]


def api_routes() -> list[Route]:
    """The routes of every API operation the twin serves."""
    return messages.routes() + message_batches.routes() + models.routes()


class AnthropicTwin(LlmTwin):
    name = "anthropic"
    title = "Anthropic"
    catalog = models.CATALOG
    caching = "explicit"
    key_prefix = "sk-ant-api03-"
    model_calls = ("messages.create",)
    outage_status = 529
    schema = SCHEMA + message_batches.SCHEMA
    default_limits = api.LIMITS

    def routes(self):
        return self.control_routes() + stamped(
            api_routes(), lambda: api.stamps(self.universe, self.limits.budgets())
        )

    def rate_limited(self, exceeded: Exceeded, prompt: Prompt) -> TwinError:
        return api.rate_limited(exceeded)

    def min_cached(self, model: str) -> int:
        return models.min_cached(model)

    def limited_input(self, usage: Usage) -> int:
        """Anthropic's input-token limits do not count tokens read from the cache."""
        return usage.input_tokens - usage.cache_read_tokens

    def render_error(self, request: Request, error: TwinError) -> Response:
        return api.render_error(self.universe, request, error)

    def new_call_id(self) -> str:
        return "toolu_01" + self.universe.ids.token("anthropic.toolu", 22, MIXED_ALNUM)
