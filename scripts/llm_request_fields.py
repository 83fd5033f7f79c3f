"""Regenerate ``src/darkfactory/twins/llm/request_fields.json``: the fields each LLM provider's
model-call request accepts, with their JSON types and numeric ranges, from the providers' own
published request schemas.

    python scripts/llm_request_fields.py --openai openapi.json --gemini-protos DIR

- OpenAI: the OpenAPI document of github.com/openai/openai-openapi (``openapi.json``), schemas
  ``CreateChatCompletionRequest`` and ``CreateResponse`` (``allOf`` merged, ``$ref`` resolved).
- Gemini: ``google/ai/generativelanguage/v1beta/generative_service.proto`` of
  github.com/googleapis/googleapis (``DIR`` holds it), messages ``GenerateContentRequest``,
  ``GenerationConfig`` and ``ThinkingConfig``, plus the fields the live API serves before the
  proto names them (``GEMINI_NEWER``).
- Anthropic publishes no machine-readable schema, so ``ANTHROPIC`` below lists the Messages
  API reference's body parameters (platform.claude.com/docs/en/api/messages), with the beta
  header that turns on each beta-only one.

Only names, types and ranges are kept; no descriptions.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

NUMBERS = ("integer", "number")
OUT = Path(__file__).parent.parent / "src/darkfactory/twins/llm/request_fields.json"

ANTHROPIC = {
    "messages.create": {
        "model": {"type": "string"},
        "messages": {"type": "array"},
        "max_tokens": {"type": "integer", "minimum": 1},
        "cache_control": {"type": "object"},
        "container": {},
        "diagnostics": {},
        "inference_geo": {"type": "string"},
        "metadata": {"type": "object"},
        "output_config": {"type": "object"},
        "service_tier": {"type": "string"},
        "speed": {"type": "string"},
        "stop_sequences": {"type": "array"},
        "stream": {"type": "boolean"},
        "system": {},
        "temperature": {"type": "number", "minimum": 0, "maximum": 1},
        "thinking": {"type": "object"},
        "tool_choice": {"type": "object"},
        "tools": {"type": "array"},
        "top_k": {"type": "integer", "minimum": 0},
        "top_p": {"type": "number", "minimum": 0, "maximum": 1},
    },
    "message": {"role": {"type": "string"}, "content": {}},
    "betas": {
        "context_management": ["context-management-2025-06-27"],
        "mcp_servers": ["mcp-client-2025-04-04", "mcp-client-2025-11-20"],
        "output_format": ["structured-outputs-2025-11-13"],
    },
}
GEMINI_MESSAGES = ("GenerateContentRequest", "GenerationConfig", "ThinkingConfig")
GEMINI_NEWER = {"ThinkingConfig": {"thinking_level": {"type": "string", "proto": "TYPE_ENUM"}}}
PROTO_TYPES = {
    "int32": ("integer", "TYPE_INT32"),
    "int64": ("integer", "TYPE_INT64"),
    "float": ("number", "TYPE_FLOAT"),
    "double": ("number", "TYPE_DOUBLE"),
    "bool": ("boolean", "TYPE_BOOL"),
    "string": ("string", "TYPE_STRING"),
}


# -- OpenAI --------------------------------------------------------------------------------------
def openai_fields(document: dict) -> dict[str, dict]:
    schemas = document["components"]["schemas"]

    def resolve(schema: dict) -> dict:
        while "$ref" in schema:
            schema = schemas[schema["$ref"].rsplit("/", 1)[1]]
        return schema

    def properties(schema: dict) -> dict[str, dict]:
        schema = resolve(schema)
        found: dict[str, dict] = {}
        for part in schema.get("allOf", []):
            found |= properties(part)
        return found | schema.get("properties", {})

    def kinds(schema: dict) -> set[str]:
        schema = resolve(schema)
        variants = schema.get("anyOf") or schema.get("oneOf")
        if variants:
            return set().union(*(kinds(v) for v in variants))
        if "allOf" in schema:
            return set().union(*(kinds(v) for v in schema["allOf"]))
        kind = schema.get("type")
        if kind is None:
            return {"object"} if "properties" in schema else {"any"}
        return set(kind) if isinstance(kind, list) else {kind}

    def bound(schema: dict, key: str) -> Any:
        schema = resolve(schema)
        for variant in [schema, *schema.get("anyOf", []), *schema.get("allOf", [])]:
            variant = resolve(variant)
            if key in variant:
                return variant[key]
        return None

    def spec(schema: dict) -> dict:
        found = kinds(schema) - {"null"}
        if found == {"integer", "number"}:
            found = {"number"}
        entry: dict[str, Any] = {"type": found.pop()} if len(found) == 1 else {}
        if entry.get("type") == "any":
            entry = {}
        for key in ("minimum", "maximum"):
            value = bound(schema, key)
            if value is not None and abs(value) < 2**53 and entry.get("type") in NUMBERS:
                entry[key] = value
        return entry

    return {
        operation: {name: spec(s) for name, s in sorted(properties(schemas[schema]).items())}
        for operation, schema in (
            ("chat.completions.create", "CreateChatCompletionRequest"),
            ("responses.create", "CreateResponse"),
        )
    }


# -- Gemini --------------------------------------------------------------------------------------
def proto_message(source: str, name: str) -> str:
    """The body of ``message name { ... }`` without comments or nested declarations."""
    source = re.sub(r"//[^\n]*", "", source)
    start = re.search(r"\nmessage " + name + r" \{", source).end()
    depth, end = 1, start
    while depth:
        depth += {"{": 1, "}": -1}.get(source[end], 0)
        end += 1
    body = source[start : end - 1]
    return re.sub(r"\n\s*(message|enum|oneof) \w+ \{[^{}]*\}", "\n", body)


def gemini_fields(source: str) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for name in GEMINI_MESSAGES:
        fields: dict[str, dict] = {}
        pattern = r"^\s*(optional |repeated )?([\w.]+) (\w+) = \d+"
        for match in re.finditer(pattern, proto_message(source, name), re.M):
            repeated, kind, field = match.group(1) == "repeated ", match.group(2), match.group(3)
            if repeated:
                entry = {"type": "array", "proto": "TYPE_ARRAY"}
            elif kind in PROTO_TYPES:
                entry = dict(zip(("type", "proto"), PROTO_TYPES[kind], strict=True))
            elif kind in GEMINI_MESSAGES:
                entry = {"type": "object", "proto": "TYPE_MESSAGE", "message": kind}
            elif kind.startswith("google.protobuf."):
                entry = {}
            else:
                entry = {"type": "object", "proto": "TYPE_MESSAGE"}
                if re.search(r"\n\s*enum " + kind + r" \{", source):
                    entry = {"type": "string", "proto": "TYPE_ENUM"}
            fields[field] = entry
        found[name] = fields | GEMINI_NEWER.get(name, {})
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--openai", type=Path, required=True, help="openai-openapi openapi.json")
    parser.add_argument(
        "--gemini-protos", type=Path, required=True, help="folder of the v1beta .proto files"
    )
    args = parser.parse_args()
    protos = "\n".join(p.read_text() for p in sorted(args.gemini_protos.glob("*.proto")))
    fields = {
        "openai": openai_fields(json.loads(args.openai.read_text())),
        "anthropic": ANTHROPIC,
        "gemini": gemini_fields(protos),
    }
    OUT.write_text(json.dumps(fields, indent=1, sort_keys=True) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
