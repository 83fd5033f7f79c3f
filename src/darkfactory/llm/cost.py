"""What an LLM call costs: its usage priced at the model catalog's list prices, in US dollars.

``Usage.input_tokens`` counts the whole prompt, cached tokens included, so the fresh input is
what remains after cache reads and writes; each part is priced at its own rate. A model the
catalog does not know, or knows without a published price, costs nothing: ``price_of`` is None.
"""

from __future__ import annotations

from dataclasses import dataclass

from darkfactory.llm.catalog import get_model_info
from darkfactory.llm.types import Usage

PER = 1_000_000


@dataclass(frozen=True)
class Price:
    """USD per million tokens."""

    input: float
    output: float
    cache_read: float
    cache_write: float

    def of(self, usage: Usage) -> float:
        read, write = usage.cache_read_tokens or 0, usage.cache_write_tokens or 0
        fresh = max(usage.input_tokens - read - write, 0)
        return (
            fresh * self.input
            + read * self.cache_read
            + write * self.cache_write
            + usage.output_tokens * self.output
        ) / PER


def price_of(model: str) -> Price | None:
    """The catalog's price of ``model`` (an id or alias); None when it has none. A cache rate
    the catalog leaves blank is charged as plain input."""
    info = get_model_info(model)
    if info is None or info.input_cost_per_million is None:
        return None
    rate = info.input_cost_per_million
    return Price(
        input=rate,
        output=info.output_cost_per_million or 0.0,
        cache_read=_or(info.cache_read_cost_per_million, rate),
        cache_write=_or(info.cache_write_cost_per_million, rate),
    )


def cost_usd(usage: Usage, model: str) -> float:
    """The dollars ``usage`` of ``model`` costs; 0.0 for a model without a price."""
    price = price_of(model)
    return price.of(usage) if price is not None else 0.0


def _or(value: float | None, default: float) -> float:
    return default if value is None else value
