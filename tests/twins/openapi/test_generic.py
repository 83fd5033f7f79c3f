"""Generic twins: an OpenAPI 3 document served as a stateful service, with the kit's journal,
faults, snapshots and forks; a real vendor's document (Jira's, read from the shared folder)
and a small one of our own for paging."""

from __future__ import annotations

import json

import httpx
import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator
from tests.fuzz.test_vendor_documents import DOCUMENTS, SOURCE

from darkfactory.twins.cli import universe as universe_cli
from darkfactory.twins.kit.server import UniverseServer
from darkfactory.twins.kit.universe import Universe
from darkfactory.twins.openapi.collections import lookups, place
from darkfactory.twins.openapi.document import load

JIRA = SOURCE / DOCUMENTS["jira"]

PETS = {
    "openapi": "3.0.3",
    "info": {"title": "Pets", "version": "1"},
    "paths": {
        "/owners/{ownerId}/pets": {
            "get": {
                "operationId": "listPets",
                "parameters": [
                    {
                        "name": "ownerId",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    },
                    {"name": "offset", "in": "query", "schema": {"type": "integer"}},
                    {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                ],
                "responses": {
                    "200": {
                        "description": "a page",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Page"}}
                        },
                    }
                },
            },
            "post": {
                "operationId": "createPet",
                "requestBody": {
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}
                    }
                },
                "responses": {
                    "201": {
                        "description": "made",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}
                        },
                    },
                    "422": {
                        "description": "refused",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}
                        },
                    },
                },
            },
        }
    },
    "components": {
        "schemas": {
            "Pet": {
                "type": "object",
                "required": ["id", "name"],
                "properties": {
                    "id": {"type": "integer", "readOnly": True},
                    "name": {"type": "string", "minLength": 1},
                    "tag": {"type": "string", "nullable": True},
                },
            },
            "Page": {
                "type": "object",
                "properties": {
                    "pets": {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}},
                    "total": {"type": "integer"},
                },
            },
            "Problem": {
                "type": "object",
                "required": ["title", "status"],
                "properties": {"title": {"type": "string"}, "status": {"type": "integer"}},
            },
        }
    },
}


@pytest.fixture
def served(tmp_path):
    """Serve ``{name: document}`` as generic twins; answers ``(server, {name: client})``."""
    running = []

    def serve(documents: dict):
        specs = []
        for name, document in documents.items():
            if isinstance(document, dict):
                path = tmp_path / f"{name}.json"
                path.write_text(json.dumps(document))
                document = path
            specs.append(f"openapi:{name}={document}")
        server = UniverseServer(Universe(twins=specs)).start()
        running.append(server)
        return server, {n: httpx.Client(base_url=f"{server.url}/{n}") for n in documents}

    yield serve
    for server in running:
        server.stop()


@pytest.mark.skipif(not JIRA.exists(), reason=f"the vendor documents are not at {SOURCE}")
def test_a_vendor_document_serves_its_collections(served):
    server, clients = served({"tracker": JIRA})
    tracker = clients["tracker"]
    made = tracker.post(
        "/rest/api/3/project",
        json={"key": "OPS", "name": "Operations", "projectTypeKey": "business"},
    )
    assert made.status_code == 201, made.text
    assert made.json()["key"] == "OPS" and isinstance(made.json()["id"], int)  # ProjectIdentifiers
    assert made.json()["self"].endswith(f"/tracker/rest/api/3/project/{made.json()['id']}")
    listed = tracker.get("/rest/api/3/project").json()
    assert [p["name"] for p in listed] == ["Operations"]
    assert tracker.get("/rest/api/3/project/OPS").json()["name"] == "Operations"  # by its key
    changed = tracker.put("/rest/api/3/project/OPS", json={"key": "OPS", "name": "Ops"})
    assert changed.status_code == 200 and changed.json()["name"] == "Ops"

    refused = tracker.post("/rest/api/3/project", json={"key": 7})
    assert refused.status_code == 400
    assert "'name' is a required property" in refused.json()["errorMessages"][0]  # Jira's shape
    document = load(str(JIRA))
    for answer, schema in (
        (made, "ProjectIdentifiers"),
        (changed, "Project"),
        (refused, "ErrorCollection"),
    ):
        declared = {"$ref": f"#/components/schemas/{schema}", "components": document["components"]}
        Draft202012Validator(declared).validate(answer.json())  # the document's own shapes
    assert tracker.delete("/rest/api/3/project/OPS").status_code == 204
    missing = tracker.get("/rest/api/3/project/OPS")
    assert missing.status_code == 404 and missing.json()["errorMessages"]

    journal = httpx.get(
        f"{server.url}/_universe/journal?twin=tracker",
        headers={"Authorization": f"Bearer {server.universe.admin_token}"},
    ).json()["entries"]
    assert [e["operation"] for e in journal][:3] == [
        "createProject",
        "getAllProjects",
        "getProject",
    ]


def test_lists_page_and_bodies_are_checked_against_the_document(served):
    _, clients = served({"pets": PETS})
    pets = clients["pets"]
    for name in ("Rex", "Tom", "Kit"):
        made = pets.post("/owners/ann/pets", json={"name": name, "tag": None})
        assert made.status_code == 201 and made.json()["name"] == name
    assert pets.post("/owners/bob/pets", json={"name": "Bo"}).status_code == 201
    page = pets.get("/owners/ann/pets", params={"offset": 1, "limit": 1}).json()
    assert page == {"pets": [{"name": "Tom", "tag": None, "id": 10002}], "total": 3}
    assert pets.get("/owners/bob/pets").json()["total"] == 1  # scoped to its owner

    refused = pets.post("/owners/ann/pets", json={"name": ""})
    assert refused.status_code == 400  # no 400 declared: the document's usual error shape
    assert refused.json() == {"title": "name: '' should be non-empty", "status": 400}
    wrong = pets.post("/owners/ann/pets", json=["not", "an", "object"])
    assert wrong.status_code == 400 and wrong.json()["status"] == 400
    bad_page = pets.get("/owners/ann/pets", params={"limit": "many"})
    assert bad_page.status_code == 400 and "limit" in bad_page.json()["title"]


def test_snapshots_faults_and_forks_hold_for_generic_twins(served):
    server, clients = served({"pets": PETS})
    pets, universe = clients["pets"], server.universe
    headers = {"Authorization": f"Bearer {universe.admin_token}"}
    control = httpx.Client(base_url=f"{server.url}/_universe", headers=headers)
    snapshot = control.post("/snapshots").json()["id"]
    pets.post("/owners/ann/pets", json={"name": "Rex"})
    fork = server.call(universe.fork)
    assert list(fork.twins) == ["pets"]
    control.post(f"/snapshots/{snapshot}/restore")
    assert pets.get("/owners/ann/pets").json()["total"] == 0

    control.post("/faults", json={"twin": "pets", "operation": "createPet", "kind": "outage"})
    down = pets.post("/owners/ann/pets", json={"name": "Rex"})
    assert down.status_code == 503 and down.json()["status"] == 503


def test_how_paths_become_collections():
    assert place("/owners/{ownerId}/pets/{petId}").collection == "/owners/{ownerId}/pets"
    assert place("/owners/{ownerId}/pets/{petId}").scope == ("ownerId",)
    assert not place("/owners/{ownerId}/pets").item
    assert lookups("projectIdOrKey") == ["key"]
    assert lookups("petId") == []


def test_the_cli_refuses_a_generic_twin_it_cannot_serve(tmp_path):
    runner = CliRunner()
    clash = runner.invoke(universe_cli, ["up", "--memory", "--openapi", f"jira={tmp_path}/x.json"])
    assert clash.exit_code == 2 and "built-in twin" in clash.output
    missing = runner.invoke(universe_cli, ["up", "--memory", "--openapi", "pets=/nowhere.json"])
    assert missing.exit_code == 2 and "no OpenAPI document" in missing.output
    (tmp_path / "swagger.json").write_text(json.dumps({"swagger": "2.0", "paths": {}}))
    old = runner.invoke(
        universe_cli, ["up", "--memory", "--openapi", f"old={tmp_path}/swagger.json"]
    )
    assert old.exit_code == 2 and "not an OpenAPI 3 document" in old.output
