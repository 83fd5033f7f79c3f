"""Write the Okta and Jira twins' compact vendor schemas (``openapi.json.gz``) from the vendors'
OpenAPI documents.

    python scripts/vendor_schemas.py [--source ../shared/vendor-openapi]

For every operation: method, path template, operationId and the request body's JSON schema,
reduced to what decides a value's type (``type``, ``properties``, ``items``, schema-valued
``additionalProperties``, ``allOf``/``anyOf``/``oneOf`` as ``anyOf``) with ``$ref``s kept in a
local ``definitions`` map; ``null`` is admitted everywhere. (Slack's Web API takes form fields,
whose types its twin checks as it reads each argument.) The vendors' prose (descriptions,
summaries, examples) is left behind.
"""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TWINS = ROOT / "src" / "darkfactory" / "twins"
SOURCES = {
    "okta": "okta-management.json.gz",
    "jira": "jira-swagger-v3.v3.json.gz",
}
METHODS = ("get", "put", "post", "delete", "patch")
JSON_TYPES = {"string", "number", "integer", "boolean", "array", "object"}

CONDITION = "#/components/schemas/CreateWorkflowCondition"
RULE = "#/components/schemas/CreateWorkflowTransitionRule"
# Where a vendor document's types are wrong about what the service takes (and its SDK sends).
OVERRIDES: dict[str, dict[str, Any]] = {
    "okta": {
        # A JSON Patch operation's ``value`` is any JSON value (RFC 6902), not only an object:
        # the SDK replaces a group assignment's ``/priority`` with a number.
        "JsonPatchOperation": {
            "type": "object",
            "properties": {"op": {"type": "string"}, "path": {"type": "string"}, "value": {}},
        },
    },
    "jira": {
        # A transition's ``rules.conditions`` is a condition group in the document; the twin
        # also takes a plain list of conditions (as the older workflow API did), which its
        # clients send.
        "CreateWorkflowTransitionRulesDetails": {
            "type": "object",
            "properties": {
                "conditions": {
                    "anyOf": [
                        {"$ref": CONDITION},
                        {"type": "array", "items": {"$ref": CONDITION}},
                    ]
                },
                "postFunctions": {"type": "array", "items": {"$ref": RULE}},
                "validators": {"type": "array", "items": {"$ref": RULE}},
            },
        },
    },
}


def reduce(schema: Any, refs: set[str]) -> Any:
    """``schema`` with only its type-deciding keywords; names of the definitions it uses go
    into ``refs``."""
    if not isinstance(schema, dict):
        return {}
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        refs.add(name)
        return {"$ref": f"#/definitions/{name}"}
    out: dict[str, Any] = {}
    kind = schema.get("type")
    if kind in JSON_TYPES:
        out["type"] = [kind, "null"]
    if isinstance(schema.get("properties"), dict):
        out["properties"] = {k: reduce(v, refs) for k, v in schema["properties"].items()}
        out.setdefault("type", ["object", "null"])
    if isinstance(schema.get("items"), dict):
        out["items"] = reduce(schema["items"], refs)
    if isinstance(schema.get("additionalProperties"), dict):
        out["additionalProperties"] = reduce(schema["additionalProperties"], refs)
    if "allOf" in schema:
        out["allOf"] = [reduce(s, refs) for s in schema["allOf"]]
    alternatives = schema.get("anyOf", []) + schema.get("oneOf", [])
    if alternatives:
        out["anyOf"] = [reduce(s, refs) for s in alternatives] + [{"type": "null"}]
    return {k: v for k, v in out.items() if v not in ({}, [])}


def definitions(document: dict, refs: set[str], overrides: dict[str, Any]) -> dict:
    """Every definition reachable from ``refs``, reduced; a definition named in ``overrides``
    (written as the vendor's documents are) stands in place of the vendor's."""
    pool = document.get("components", {}).get("schemas") or document.get("definitions", {})
    out: dict[str, Any] = {}
    todo = set(refs)
    while todo:
        name = todo.pop()
        if name in out:
            continue
        found: set[str] = set()
        out[name] = reduce(overrides.get(name) or pool.get(name, {}), found)
        todo |= found - out.keys()
    return dict(sorted(out.items()))


def openapi3_body(document: dict, operation: dict) -> dict | None:
    body = operation.get("requestBody")
    if body and "$ref" in body:
        body = document["components"]["requestBodies"][body["$ref"].rsplit("/", 1)[-1]]
    content = (body or {}).get("content", {})
    media = next((v for k, v in content.items() if "json" in k), None)
    return media.get("schema") if media else None


def compact(twin: str, document: dict) -> dict:
    refs: set[str] = set()
    operations = []
    for path, item in sorted(document["paths"].items()):
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            raw = openapi3_body(document, operation)
            body = reduce(raw, refs) if raw is not None else None
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "operationId": operation.get("operationId", f"{method} {path}"),
                    "body": body or None,
                }
            )
    return {
        "operations": operations,
        "definitions": definitions(document, refs, OVERRIDES.get(twin, {})),
    }


def publish(target: Path) -> None:
    """Write which vendor operations each twin serves, and which of them take a checked body."""
    from darkfactory.twins.kit.app import build_app
    from darkfactory.twins.kit.universe import Universe

    universe = Universe(seed=0)
    build_app(universe)  # mounting the twins matches their routes to the vendor operations
    lines = [
        "# Request bodies checked against the vendors' schemas",
        "",
        "Generated by `python scripts/vendor_schemas.py`. A served operation with a body schema",
        "has its body's types checked before its handler runs.",
    ]
    for twin in SOURCES:
        served = universe.twins[twin].vendor_operations
        checked = [o for o in served if o["body"]]
        lines += [
            "",
            f"## {twin}",
            "",
            f"{len(served)} vendor operations served, {len(checked)} with a body schema.",
            "",
            "| operation | method | path | body |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| {o['operationId']} | {o['method']} | `{o['path']}` | {'yes' if o['body'] else ''} |"
            for o in sorted(served, key=lambda o: (o["path"], o["method"]))
        ]
    target.write_text("\n".join(lines) + "\n")
    print(f"{target.relative_to(ROOT)}: written")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=ROOT.parent / "shared" / "vendor-openapi")
    args = parser.parse_args()
    for twin, name in SOURCES.items():
        document = json.loads(gzip.decompress((args.source / name).read_bytes()))
        data = json.dumps(compact(twin, document), separators=(",", ":"), sort_keys=True)
        target = TWINS / twin / "openapi.json.gz"
        target.write_bytes(gzip.compress(data.encode(), mtime=0))
        print(f"{target.relative_to(ROOT)}: {len(data)} bytes of JSON, {target.stat().st_size} gz")
    publish(ROOT / "docs" / "coverage" / "body-schemas.md")


if __name__ == "__main__":
    main()
