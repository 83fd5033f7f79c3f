"""Spec §11.5 Retry Logic: one test per Definition-of-Done item, plus the §3.6 presets."""

from __future__ import annotations

import random

import pytest
from tests.pipeline.engine_support import Recorder, Scripted, engine_with, linear, run_dot

from darkfactory.pipeline.outcome import Outcome, StageStatus
from darkfactory.pipeline.retry import BackoffConfig, preset, should_retry

ONE = """digraph G {
    start [shape=Mdiamond]
    exit [shape=Msquare]
    work [prompt="w", ATTRS]
    after [prompt="after"]
    start -> work
    work -> after [condition="outcome=fail"]
    work -> exit [condition="outcome=success"]
    after -> exit
}"""


def one(attrs: str) -> str:
    return ONE.replace("ATTRS", attrs)


@pytest.mark.parametrize("status", ["retry", "fail"])
def test_11_5_nodes_with_max_retries_are_retried_on_retry_or_fail_outcomes(tmp_path, status):
    handler = Scripted({"work": [status, status, "success"]})
    result = run_dot(one("max_retries=2"), tmp_path, engine_with(handler))
    assert handler.counts["work"] == 3
    assert result.succeeded
    assert result.completed_nodes == ["start", "work", "exit"]


def test_11_5_retry_count_is_tracked_per_node_and_respects_the_configured_limit(tmp_path):
    handler = Scripted({"work": ["retry"]})
    engine = engine_with(handler)
    seen = Recorder(engine.events)
    run_dot(one("max_retries=3"), tmp_path, engine)
    assert handler.counts["work"] == 4  # 1 + 3 retries, never more
    counts = [
        ctx.get("internal.retry_count.work", 0) for node, ctx in handler.calls if node == "work"
    ]
    assert counts == [0, 1, 2, 3]
    assert [e["attempt"] for e in seen.of("StageRetrying")] == [2, 3, 4]
    # the graph default applies to nodes without max_retries
    again = Scripted({"a": ["retry"]})
    run_dot(linear("a", extra="graph [default_max_retries=1]"), tmp_path / "d", engine_with(again))
    assert again.counts["a"] == 2


@pytest.mark.parametrize(
    ("backoff", "expected"),
    [
        ("constant", [0.1, 0.1, 0.1]),
        ("linear", [0.1, 0.2, 0.3]),
        ("exponential", [0.1, 0.2, 0.4]),
    ],
)
def test_11_5_backoff_between_retries_works_as_configured(tmp_path, backoff, expected):
    attrs = (
        f'max_retries=3, retry_backoff="{backoff}", retry_initial_delay="100ms", retry_jitter=false'
    )
    engine = engine_with(Scripted({"work": ["fail"]}))
    run_dot(one(attrs), tmp_path, engine)
    assert engine.sleeps == pytest.approx(expected)


def test_11_5_jitter_is_applied_to_backoff_delays_when_configured(tmp_path):
    attrs = 'max_retries=4, retry_initial_delay="1s", retry_backoff="constant"'
    engine = engine_with(Scripted({"work": ["fail"]}), rng=random.Random(7))
    run_dot(one(attrs), tmp_path, engine)
    assert len(engine.sleeps) == 4
    assert all(0.5 <= s <= 1.5 for s in engine.sleeps)
    assert len(set(engine.sleeps)) == 4  # jittered, so not all the nominal 1.0
    plain = BackoffConfig(initial_delay_ms=1000, jitter=False)
    assert plain.delay_for_attempt(1) == 1.0


def test_11_5_after_retry_exhaustion_the_final_outcome_is_used_for_edge_selection(tmp_path):
    handler = Scripted({"work": ["fail"]})
    result = run_dot(one("max_retries=1"), tmp_path, engine_with(handler))
    assert result.node_outcomes["work"].status == StageStatus.FAIL
    assert result.completed_nodes == ["start", "work", "after", "exit"]
    # RETRY exhausted becomes FAIL, or PARTIAL_SUCCESS with allow_partial
    retrying = Scripted({"work": ["retry"]})
    result = run_dot(
        one("max_retries=1, allow_partial=true"), tmp_path / "p", engine_with(retrying)
    )
    assert result.node_outcomes["work"].status == StageStatus.PARTIAL_SUCCESS


def test_exceptions_retry_only_when_transient(tmp_path):
    class Flaky:
        calls = 0

        def execute(self, node, context, graph, logs_root):
            Flaky.calls += 1
            if Flaky.calls == 1:
                raise ConnectionError("reset by peer")
            if Flaky.calls == 2:
                raise ValueError("bad prompt")
            return Outcome()

    engine = engine_with()
    engine.register("flaky", Flaky())
    result = run_dot(one('type="flaky", max_retries=5'), tmp_path, engine)
    assert Flaky.calls == 2  # the ValueError is terminal: no third attempt
    assert result.node_outcomes["work"].failure_reason == "ValueError: bad prompt"


def test_retry_presets_and_default_predicate():
    assert preset("standard", jitter=False).max_attempts == 5
    delays = [preset("standard", jitter=False).backoff.delay_for_attempt(i) for i in range(1, 6)]
    assert delays == pytest.approx([0.2, 0.4, 0.8, 1.6, 3.2])
    assert preset("patient", jitter=False).backoff.delay_for_attempt(3) == pytest.approx(18.0)
    assert preset("linear", jitter=False).backoff.delay_for_attempt(3) == pytest.approx(0.5)
    assert preset("none").max_attempts == 1
    assert BackoffConfig(1000, 10.0, 5000, False).delay_for_attempt(4) == 5.0

    class Http(Exception):
        def __init__(self, status_code):
            self.status_code = status_code

    assert should_retry(Http(429)) and should_retry(Http(503)) and should_retry(TimeoutError())
    assert not should_retry(Http(401)) and not should_retry(Http(400))
    assert not should_retry(ValueError("config"))
    assert StageStatus.PARTIAL_SUCCESS.succeeded


def test_a_node_can_name_a_retry_preset(tmp_path):
    engine = engine_with(Scripted({"work": ["fail"]}))
    run_dot(one('retry_policy="linear", retry_jitter=false'), tmp_path, engine)
    assert engine.sleeps == pytest.approx([0.5, 0.5])  # linear: 3 attempts, 500 ms apart
    engine = engine_with(Scripted({"work": ["fail"]}))
    run_dot(
        one('retry_policy="patient", max_retries=1, retry_jitter=false'), tmp_path / "p", engine
    )
    assert engine.sleeps == pytest.approx([2.0])  # max_retries wins over the preset's attempts
