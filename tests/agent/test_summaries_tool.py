"""The summaries tool: an agent session on a scripted model finds its way through a large tree by
its pyramid summaries, listing the short ones and expanding only what it needs."""

from __future__ import annotations

import pytest
from tests.agent.scripting import MODEL, call, say, tool_results

from darkfactory.agent.profiles import create_profile
from darkfactory.agent.tools import summaries_tool
from darkfactory.context import ContextStore
from darkfactory.context.pyramid import Pyramid, store_pyramid
from darkfactory.context.summarize_tree import summarize_tree

PACKAGES, MODULES = 30, 20


@pytest.fixture
def large_tree(tmp_path):
    """600 modules in 30 packages; only ``pkg17/refunds.py`` is about refunds."""
    root = tmp_path / "tree"
    for p in range(PACKAGES):
        package = root / f"pkg{p:02}"
        package.mkdir(parents=True)
        (package / "__init__.py").write_text(f'"""Package {p:02}: feature area number {p}."""\n')
        for m in range(MODULES - 1):
            body = "\n".join(f"def step_{i}(x):\n    return x + {i}\n" for i in range(30))
            (package / f"mod{m:02}.py").write_text(
                f'"""Module {m:02} of package {p:02}."""\n{body}'
            )
    (root / "pkg17" / "__init__.py").write_text(
        '"""Package 17: money going back to customers."""\n'
    )
    (root / "pkg17" / "refunds.py").write_text(
        '"""Refunds: money returned for an order."""\n\n'
        "def refund(order_id: str, cents: int) -> dict:\n"
        '    """Refund part of an order; never more than was paid."""\n'
        "    return {}\n"
    )
    return root


@pytest.fixture
def pyramid(large_tree):
    store = ContextStore()
    context_id = store_pyramid(store, str(large_tree), summarize_tree(large_tree))
    yield lambda: Pyramid.load(store, context_id)
    store.close()


def session_with(agent, turns, pyramid):
    profile = create_profile("anthropic", MODEL)
    profile.tool_registry.register(summaries_tool(pyramid))
    return agent("anthropic", turns, profile=profile)


def test_an_agent_lists_the_short_summaries_of_a_large_tree_and_expands_one(
    agent, pyramid, large_tree
):
    harness = session_with(
        agent,
        [
            call("summaries"),
            call("summaries", path="pkg17"),
            call("summaries", path="pkg17/refunds.py", level="page"),
            say("Refunds live in pkg17/refunds.py: refund(order_id, cents)."),
        ],
        pyramid,
    )
    assert "pkg17/refunds.py" in harness.submit("Where are refunds made?")
    assert "summaries" in [t["name"] for t in harness.requests()[0]["tools"]]
    top, package, page = tool_results(harness.requests()[-1])
    assert len(top.splitlines()) == 1 + PACKAGES
    assert "- pkg17/: Package 17: money going back to customers." in top
    tree_size = sum(f.stat().st_size for f in large_tree.rglob("*.py"))
    assert len(top) < tree_size / 50, "the short summaries are a small fraction of the tree"
    assert "- pkg17/refunds.py: Refunds: money returned for an order." in package
    assert "mod00.py" in package and "mod00.py" not in top, "one level at a time"
    assert "def refund(order_id: str, cents: int) -> dict" in page
    assert "never more than was paid" in page


def test_an_unknown_entry_or_no_summaries_at_all_is_an_error_the_model_reads(agent, pyramid):
    harness = session_with(
        agent,
        [call("summaries", path="pkg99"), call("summaries", level="chapter"), say("Nothing.")],
        pyramid,
    )
    harness.submit("Look around.")
    unknown, bad_level = tool_results(harness.requests()[-1])
    assert "no summary of 'pkg99'" in unknown
    assert "chapter" in bad_level and "line" in bad_level

    empty = session_with(agent, [call("summaries"), say("None yet.")], lambda: None)
    empty.submit("Look around.")
    [none] = tool_results(empty.requests()[-1])
    assert "No summaries yet" in none and "darkfactory context summarize" in none
