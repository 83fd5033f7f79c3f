"""Spec §9.5 / §11.11 HTTP server mode, against `darkfactory pipeline serve` in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest
from tests.helpers import eventually

from darkfactory.twins.kit.server import free_port

GATED = """digraph Review {
    graph [goal="review the change"]
    start [shape=Mdiamond]
    exit [shape=Msquare]
    draft [prompt="Draft for $goal"]
    gate [shape=hexagon, label="Ship it?"]
    ship [prompt="ship"]
    rework [prompt="rework"]
    start -> draft -> gate
    gate -> ship [label="[S] Ship"]
    gate -> rework [label="[R] Rework"]
    ship -> exit
    rework -> exit
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = free_port("127.0.0.1")
    logs = tmp_path_factory.mktemp("runs")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2] / "src")}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "darkfactory",
            "pipeline",
            "serve",
            "--port",
            str(port),
            "--logs-root",
            str(logs),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10)

    def up():
        try:
            return client.get("/status", params={"id": "none"}).status_code == 404
        except httpx.TransportError:
            return False

    eventually(up, timeout=20)
    yield client, logs
    client.close()
    proc.terminate()
    proc.wait(10)


def collect_sse(client: httpx.Client, run_id: str, into: list[dict]) -> None:
    with client.stream("GET", f"/pipelines/{run_id}/events", timeout=30) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        kind = None
        for line in response.iter_lines():
            if line.startswith("event:"):
                kind = line.split(":", 1)[1].strip()
            elif line.startswith("data:"):
                into.append({"event": kind, **json.loads(line.split(":", 1)[1])})


def test_11_11_http_server_mode_post_run_get_status_post_answer(server):
    client, logs = server
    created = client.post("/run", json={"dot": GATED})
    assert created.status_code == 201
    run_id = created.json()["id"]
    events: list[dict] = []
    reader = threading.Thread(target=collect_sse, args=(client, run_id, events), daemon=True)
    reader.start()

    def waiting():
        status = client.get("/status", params={"id": run_id}).json()
        return status if status["pending_questions"] else None

    status = eventually(waiting)
    assert status["status"] == "running"
    assert status["current_node"] == "gate"
    question = status["pending_questions"][0]
    assert question["text"] == "Ship it?"
    assert [o["key"] for o in question["options"]] == ["S", "R"]
    listed = client.get(f"/pipelines/{run_id}/questions").json()["questions"]
    assert [q["id"] for q in listed] == [question["id"]]

    answered = client.post("/answer", json={"id": run_id, "value": "R"})
    assert answered.status_code == 200
    assert answered.json()["answer"]["selected_option"]["label"] == "[R] Rework"

    done = eventually(
        lambda: (s := client.get(f"/pipelines/{run_id}").json())["status"] != "running" and s
    )
    assert done["status"] == "success"
    assert done["completed_nodes"] == ["start", "draft", "gate", "rework", "exit"]
    reader.join(10)
    kinds = [e["event"] for e in events]
    assert kinds[0] == "PipelineStarted" and kinds[-1] == "RunFinished"
    assert "QuestionPending" in kinds and "InterviewCompleted" in kinds
    pending = next(e for e in events if e["event"] == "QuestionPending")
    assert pending["question"]["id"] == question["id"]
    assert kinds.index("QuestionPending") < kinds.index("InterviewCompleted")
    assert [e["name"] for e in events if e["event"] == "StageCompleted"] == done["completed_nodes"]
    context = client.get(f"/pipelines/{run_id}/context").json()["context"]
    assert context["human.gate.label"] == "[R] Rework"
    assert client.get(f"/pipelines/{run_id}/checkpoint").json()["current_node"] == "exit"
    assert (
        (logs / run_id / "draft" / "prompt.md").read_text().endswith("Draft for review the change")
    )


def test_answer_by_question_id_and_cancel(server):
    client, _ = server
    run_id = client.post("/pipelines", json={"dot": GATED}).json()["id"]
    question = eventually(lambda: client.get(f"/pipelines/{run_id}/questions").json()["questions"])[
        0
    ]
    wrong = client.post(f"/pipelines/{run_id}/questions/q999/answer", json={"value": "S"})
    assert wrong.status_code == 404 and wrong.json()["error"]["code"] == "not_found"
    ok = client.post(f"/pipelines/{run_id}/questions/{question['id']}/answer", json={"value": "S"})
    assert ok.status_code == 200
    assert eventually(lambda: client.get(f"/pipelines/{run_id}").json()["status"] == "success")
    again = client.post("/pipelines", json={"dot": GATED}).json()["id"]
    eventually(lambda: client.get(f"/pipelines/{again}/questions").json()["questions"])
    assert client.post(f"/pipelines/{again}/cancel").status_code == 202
    final = eventually(
        lambda: (s := client.get(f"/pipelines/{again}").json())["status"] != "running" and s
    )
    assert final["status"] == "cancelled"


def test_client_mistakes_get_json_errors_not_500s(server):
    client, _ = server
    bad_dot = client.post("/run", json={"dot": "digraph { a -> }"})
    assert bad_dot.status_code == 400 and bad_dot.json()["error"]["code"] == "parse_error"
    assert bad_dot.json()["error"]["line"] == 1
    invalid = client.post("/run", json={"dot": "digraph G { a -> b }"})
    assert invalid.status_code == 422
    assert {d["rule"] for d in invalid.json()["error"]["diagnostics"]} >= {"start_node"}
    assert client.post("/run", content=b"not json").status_code == 400
    assert client.post("/run", json={"source": "x"}).json()["error"]["code"] == "missing_dot"
    assert client.get("/pipelines/nope").status_code == 404
    assert client.get("/status").json()["error"]["code"] == "missing_id"
    run_id = client.post("/run", json={"dot": GATED}).json()["id"]
    eventually(lambda: client.get(f"/pipelines/{run_id}/questions").json()["questions"])
    assert client.post("/answer", json={"id": run_id, "value": ""}).status_code == 400
    client.post("/answer", json={"id": run_id, "value": "S"})


@pytest.mark.browser
def test_human_gate_is_operable_from_the_web_page(server, browser_page):
    client, _ = server
    run_id = client.post("/run", json={"dot": GATED}).json()["id"]
    eventually(lambda: client.get(f"/pipelines/{run_id}/questions").json()["questions"])
    page = browser_page
    page.goto(f"{client.base_url}/ui")
    card = page.locator(f"#run-{run_id}")
    assert card.locator(".question").inner_text().startswith("gate: Ship it?")
    card.get_by_role("button", name="[S] Ship").click()
    page.wait_for_url("**/ui")
    done = eventually(
        lambda: (s := client.get(f"/pipelines/{run_id}").json())["status"] != "running" and s
    )
    assert done["completed_nodes"] == ["start", "draft", "gate", "ship", "exit"]
    page.reload()
    assert page.locator(f"#run-{run_id} .status").inner_text() == "success"
    assert page.locator(f"#run-{run_id} .question").count() == 0
