"""The Gemini twin's coverage: the ``google-genai`` SDK's module methods against the twin's.

The twin names its operations after the REST methods (``models.generateContent``); ``SDK_NAMES``
maps them onto the SDK's (``models.generate_content``). ``chats.create`` runs on generateContent.
"""

from __future__ import annotations

from google import genai
from google.genai._api_module import BaseModule
from google.genai.chats import Chats

from darkfactory.twins.gemini import caches, embed, generate, models
from darkfactory.twins.llm.sdk import family, resource_methods, served

TITLE = "Gemini API coverage"
PACKAGE = "google-genai"  # the distribution the operation list is read from
SOURCE = "the `google-genai` SDK's modules (`genai.Client().<module>.<method>`)"
SDK_NAMES = {
    "models.generateContent": ["models.generate_content", "chats.create"],
    "models.streamGenerateContent": ["models.generate_content_stream"],
    "models.countTokens": ["models.count_tokens"],
    "models.embedContent": ["models.embed_content"],
    "models.batchEmbedContents": ["models.embed_content"],
    "cachedContents.create": ["caches.create"],
    "cachedContents.get": ["caches.get"],
    "cachedContents.list": ["caches.list"],
    "cachedContents.patch": ["caches.update"],
    "cachedContents.delete": ["caches.delete"],
    "models.list": ["models.list"],
    "models.get": ["models.get"],
}

__all__ = ["family"]


def operations() -> list[str]:
    client = genai.Client(api_key="coverage")
    return resource_methods(client, lambda v: isinstance(v, BaseModule | Chats))


def implemented() -> list[str]:
    names = served(
        generate.routes("v1beta")
        + embed.routes("v1beta")
        + caches.routes("v1beta")
        + models.routes("v1beta")
    )
    return sorted({sdk for op in names for sdk in SDK_NAMES.get(op, [op])})
