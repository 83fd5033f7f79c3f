"""The technique templates run offline, each as its example's factory project with a scripted
coder: gene transfusion carries a pattern from a source tree into a target its tests then pass."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from darkfactory.factory.run import run
from darkfactory.pipeline.runner import prepare

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "src" / "darkfactory" / "pipeline" / "templates"
EXAMPLES = ROOT / "examples"

pytestmark = pytest.mark.timeout(120)


def example(name: str, tmp_path: Path) -> Path:
    """A copy of ``examples/NAME`` (its factory.dot, a link to the template, copied as a file)."""
    project = tmp_path / name
    shutil.copytree(EXAMPLES / name, project)
    return project


def stages(status) -> list[tuple[str, str]]:
    return [(entry["node"], entry["status"]) for entry in status.timeline]


@pytest.mark.parametrize("name", ["gene-transfusion"])
def test_each_template_is_a_valid_pipeline_its_example_runs(name):
    dot = TEMPLATES / f"{name}.dot"
    _, diagnostics = prepare(dot.read_text())
    assert diagnostics == [], "no errors and no warnings"
    assert (EXAMPLES / name / "factory.dot").resolve() == dot


def test_gene_transfusion_carries_the_pattern_into_the_target(tmp_path):
    project = example("gene-transfusion", tmp_path)
    source = {p: p.read_bytes() for p in (project / "source").rglob("*") if p.is_file()}
    status = run(project)
    assert status.status == "success", status.reason
    assert stages(status) == [
        ("find", "success"),
        ("describe", "success"),
        ("apply", "success"),
        ("verify", "success"),
    ]
    workspace = project / "workspace"
    assert "doubling waits" in (workspace / "PATTERN.md").read_text()
    assert "ServiceUnavailable" in (workspace / "weather" / "retry.py").read_text()
    checkpoint = json.loads(
        (project / "runs" / status.run_id / "pipeline" / "checkpoint.json").read_text()
    )
    assert "4 passed" in checkpoint["context"]["tool.output"]
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=workspace, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert tests.returncode == 0, tests.stdout
    assert {p: p.read_bytes() for p in (project / "source").rglob("*") if p.is_file()} == source
    changed = [entry["node"] for entry in status.timeline if entry["commit"]]
    assert changed == ["describe", "apply"], "each stage that wrote is a commit of the workspace"
