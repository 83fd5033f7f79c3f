"""What the LLM twins read back from our requests, per provider, for assertions."""

from __future__ import annotations

import json


def sent_result(provider: str, content: str) -> str:
    """A string tool result as the twin reads it back: Gemini's functionResponse wraps it."""
    return json.dumps({"result": content}) if provider == "gemini" else content
