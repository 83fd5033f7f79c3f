"""The OpenAI twin's coverage: the ``openai`` SDK's resource methods against the twin's operations.

Operations are the SDK's dotted resource paths (``chat.completions.create``); the SDK helpers that
run on a served endpoint (``responses.parse``/``stream`` ...) count as served with it.
"""

from __future__ import annotations

from openai import OpenAI
from openai._resource import SyncAPIResource

from darkfactory.twins.llm.sdk import family, resource_methods, served
from darkfactory.twins.openai import chat, embeddings, models, responses, stored

TITLE = "OpenAI API coverage"
SOURCE = "the `openai` SDK's resources (`OpenAI().<resource>.<method>`)"
HELPERS = {
    "responses.create": ["responses.parse", "responses.stream"],
    "chat.completions.create": ["chat.completions.parse", "chat.completions.stream"],
}

__all__ = ["family"]


def operations() -> list[str]:
    client = OpenAI(api_key="coverage", base_url="http://127.0.0.1:9")
    return resource_methods(client, lambda v: isinstance(v, SyncAPIResource))


def implemented() -> list[str]:
    names = served(
        responses.routes() + stored.routes() + chat.routes() + embeddings.routes() + models.routes()
    )
    return sorted(names | {h for op in names for h in HELPERS.get(op, [])})
