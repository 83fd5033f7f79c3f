"""Provider profiles (§3): OpenAI (codex-rs), Anthropic (Claude Code) and Gemini (gemini-cli)."""

from __future__ import annotations

from darkfactory.agent.profiles.anthropic import AnthropicProfile, create_anthropic_profile
from darkfactory.agent.profiles.base import ProviderProfile
from darkfactory.agent.profiles.gemini import create_gemini_profile
from darkfactory.agent.profiles.openai import create_openai_profile

PROFILE_FACTORIES = {
    "openai": create_openai_profile,
    "anthropic": create_anthropic_profile,
    "gemini": create_gemini_profile,
}


def create_profile(provider: str, model: str | None = None, **overrides) -> ProviderProfile:
    """The profile for ``provider`` ("openai", "anthropic" or "gemini"), with ``model`` if given."""
    if provider not in PROFILE_FACTORIES:
        raise ValueError(f"unknown provider {provider!r}: use {', '.join(PROFILE_FACTORIES)}")
    factory = PROFILE_FACTORIES[provider]
    return factory(model, **overrides) if model else factory(**overrides)


__all__ = [
    "PROFILE_FACTORIES",
    "AnthropicProfile",
    "ProviderProfile",
    "create_anthropic_profile",
    "create_gemini_profile",
    "create_openai_profile",
    "create_profile",
]
