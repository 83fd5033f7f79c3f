"""The Jira twin's coverage: Jira Cloud platform REST v3 operations against the twin's routes.

The operation list is ``v3_operations.tsv`` (tag, operationId, method, path), extracted from
Atlassian's published OpenAPI document for the platform REST API (``swagger-v3.v3.json``, July
2025). A route serves an operation when its method and path (under ``/rest/api/3``, parameter
names aside) are the operation's; the Agile (Jira Software) operations are listed beyond it.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

TITLE = "Jira Cloud platform REST API v3 coverage"
SOURCE = "Atlassian's Jira Cloud platform OpenAPI document (`swagger-v3.v3.json`)"
SPEC = Path(__file__).parent / "v3_operations.tsv"
PLATFORM = "/rest/api/3/"


def _shape(method: str, path: str) -> tuple[str, str]:
    return method, re.sub(r"\{[^}]+\}", "{}", path)


def _spec() -> dict[tuple[str, str], str]:
    """(method, path shape) -> ``Tag.operationId``."""
    with SPEC.open() as rows:
        return {_shape(m, p): f"{tag}.{op}" for tag, op, m, p in csv.reader(rows, delimiter="\t")}


def _routes() -> list[tuple[str, str, str]]:
    from darkfactory.twins.jira import AREAS

    return [
        (method, route.path, route.endpoint.operation)
        for area in AREAS
        for route in area.routes()
        for method in route.methods - {"HEAD"}
    ]


def operations() -> list[str]:
    return list(_spec().values())


def implemented() -> list[str]:
    spec = _spec()
    served = []
    for method, path, name in _routes():
        if path.startswith(PLATFORM):
            served.append(spec.get(_shape(method, path), f"Unlisted.{name}"))
        elif "/rest/agile/" in path:
            served.append(f"Agile.{name}")
    return served


def family(operation: str) -> str:
    return operation.split(".", 1)[0]
