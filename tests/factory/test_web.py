"""``factory serve`` in headless Chromium: the runs page, a run page whose graph changes colour
as the run advances (live over SSE), and a stage page with the agent's turns and its diff."""

from __future__ import annotations

import json
import time

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient
from tests.factory.conftest import finish

from darkfactory.cli import main
from darkfactory.factory.status import runs
from darkfactory.factory.web import build_app
from darkfactory.twins.kit.server import serve_app

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]

DOT = """digraph Quick {
    start [shape=Mdiamond]
    exit [shape=Msquare]
    implement [label="Implement", prompt="Build: $goal"]
    check [shape=parallelogram, label="Check",
           tool_command="cd $FACTORY_WORKSPACE && sleep 4 && python app.py"]
    start -> implement -> check -> exit
}
"""
CODER = """model: quick-coder
turns:
  - when: {has_tool_results: false}
    reply:
      text: Writing the app.
      tool_calls:
        - name: write_file
          arguments: {file_path: app.py, content: "print('hello')\\n"}
  - when: {has_tool_results: true}
    reply: {text: "app.py is written."}
"""
SETTINGS = """[stages.implement]
provider = "anthropic"
model = "quick-coder"
priced_as = "claude-haiku-4-5"
"""


@pytest.fixture
def quick(tmp_path):
    """A project whose loop is one agent stage and a four-second check."""
    directory = tmp_path / "quick"
    assert CliRunner().invoke(main, ["factory", "init", str(directory)]).exit_code == 0
    (directory / "factory.dot").write_text(DOT)
    (directory / "models" / "coder.yaml").write_text(CODER)
    (directory / "factory.toml").write_text(SETTINGS)
    (directory / "spec" / "spec.md").write_text("An app that prints hello.")
    return directory


@pytest.fixture
def served(quick):
    url, server = serve_app(build_app(quick))
    yield url
    server.should_exit = True


def node_class(page, node: str) -> str:
    return page.locator(f'#graph g[data-node="{node}"]').get_attribute("class")


def test_the_run_page_colours_the_graph_as_the_run_advances(
    quick, served, factory_run, browser_page
):
    process = factory_run(quick)
    deadline = time.monotonic() + 120
    while not runs(quick / "runs") and time.monotonic() < deadline:
        assert process.poll() is None, finish(process)[1]
        time.sleep(0.1)
    [(run_dir, status)] = runs(quick / "runs")
    page = browser_page
    page.goto(f"{served}/runs/{status.run_id}")
    assert node_class(page, "exit") == "node pending"
    page.wait_for_function(
        "document.querySelector('#graph g[data-node=check]').classList.contains('running')",
        timeout=120_000,
    )
    assert node_class(page, "implement") == "node success"
    assert node_class(page, "exit") == "node pending"
    page.wait_for_function(
        "document.querySelector('#graph g[data-node=check]').classList.contains('success')",
        timeout=60_000,
    )
    page.wait_for_function("document.getElementById('run-status').textContent === 'success'")
    assert node_class(page, "exit") == "node success"
    assert page.locator("#timeline tr").count() == 2
    assert page.locator('#cost tr[data-stage="implement"] td').nth(1).inner_text() == "2"
    code, output = finish(process)
    assert code == 0, output
    [(_, final)] = runs(quick / "runs")
    named = json.loads((run_dir / "pipeline" / "implement" / "context.json").read_text())
    assert named == {
        "run_context_id": final.context_id,
        "context_id": final.timeline[0]["context_id"],
    }

    page.goto(f"{served}/")
    row = page.locator(f'#runs tr[data-run="{status.run_id}"]')
    cells = row.locator("td").all_inner_texts()
    assert cells[1] == "success" and cells[2] == "1"
    assert int(cells[5].replace(",", "")) > 0 and cells[6].startswith("$0.0")

    page.goto(f"{served}/runs/{status.run_id}/stages/0")
    kinds = [t.split(" ")[0] for t in page.locator(".turn .meta").all_inner_texts()]
    assert kinds == ["UserInput", "Call", "ToolCall", "ToolOutput", "Call"]
    assert "write_file" in page.locator(".turn.ToolCall").inner_text()
    assert "+print('hello')" in page.locator("#diff").inner_text()
    page.goto(f"{served}/runs/{status.run_id}/stages/1")
    assert "no agent session" in page.locator(".panel").nth(1).inner_text()


def test_unknown_runs_stages_and_report_paths_are_404s(quick, served):
    client = TestClient(build_app(quick))
    assert client.get("/runs/nope").status_code == 404
    assert client.get("/runs/nope/events").status_code == 404
    assert client.get("/").status_code == 200
    assert "No runs yet" in client.get("/").text
