"""Building blocks of scripted-model turns for the agent tests (docs/llm-twins.md format), and
readers of what the twins were sent."""

from __future__ import annotations

import json

from darkfactory.llm import AnthropicAdapter, GeminiAdapter, OpenAIAdapter

MODEL = "agent-model"
PROVIDERS = ("openai", "anthropic", "gemini")
ADAPTERS = {"openai": OpenAIAdapter, "anthropic": AnthropicAdapter, "gemini": GeminiAdapter}


def call(name: str, **arguments) -> dict:
    """A scripted reply with one tool call."""
    return {"reply": {"tool_calls": [{"name": name, "arguments": arguments}]}}


def calls(*pairs: tuple[str, dict]) -> dict:
    """A scripted reply with several tool calls in one response."""
    return {"reply": {"tool_calls": [{"name": n, "arguments": a} for n, a in pairs]}}


def say(text: str, **when) -> dict:
    """A scripted text-only reply (the model is done)."""
    turn: dict = {"reply": {"text": text}}
    if when:
        turn["when"] = when
    return turn


def edit(provider: str, path: str, old: str, new: str) -> dict:
    """The provider's native edit (§3.4-3.6): apply_patch for OpenAI, edit_file otherwise."""
    if provider == "openai":
        removed = "".join(f"-{line}\n" for line in old.split("\n"))
        added = "".join(f"+{line}\n" for line in new.split("\n"))
        patch = f"*** Begin Patch\n*** Update File: {path}\n@@\n{removed}{added}*** End Patch\n"
        return call("apply_patch", patch=patch)
    return call("edit_file", file_path=path, old_string=old, new_string=new)


def result_text(content: str) -> str:
    """A tool result's text; Gemini's functionResponse wraps it as ``{"result": text}``."""
    try:
        wrapped = json.loads(content)
    except json.JSONDecodeError:
        return content
    return wrapped["result"] if isinstance(wrapped, dict) and "result" in wrapped else content


def tool_results(prompt: dict) -> list[str]:
    """The tool result texts in a neutral prompt, in order."""
    return [
        result_text(part.get("content", ""))
        for message in prompt["messages"]
        for part in message.get("parts", [])
        if part.get("type") == "tool_result"
    ]
