"""The technique templates run offline, each as its example's factory project with a scripted
coder: gene transfusion carries a pattern from a source tree into a target its tests then pass;
semport ports a module and its tests, and the frozen tests hold the port back until it is right."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from darkfactory.factory.run import run
from darkfactory.pipeline.context import Context
from darkfactory.pipeline.handlers.tool import ToolHandler
from darkfactory.pipeline.outcome import StageStatus
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


@pytest.mark.parametrize("name", ["gene-transfusion", "semport"])
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
        env={**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"},
    )  # fmt: skip
    assert tests.returncode == 0, tests.stdout
    assert {p: p.read_bytes() for p in (project / "source").rglob("*") if p.is_file()} == source
    changed = [entry["node"] for entry in status.timeline if entry["commit"]]
    assert changed == ["describe", "apply"], "each stage that wrote is a commit of the workspace"


@pytest.mark.skipif(shutil.which("node") is None, reason="the semport example ports to Node")
def test_semport_ports_the_tests_first_and_gates_the_port_on_them(tmp_path):
    project = example("semport", tmp_path)
    status = run(project)
    assert status.status == "success", status.reason
    assert stages(status) == [
        ("read", "success"),
        ("port_tests", "success"),
        ("freeze", "success"),
        ("port", "success"),
        ("gate", "fail"),
        ("port", "success"),
        ("gate", "success"),
    ]
    workspace = project / "workspace"
    tests_commit = next(e["commit"] for e in status.timeline if e["node"] == "port_tests")
    frozen = subprocess.run(
        ["git", "diff", "--stat", tests_commit, "HEAD", "--", "roman.test.mjs"],
        cwd=workspace, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert frozen.stdout == "", "the port left the ported tests as they were"
    assert "toRoman(number) !== text" in (workspace / "roman.mjs").read_text()
    passed = subprocess.run(
        ["node", "--test", "roman.test.mjs"], cwd=workspace, capture_output=True, text=True
    )
    assert passed.returncode == 0 and "# pass 10" in passed.stdout, passed.stdout


def test_semport_freeze_refuses_tests_that_pass_unported_and_the_gate_refuses_changed_ones(
    tmp_path,
):
    graph, _ = prepare((TEMPLATES / "semport.dot").read_text())
    workspace, logs = tmp_path / "workspace", tmp_path / "logs"
    workspace.mkdir()
    logs.mkdir()
    context = Context()
    context.set("internal.logs_root", str(logs))
    context.set(
        "internal.env",
        {
            "FACTORY_WORKSPACE": str(workspace),
            "SEMPORT_TESTS": "sh t.sh",
            "SEMPORT_TEST_FILES": "t.sh",
        },
    )

    def stage(name: str, tests: str):
        (workspace / "t.sh").write_text(tests)
        return ToolHandler().execute(graph.nodes[name], context, graph, logs)

    empty = stage("freeze", "exit 0\n")
    assert empty.status is StageStatus.FAIL and "they test nothing yet" in empty.failure_reason
    assert stage("freeze", "exit 1\n").status is StageStatus.SUCCESS
    weakened = stage("gate", "exit 0\n")
    assert weakened.status is StageStatus.FAIL and "did NOT match" in weakened.failure_reason
    assert stage("gate", "exit 1\n").status is StageStatus.FAIL, "unchanged, still failing"
