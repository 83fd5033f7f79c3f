"""The Anthropic twin's coverage: the ``anthropic`` SDK's resource methods against the twin's.

Operations are the SDK's dotted resource paths (``messages.count_tokens``); ``messages.parse`` and
``messages.stream`` run on ``messages.create`` and count as served with it.
"""

from __future__ import annotations

from anthropic import Anthropic
from anthropic._resource import SyncAPIResource

from darkfactory.twins.anthropic import api_routes
from darkfactory.twins.llm.sdk import family, resource_methods, served

TITLE = "Anthropic API coverage"
PACKAGE = "anthropic"  # the distribution the operation list is read from
SOURCE = "the `anthropic` SDK's resources (`Anthropic().<resource>.<method>`)"
HELPERS = {"messages.create": ["messages.parse", "messages.stream"]}

__all__ = ["family"]


def operations() -> list[str]:
    client = Anthropic(api_key="coverage", base_url="http://127.0.0.1:9")
    return resource_methods(client, lambda v: isinstance(v, SyncAPIResource))


def implemented() -> list[str]:
    names = served(api_routes())
    return sorted(names | {h for op in names for h in HELPERS.get(op, [])})
