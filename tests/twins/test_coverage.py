"""Coverage tables: generated from the vendors' own operation lists, and kept up to date."""

from __future__ import annotations

import importlib
import importlib.metadata
import re
from pathlib import Path

import pytest

from darkfactory.twins import coverage
from darkfactory.twins.registry import TWINS

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements" / "dev.lock"


def pinned(package: str) -> str:
    """The version the development lock pins ``package`` at."""
    name = re.escape(package).replace("_", "[-_]")
    found = re.search(rf"^{name}==(\S+)", LOCK.read_text(), re.M | re.I)
    assert found, f"{package} is not pinned in {LOCK.name}"
    return found.group(1)


@pytest.mark.parametrize("twin", list(TWINS))
def test_committed_table_matches_the_generated_one(twin):
    text = coverage.table(twin)
    if text is None:
        pytest.skip(f"{twin} has no coverage module")
    module = importlib.import_module(f"darkfactory.twins.{twin}.coverage")
    package = getattr(module, "PACKAGE", None)
    if package is not None:
        installed = importlib.metadata.version(package)
        assert installed == pinned(package), (
            f"{package} {installed} is installed but the lock pins {pinned(package)}: "
            "install from requirements/dev.lock (make test does)"
        )
        assert f"{package} {installed}" in text
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
