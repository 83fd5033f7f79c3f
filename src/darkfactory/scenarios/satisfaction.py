"""Satisfaction: the fraction of observed trajectories that satisfy the user, with its uncertainty.

Per scenario: the satisfied fraction, a Wilson score interval (sound for few trials and for rates
near 0 or 1), and pass^k — the chance that k trials drawn without replacement all succeed
(``C(c, k) / C(n, k)`` for c successes in n trials), which rewards consistency.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

Z95 = 1.959963984540054


def wilson(successes: int, trials: int, z: float = Z95) -> tuple[float, float]:
    if trials == 0:
        return (0.0, 1.0)
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


def pass_hat_k(successes: int, trials: int, k: int) -> float:
    if k > trials or k < 1:
        raise ValueError(f"pass^k needs 1 <= k <= trials, got k={k}, trials={trials}")
    return math.comb(successes, k) / math.comb(trials, k)


@dataclass
class Score:
    scenario: str
    trials: int
    satisfied: int
    satisfaction: float
    low: float
    high: float
    pass_k: dict[int, float]

    def as_dict(self) -> dict:
        return asdict(self)


def score(scenario: str, outcomes: list[bool]) -> Score:
    n, c = len(outcomes), sum(outcomes)
    low, high = wilson(c, n)
    return Score(
        scenario,
        n,
        c,
        c / n if n else 0.0,
        low,
        high,
        {k: pass_hat_k(c, n, k) for k in range(1, n + 1)},
    )


def overall(scores: list[Score]) -> Score:
    """All trajectories of all scenarios pooled (pass^k over the per-scenario minimum k)."""
    n = sum(s.trials for s in scores)
    c = sum(s.satisfied for s in scores)
    low, high = wilson(c, n)
    ks = min((s.trials for s in scores), default=0)
    pass_k = {k: sum(s.pass_k[k] for s in scores) / len(scores) for k in range(1, ks + 1)}
    return Score("overall", n, c, c / n if n else 0.0, low, high, pass_k)
