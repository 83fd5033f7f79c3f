"""Satisfaction statistics: Wilson intervals and pass^k."""

from __future__ import annotations

import pytest

from darkfactory.scenarios.satisfaction import overall, pass_hat_k, score, wilson


def test_wilson_matches_published_values():
    low, high = wilson(8, 10)
    assert low == pytest.approx(0.4902, abs=1e-4)
    assert high == pytest.approx(0.9433, abs=1e-4)
    assert wilson(0, 5)[0] == 0.0 and wilson(5, 5)[1] == 1.0
    assert wilson(0, 0) == (0.0, 1.0)


def test_pass_hat_k():
    assert pass_hat_k(4, 4, 4) == 1.0
    assert pass_hat_k(3, 4, 1) == 0.75
    assert pass_hat_k(3, 4, 2) == pytest.approx(0.5)
    assert pass_hat_k(1, 4, 2) == 0.0
    with pytest.raises(ValueError):
        pass_hat_k(1, 2, 3)


def test_scores_and_pooled_overall():
    a = score("a", [True, True, False, True])
    b = score("b", [False, False])
    assert a.satisfaction == 0.75 and a.pass_k[4] == 0.0
    pooled = overall([a, b])
    assert pooled.trials == 6 and pooled.satisfied == 3 and pooled.satisfaction == 0.5
    assert pooled.pass_k == {1: pytest.approx((0.75 + 0.0) / 2), 2: pytest.approx(0.25)}
