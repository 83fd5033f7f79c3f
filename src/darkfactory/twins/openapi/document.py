"""Reading an OpenAPI 3 document: the file (JSON, gzipped JSON or YAML), its operations, and
its schemas as JSON Schema a validator can check bodies against."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

METHODS = ("get", "post", "put", "patch", "delete")


def load(path: str | Path) -> dict[str, Any]:
    """The document at ``path``; refuses anything that is not OpenAPI 3."""
    raw = Path(path).read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    document = json.loads(raw) if raw.lstrip()[:1] in (b"{", b"[") else yaml.safe_load(raw)
    if not isinstance(document, dict) or not str(document.get("openapi", "")).startswith("3"):
        raise ValueError(f"{path} is not an OpenAPI 3 document")
    return json_schema(document)


def json_schema(node: Any) -> Any:
    """The document with OpenAPI 3.0's ``nullable`` written as JSON Schema types."""
    if isinstance(node, list):
        return [json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {k: json_schema(v) for k, v in node.items() if k != "nullable"}
    if node.get("nullable") is True:
        if isinstance(converted.get("type"), str):
            converted["type"] = [converted["type"], "null"]
        elif "type" not in converted:
            converted = {"anyOf": [converted, {"type": "null"}]}
    return converted


def resolve(document: dict, node: Any) -> Any:
    """``node`` with its ``$ref`` (if any) followed within the document."""
    seen = 0
    while isinstance(node, dict) and "$ref" in node and seen < 32:
        target: Any = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node, seen = target, seen + 1
    return node


@dataclass
class Operation:
    """One operation of the document: where it is, what body it takes, what it answers."""

    method: str
    path: str
    operation_id: str
    body: dict | None = None  # the JSON request body's schema
    answers: dict[str, dict | None] = field(default_factory=dict)  # status -> JSON schema
    parameters: list[dict] = field(default_factory=list)

    def success(self) -> tuple[int, dict | None]:
        """The status a success answers with, and its body's schema (None: no body)."""
        for status, schema in sorted(self.answers.items()):
            if status.startswith("2"):
                return int(status), schema
        return (201 if self.method == "post" else 200), None

    def query_names(self) -> set[str]:
        return {p["name"] for p in self.parameters if p.get("in") == "query"}


def _json_content(document: dict, holder: Any) -> dict | None:
    content = (resolve(document, holder) or {}).get("content") or {}
    for media, value in content.items():
        if "json" in media:
            return value.get("schema") or {}
    return None


def operations(document: dict) -> list[Operation]:
    """Every operation of the document, in its order."""
    found = []
    for path, item in (document.get("paths") or {}).items():
        shared = item.get("parameters") or []
        for method in METHODS:
            spec = item.get(method)
            if not isinstance(spec, dict):
                continue
            found.append(
                Operation(
                    method,
                    path,
                    spec.get("operationId") or f"{method} {path}",
                    _json_content(document, spec.get("requestBody")),
                    {
                        str(status): _json_content(document, answer)
                        for status, answer in (spec.get("responses") or {}).items()
                    },
                    [resolve(document, p) for p in [*shared, *(spec.get("parameters") or [])]],
                )
            )
    return found
