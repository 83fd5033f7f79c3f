"""The provider-neutral engine behind the OpenAI, Anthropic and Gemini twins.

Each provider twin translates its wire format into a ``Prompt`` (``prompt.py``), asks its
``LlmState`` (``state.py``) for a ``Reply`` from a scripted (``script.py``) or built-in
(``builtin.py``) model, and translates the reply back. Shared here once: the twin base class
(``twin.py``), token counting and prompt caching (``tokens.py``), schema-valid values
(``schema_value.py``), embeddings (``embeddings.py``), SSE and body helpers (``wire.py``),
the conversations UI (``ui.py``), running batched requests as live calls (``batch.py``), test
helpers (``testing.py``) and SDK listings for the coverage tables (``sdk.py``).
docs/llm-twins.md documents the rules.
"""
