"""Pricing LLM usage with the model catalog: every part of a prompt at its own rate."""

from __future__ import annotations

import pytest

from darkfactory.llm.catalog import list_models
from darkfactory.llm.cost import Price, cost_usd, price_of
from darkfactory.llm.types import Usage


def test_every_priced_model_has_all_four_rates():
    priced = [m for m in list_models() if m.input_cost_per_million is not None]
    assert len(priced) >= 9
    for model in priced:
        rates = (
            model.output_cost_per_million,
            model.cache_read_cost_per_million,
            model.cache_write_cost_per_million,
        )
        assert all(rate is not None for rate in rates), model.id
        assert model.cache_read_cost_per_million < model.input_cost_per_million, model.id


def test_anthropic_prices_fresh_input_cache_reads_writes_and_output_apart():
    usage = Usage(
        input_tokens=10_000, output_tokens=2_000, cache_read_tokens=6_000, cache_write_tokens=1_000
    )
    # Sonnet 4.5: $3 input, $15 output, $0.30 cache hits, $3.75 five-minute cache writes
    expected = (3_000 * 3.0 + 6_000 * 0.30 + 1_000 * 3.75 + 2_000 * 15.0) / 1e6
    assert cost_usd(usage, "claude-sonnet-4-5") == pytest.approx(expected)
    assert cost_usd(usage, "sonnet") == pytest.approx(expected), "aliases are priced too"


def test_openai_cached_input_is_a_tenth_and_writing_the_cache_is_free():
    price = price_of("gpt-5.2")
    assert price == Price(input=1.75, output=14.0, cache_read=0.175, cache_write=0.0)
    usage = Usage(input_tokens=1_000_000, output_tokens=0, cache_read_tokens=1_000_000)
    assert cost_usd(usage, "gpt-5.2") == pytest.approx(0.175)


def test_a_model_without_a_price_costs_nothing():
    usage = Usage(input_tokens=5_000, output_tokens=5_000)
    assert price_of("factory-coder") is None and cost_usd(usage, "factory-coder") == 0.0
    assert price_of("gpt-5.2-mini") is None, "listed, but with no published price"
    assert cost_usd(usage, "gpt-5.2-mini") == 0.0


def test_cache_counts_larger_than_the_prompt_never_price_negative_input():
    usage = Usage(input_tokens=100, output_tokens=0, cache_read_tokens=150)
    assert cost_usd(usage, "claude-haiku-4-5") == pytest.approx(150 * 0.10 / 1e6)
