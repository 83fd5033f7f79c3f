"""Coverage tables: generated from the vendors' own operation lists, and kept up to date."""

from __future__ import annotations

from pathlib import Path

import pytest

from darkfactory.twins import coverage
from darkfactory.twins.registry import TWINS

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("twin", list(TWINS))
def test_committed_table_matches_the_generated_one(twin):
    text = coverage.table(twin)
    if text is None:
        pytest.skip(f"{twin} has no coverage module")
    committed = ROOT / "docs" / "coverage" / f"{twin}.md"
    assert committed.read_text() == text, "run `make coverage` and commit docs/coverage/"


def test_slack_serves_only_real_slack_methods():
    from darkfactory.twins.slack import coverage as slack

    unknown = set(slack.implemented()) - set(slack.operations())
    assert not unknown, f"methods slack_sdk does not know: {sorted(unknown)}"
    assert len(slack.implemented()) >= 51


def test_command_writes_tables(tmp_path, capsys):
    coverage.main([str(tmp_path)])
    assert (tmp_path / "slack.md").read_text().startswith("# Slack Web API coverage")
    assert "slack.md" in capsys.readouterr().out
