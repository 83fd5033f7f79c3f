"""Constant cost per node: each checkpoint appends what its node changed, whatever the run's length,
so node 5,000 costs what node 200 does. The time that takes is measured by
``benchmarks/pipeline_overhead.py`` (a 5,000-node run against a 200-node one), not here."""

from __future__ import annotations

import re

from tests.pipeline.engine_support import engine_with

from darkfactory.pipeline import checkpoint_log
from darkfactory.pipeline.checkpoint import Checkpoint
from darkfactory.pipeline.outcome import Outcome
from darkfactory.pipeline.runner import prepare


class NoOp:
    """A stage that succeeds at once, so the engine's own work is what is measured."""

    def execute(self, node, context, graph, logs_root):
        return Outcome()


def engine():
    built = engine_with()
    built.register("codergen", NoOp())
    return built


def linear(n: int) -> str:
    ids = " -> ".join(f"n{i}" for i in range(n))
    nodes = "\n".join(f'  n{i} [prompt="p"]' for i in range(n))
    ends = " start [shape=Mdiamond]\n exit [shape=Msquare]"
    return f"digraph L {{\n{ends}\n{nodes}\n start -> {ids} -> exit\n}}"


def test_every_checkpoint_appends_the_same_amount_however_long_the_run(tmp_path, monkeypatch):
    appended = []
    real = checkpoint_log.CheckpointLog.append

    def spy(self, head, completed, context, logs):
        completed = list(completed)
        appended.append((len(completed), sorted(context), len(logs)))
        return real(self, head, completed, context, logs)

    monkeypatch.setattr(checkpoint_log.CheckpointLog, "append", spy)
    graph, _ = prepare(linear(600))
    result = engine().run(graph, tmp_path)
    assert result.succeeded
    per_node = appended[1:-2]  # after the initial full write, before exit and the final head
    early, late = per_node[10], per_node[590]
    assert early[0] == late[0] == 1 and early[2] == late[2] == 1  # one outcome, one log line
    assert [re.sub(r"n\d+", "N", k) for k in early[1]] == [re.sub(r"n\d+", "N", k) for k in late[1]]
    assert len(late[1]) < 10  # the keys its node set, not the context's hundreds
    # and the log reads back whole: every node, every outcome, every retry counter
    saved = Checkpoint.load(tmp_path)
    assert len(saved.completed_nodes) == 602 and saved.status == "success"
    assert saved.context_values["internal.retry_count.n599"] == 0
    assert len(saved.logs) == 602 and saved.logs[-1] == "exit: success"
