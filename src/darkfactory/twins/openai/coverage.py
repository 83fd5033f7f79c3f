"""The OpenAI twin's coverage: the ``openai`` SDK's resource methods against the twin's operations.

Operations are the SDK's dotted resource paths (``chat.completions.create``); the SDK helpers that
run on a served endpoint (``responses.parse``/``stream`` ...) count as served with it.
"""

from __future__ import annotations

from openai import OpenAI
from openai._resource import SyncAPIResource

from darkfactory.twins.llm.sdk import family, resource_methods, served
from darkfactory.twins.openai import api_routes

TITLE = "OpenAI API coverage"
PACKAGE = "openai"  # the distribution the operation list is read from
SOURCE = "the `openai` SDK's resources (`OpenAI().<resource>.<method>`)"
HELPERS = {
    "responses.create": ["responses.parse", "responses.stream"],
    "chat.completions.create": ["chat.completions.parse", "chat.completions.stream"],
    "files.content": ["files.retrieve_content"],
    "files.retrieve": ["files.wait_for_processing"],
}

__all__ = ["family"]


def operations() -> list[str]:
    client = OpenAI(api_key="coverage", base_url="http://127.0.0.1:9")
    return resource_methods(client, lambda v: isinstance(v, SyncAPIResource))


def implemented() -> list[str]:
    names = served(api_routes())
    return sorted(names | {h for op in names for h in HELPERS.get(op, [])})
