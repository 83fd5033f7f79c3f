"""The provider-neutral engine behind the OpenAI, Anthropic and Gemini twins.

Each provider twin translates its wire format into a ``Prompt`` (``prompt.py``), asks its
``LlmState`` (``state.py``) for a ``Reply`` from a scripted or built-in model, and translates the
reply back. Token counting and prompt caching (``tokens.py``), scripts (``script.py``), built-in
models (``builtin.py``), recording and the conversations UI live here once.
"""
