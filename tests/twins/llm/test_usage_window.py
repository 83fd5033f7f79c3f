"""The window of calls an LLM twin counts its budgets from: kept in memory as calls are spent,
and read again from ``llm_usage`` whenever the table may hold what it has not seen."""

from __future__ import annotations

import pytest

from darkfactory.twins.kit.universe import Universe
from darkfactory.twins.llm.limits import WINDOW

START = 1_800_000_000.0


@pytest.fixture
def limits():
    universe = Universe(seed=3)
    universe.clock.freeze(START)
    yield universe.twins["openai"].limits
    universe.close()


def remaining(limits, kind: str = "requests") -> int:
    return limits.budgets()[kind].remaining


def table(limits) -> tuple[int, int]:
    """What SQLite itself counts in the window now: (requests, tokens)."""
    now = limits.universe.clock.now()
    row = limits.universe.store.one(
        "SELECT count(*), total(input_tokens + output_tokens) FROM llm_usage"
        " WHERE provider = ? AND at > ?",
        (limits.provider, now - WINDOW),
    )
    return row[0], int(row[1])


def test_spent_calls_count_and_leave_the_window_as_the_clock_moves(limits):
    whole = remaining(limits)
    for tokens in (10, 20, 30):
        limits.spend(tokens, 1)
        limits.universe.clock.advance(20)
    assert remaining(limits) == whole - 2  # the first call is 60 s old: out of the window
    assert remaining(limits, "tokens") == limits.limits()["tokens"] - 52
    assert (whole - remaining(limits), 52) == table(limits)


def test_a_rolled_back_spend_is_not_counted(limits):
    whole = remaining(limits)
    limits.spend(5, 5)
    store = limits.universe.store
    with pytest.raises(RuntimeError), store.transaction():
        limits.spend(7, 7)
        assert remaining(limits) == whole - 2
        raise RuntimeError("the call failed")
    assert remaining(limits) == whole - 1
    assert table(limits) == (1, 10)


def test_calls_come_back_into_the_window_when_the_clock_goes_back(limits):
    whole = remaining(limits)
    limits.spend(1, 1)
    limits.universe.clock.advance(90)
    assert remaining(limits) == whole
    limits.universe.clock.freeze(START + 30)  # the call, still in the table, is 30 s old again
    assert remaining(limits) == whole - 1
    limits.spend(2, 2)
    assert remaining(limits) == whole - 2
    assert table(limits) == (2, 6)


def test_a_call_spent_before_the_last_one_keeps_the_window_in_order(limits):
    limits.spend(1, 1)
    limits.universe.clock.freeze(START - 10)
    limits.spend(2, 2)
    limits.universe.clock.freeze(START + WINDOW - 5)  # the earlier call has left, the later not
    assert limits.budgets()["requests"].reset == pytest.approx(5.0)
    assert remaining(limits, "tokens") == limits.limits()["tokens"] - 2


def test_a_restored_universe_counts_the_calls_of_its_snapshot(limits):
    store = limits.universe.store
    snapshot = store.dump()
    whole = remaining(limits)
    limits.spend(1, 1)
    limits.spend(1, 1)
    assert remaining(limits) == whole - 2
    store.load(snapshot)
    assert remaining(limits) == whole


def everything(limits) -> int:
    """Every call the table holds for the provider, in the window or not."""
    return limits.universe.store.scalar(
        "SELECT count(*) FROM llm_usage WHERE provider = ?", (limits.provider,)
    )


def deletes(limits, spend) -> list[str]:
    ran: list[str] = []
    store = limits.universe.store
    store.trace(ran.append)
    try:
        spend()
    finally:
        store.trace(None)
    return [s for s in ran if s.lstrip().upper().startswith("DELETE FROM LLM_USAGE")]


def test_a_spend_deletes_the_calls_that_left_the_window_and_only_then(limits):
    limits.spend(1, 1)
    limits.spend(1, 1)
    assert deletes(limits, lambda: limits.spend(1, 1)) == []  # all three are in the window
    assert everything(limits) == 3
    limits.universe.clock.advance(WINDOW)
    assert len(deletes(limits, lambda: limits.spend(2, 2))) == 1
    assert everything(limits) == 1 and table(limits) == (1, 4)
    assert deletes(limits, lambda: limits.spend(3, 3)) == []
    assert everything(limits) == 2


def test_calls_a_budget_check_let_go_of_are_deleted_by_the_next_spend(limits):
    limits.spend(1, 1)
    limits.universe.clock.advance(WINDOW + 1)
    assert limits.check(1) is None  # the window lets the call go here, the table still holds it
    assert everything(limits) == 1
    assert len(deletes(limits, lambda: limits.spend(1, 1))) == 1
    assert everything(limits) == 1


def test_after_a_restore_old_calls_are_deleted_by_the_next_spend(limits):
    store = limits.universe.store
    limits.spend(1, 1)
    snapshot = store.dump()
    limits.universe.clock.advance(WINDOW + 1)
    limits.spend(1, 1)
    assert everything(limits) == 1
    store.load(snapshot)  # the first call is back in the table, and the clock with it
    limits.universe.clock.advance(WINDOW + 1)
    assert everything(limits) == 1
    assert len(deletes(limits, lambda: limits.spend(1, 1))) == 1
    assert everything(limits) == 1 and table(limits) == (1, 2)
