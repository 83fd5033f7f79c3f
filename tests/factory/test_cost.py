"""A run's ledger sums the calls it is given along each axis."""

from __future__ import annotations

import pytest

from darkfactory.factory.cost import Call, Ledger


def ledger() -> Ledger:
    return Ledger.of(
        [
            Call("implement", 1, "claude-sonnet-4-5", 1000, 100, 0.0045),
            Call("implement", 1, "claude-sonnet-4-5", 1200, 50, 0.00435),
            Call("review", 1, "gpt-5.2", 500, 10, 0.001015),
            Call("implement", 2, "claude-sonnet-4-5", 2000, 80, 0.0072),
        ]
    )


def test_totals_per_stage_model_and_iteration_add_up_to_the_whole():
    spend = ledger()
    assert spend.total.calls == 4 and spend.total.tokens == 4940
    assert spend.total.usd == pytest.approx(0.017065)
    for axis in ("stage", "model", "iteration"):
        parts = spend.by(axis).values()
        assert sum(t.usd for t in parts) == pytest.approx(spend.total.usd)
        assert sum(t.tokens for t in parts) == spend.total.tokens
    assert spend.by("stage")["implement"].calls == 3
    assert spend.by("iteration")[2].usd == pytest.approx(0.0072)
    assert list(spend.by("model")) == ["claude-sonnet-4-5", "gpt-5.2"]


def test_the_summary_names_each_axis_and_an_unknown_axis_is_refused():
    summary = ledger().summary()
    assert summary["by_iteration"]["1"]["calls"] == 3
    assert summary["total"]["input_tokens"] == 4700
    with pytest.raises(ValueError, match="unknown axis"):
        ledger().by("colour")
