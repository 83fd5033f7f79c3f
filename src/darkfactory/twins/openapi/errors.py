"""Error answers in the shape a document declares: its schema for the status (or the document's
usual error schema) filled with the message where a member carries one."""

from __future__ import annotations

import re
from typing import Any

from darkfactory.twins.openapi.document import resolve

MESSAGE = re.compile(r"message|detail|description|summary|title|reason|error", re.I)
CODE = re.compile(r"code|status", re.I)
EMPTY = {"string": "", "integer": 0, "number": 0, "boolean": False, "array": [], "object": {}}


def shaped(document: dict, schema: dict | None, status: int, message: str) -> Any:
    """A body of ``schema`` telling ``message`` (``{"error", "message"}`` without a schema)."""
    schema = resolve(document, schema)
    if not isinstance(schema, dict) or schema.get("type", "object") != "object":
        return {"error": status, "message": message}
    properties = schema.get("properties") or {}
    if not properties:
        return {"error": status, "message": message}
    required = set(schema.get("required") or [])
    body: dict[str, Any] = {}
    for name, member in properties.items():
        member = resolve(document, member) or {}
        kind = member.get("type")
        kind = kind[0] if isinstance(kind, list) else kind
        if kind == "string" and MESSAGE.search(name):
            body[name] = message
        elif kind in ("integer", "number") and CODE.search(name):
            body[name] = status
        elif kind == "string" and CODE.search(name):
            body[name] = str(status)
        elif kind == "array" and MESSAGE.search(name):
            items = resolve(document, member.get("items")) or {}
            body[name] = [message if items.get("type") == "string" else {"message": message}]
        elif kind == "object" and MESSAGE.search(name) and member.get("properties"):
            body[name] = shaped(document, member, status, message)
        elif name in required:
            body[name] = EMPTY.get(kind)
    return body


def usual_schema(document: dict, operations) -> dict | None:
    """The error schema the document uses most, for errors no one operation declares."""
    counts: dict[str, tuple[int, dict]] = {}
    for operation in operations:
        for status, schema in operation.answers.items():
            if (status.startswith("4") or status == "default") and schema:
                key = repr(schema)
                counts[key] = (counts.get(key, (0, schema))[0] + 1, schema)
    return max(counts.values(), key=lambda pair: pair[0])[1] if counts else None
