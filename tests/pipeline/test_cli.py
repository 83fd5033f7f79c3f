"""`darkfactory pipeline validate` and `darkfactory pipeline render` through the real command."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from darkfactory.cli import main

GOOD = """digraph Review {
    graph [goal="Review the change"]
    start [shape=Mdiamond, label="Start"]
    exit  [shape=Msquare, label="Exit"]
    subgraph cluster_work {
        label = "Work"
        node [timeout=900s]
        review [prompt="Review $goal", stack.note="dotted key"]
    }
    gate [shape=hexagon, label="Approve?"]
    start -> review -> gate
    gate -> exit [label="[A] Approve"]
    gate -> review [label="[F] Fix", condition="preferred_label=Fix"]
}
"""

BAD = """digraph Broken {
    start [shape=Mdiamond]
    work [prompt="p"]
    start -> work
    work -> start [condition="outcome=="]
}
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["pipeline", *args])
    return result.exit_code, result.stdout, result.stderr


def write(tmp_path: Path, text: str, name: str = "p.dot") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_validate_a_good_pipeline_exits_zero(tmp_path: Path) -> None:
    code, out, err = run("validate", write(tmp_path, GOOD))
    assert code == 0, out + err
    assert out == ""
    assert "0 error(s), 0 warning(s)" in err


def test_validate_prints_diagnostics_with_line_and_column_and_fails_on_errors(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, BAD)
    code, out, _ = run("validate", path)
    assert code == 1
    assert f"{path}: error [terminal_node] pipeline has no exit node" in out
    assert f"{path}:5:5: error [start_no_incoming]" in out
    assert f"{path}:5:5: error [condition_syntax]" in out


def test_validate_reports_parse_errors_with_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "digraph G {\n  a -- b\n}\n")
    code, _, err = run("validate", path)
    assert code == 1
    assert f"{path}:2:5: error [parse] undirected edge '--' is not supported" in err


def test_validate_json_lines(tmp_path: Path) -> None:
    code, out, _ = run("validate", "--json", write(tmp_path, BAD))
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    condition = next(r for r in rows if r["rule"] == "condition_syntax")
    assert condition["severity"] == "error" and condition["edge"] == ["work", "start"]
    assert (condition["line"], condition["column"]) == (5, 5)


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is installed by .ci/run")
def test_render_draws_an_svg_with_graphviz(tmp_path: Path) -> None:
    out_file = tmp_path / "out.svg"
    code, out, err = run("render", write(tmp_path, GOOD), "-o", str(out_file))
    assert code == 0, out + err
    svg = out_file.read_text()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    for label in ("Start", "Exit", "Approve?", "[A] Approve", "review"):
        assert label in svg


def test_render_without_graphviz_says_how_to_install_it(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    code, _, err = run("render", write(tmp_path, GOOD), "-o", str(tmp_path / "x.svg"))
    assert code == 1
    assert "apt-get install graphviz" in err
    assert not (tmp_path / "x.svg").exists()


def test_validate_rejects_a_file_that_is_not_text(tmp_path: Path) -> None:
    path = tmp_path / "binary.dot"
    path.write_bytes(b'digraph G { a [label="\xff\xfe"] }')
    code, _, err = run("validate", str(path))
    assert code == 1
    assert "not UTF-8 text" in err
