"""The LLM twins' coverage tables name only operations their official SDKs have."""

from __future__ import annotations

import importlib

import pytest


@pytest.mark.parametrize(("twin", "at_least"), [("openai", 13), ("anthropic", 6), ("gemini", 12)])
def test_served_operations_are_sdk_operations(twin, at_least):
    coverage = importlib.import_module(f"darkfactory.twins.{twin}.coverage")
    served = set(coverage.implemented())
    unknown = served - set(coverage.operations())
    assert not unknown, f"not in the {twin} SDK: {sorted(unknown)}"
    assert len(served) >= at_least
