"""The SDKs find the twins from the environment a scenario gives a system under test."""

from __future__ import annotations

import anthropic
import openai
from google import genai


def test_sdks_configured_only_by_environment(universe, monkeypatch):
    creds = universe.credentials
    env = {
        "OPENAI_BASE_URL": creds["openai"]["base_url"],
        "OPENAI_API_KEY": creds["openai"]["api_key"],
        "ANTHROPIC_BASE_URL": creds["anthropic"]["base_url"],
        "ANTHROPIC_API_KEY": creds["anthropic"]["api_key"],
        "GOOGLE_GEMINI_BASE_URL": creds["gemini"]["base_url"],
        "GEMINI_API_KEY": creds["gemini"]["api_key"],
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("GOOGLE_API_KEY", raising=False)
    assert openai.OpenAI().responses.create(model="echo", input="one").output_text == "one"
    message = anthropic.Anthropic().messages.create(
        model="echo", max_tokens=10, messages=[{"role": "user", "content": "two"}]
    )
    assert message.content[0].text == "two"
    assert genai.Client().models.generate_content(model="echo", contents="three").text == "three"
