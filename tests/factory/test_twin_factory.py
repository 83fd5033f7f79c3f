"""``examples/twin-factory`` offline: the factory builds a twin of Cachet's status page API from
its OpenAPI document, the agent planning from the document's pyramid summaries; the holdout's
conformance scenarios catch the first draft's missing permission, the repair makes them pass, and
the twin it produced serves the API with its state rules and refusals."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import httpx
import pytest

from darkfactory.context import ContextStore
from darkfactory.factory.record import TOOL_CALL, TOOL_OUTPUT, RunRecord
from darkfactory.factory.run import run
from darkfactory.twins.kit.server import UniverseServer
from darkfactory.twins.kit.universe import Universe

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "twin-factory"

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A copy of the example; the stages' commands import this checkout's darkfactory."""
    monkeypatch.setenv("PYTHONPATH", str(ROOT / "src"))
    for secret in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "GOOGLE_API_KEY"):
        monkeypatch.delenv(secret, raising=False)
    directory = tmp_path / "twin-factory"
    shutil.copytree(EXAMPLE, directory)
    return directory


def test_the_twin_factory_builds_a_twin_its_conformance_scenarios_pass(project):
    status = run(project)
    assert status.status == "success", status.reason
    assert [(e["node"], e["status"]) for e in status.timeline] == [
        ("summarize", "success"),
        ("plan", "success"),
        ("components", "success"),
        ("incidents", "success"),
        ("conformance", "success"),
        ("holdout", "fail"),
        ("repair", "success"),
        ("holdout", "success"),
    ]
    assert [s["value"] for s in status.satisfaction] == [18 / 20, 1.0]
    run_dir = project / "runs" / status.run_id
    report = json.loads((run_dir / "reports" / "holdout-1" / "report.json").read_text())
    failed = [c["id"] for c in report["cases"] if not c["passed"]]
    assert failed == ["deleteComponent-unauthorised", "deleteComponent"], "deleted without a token"

    store = ContextStore(project / "runs" / "contexts.sqlite")
    record = RunRecord.reopen(store, status.context_id)
    plan = record.session_turns(int(record.sessions()[0]["context_id"]))
    calls = [t.data for t in plan if t.type_id == TOOL_CALL.type_id]
    outputs = [t.data for t in plan if t.type_id == TOOL_OUTPUT.type_id]
    assert [c["name"] for c in calls] == ["summaries", "summaries", "write_file"]
    assert "cachet.yaml: OpenAPI 3.0.3 document of Cachet 1: 10 operations" in outputs[0]["output"]
    assert "POST /api/v1/incidents: Report an incident" in outputs[1]["output"]
    store.close()

    twin = f"python:cachet={project / 'workspace' / 'cachet' / '__init__.py'}"
    server = UniverseServer(Universe(twins=[twin])).start()
    try:
        credentials = server.universe.credentials()["cachet"]
        token = {"X-Cachet-Token": credentials["api_token"]}
        with httpx.Client(base_url=credentials["base_url"]) as cachet:
            made = cachet.post(
                "/api/v1/components", json={"name": "API", "status": 1}, headers=token
            )
            assert made.status_code == 200 and made.json()["data"]["status_name"] == "Operational"
            component = made.json()["data"]["id"]
            incident = {"name": "Down", "message": "It is.", "status": 1, "visible": 1,
                        "component_id": component, "component_status": 4}  # fmt: skip
            reported = cachet.post("/api/v1/incidents", json=incident, headers=token)
            assert reported.json()["data"]["human_status"] == "Investigating"
            after = cachet.get(f"/api/v1/components/{component}").json()["data"]
            assert (after["status"], after["status_name"]) == (4, "Major Outage"), "the rule"

            refused = cachet.put(f"/api/v1/components/{component}", json={"status": 1})
            assert refused.status_code == 401
            assert refused.json()["errors"][0]["title"] == "Unauthorized"
            wrong = cachet.post("/api/v1/incidents", json={"name": "x"}, headers=token)
            assert wrong.status_code == 400 and wrong.json()["errors"][0]["status"] == 400
            assert any("message" in d for d in wrong.json()["errors"][0]["meta"]["details"])
            alone = {"name": "x", "message": "y", "status": 1, "component_id": component}
            unpaired = cachet.post("/api/v1/incidents", json=alone, headers=token)
            assert unpaired.status_code == 400, "a component_id needs its component_status"

            hidden = {"name": "Quiet", "message": "Not shown.", "status": 2, "visible": False}
            secret = cachet.post("/api/v1/incidents", json=hidden, headers=token).json()["data"]
            assert secret["visible"] == 0
            off = {"name": "Old", "status": 1, "enabled": 0}
            disabled = cachet.post("/api/v1/components", json=off, headers=token).json()["data"]
            assert disabled["enabled"] is False and disabled["description"] == ""
            for path, hidden_id in (("incidents", secret["id"]), ("components", disabled["id"])):
                public = cachet.get(f"/api/v1/{path}").json()
                assert hidden_id not in [r["id"] for r in public["data"]], "guests see less"
                trusted = cachet.get(f"/api/v1/{path}", headers=token).json()
                assert hidden_id in [r["id"] for r in trusted["data"]], "the token sees all"
                assert (
                    trusted["meta"]["pagination"]["total"]
                    == public["meta"]["pagination"]["total"] + 1
                )
            assert cachet.get(f"/api/v1/incidents/{secret['id']}").status_code == 200
            unknown = cachet.get("/api/v1/components/abc")
            assert (
                unknown.status_code == 404 and unknown.json()["errors"][0]["title"] == "Not Found"
            )

            paged = cachet.get("/api/v1/incidents", params={"per_page": 1}, headers=token).json()
            links = paged["meta"]["pagination"]["links"]
            assert paged["meta"]["pagination"]["total_pages"] == 2 and len(paged["data"]) == 1
            assert links["previous_page"] is None and "page=2" in links["next_page"]
    finally:
        server.stop()
