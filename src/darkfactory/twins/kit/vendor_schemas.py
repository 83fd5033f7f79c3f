"""Compact vendor schemas: the body types of a vendor's operations, checked before a handler.

A twin ships ``openapi.json.gz`` (written by ``scripts/vendor_schemas.py``
from the vendors' OpenAPI documents): for each vendor operation its method, path template,
operationId and the JSON schema of its body, with ``$ref``s into a local ``definitions`` map and
only what decides a value's *type* kept (no prose, no ``required``, no enums, no lengths). Every
schema admits ``null``, which the vendors read as "unset".

At mount time ``attach`` walks a twin's routes, finds the vendor operation of each by method and
path template, and marks the route with its body validator; ``violations`` lists what a body
breaks. ``served`` publishes which of the twin's routes got a schema.
"""

from __future__ import annotations

import functools
import gzip
import json
import re
from collections.abc import Iterator
from importlib import resources
from typing import Any

from jsonschema import Draft4Validator, validators
from starlette.routing import BaseRoute, Mount, Route, Router
from starlette.types import ASGIApp, Receive, Scope, Send

SCHEMA_KEY = "darkfactory.body_schema"
FILE_NAME = "openapi.json.gz"


def template_key(method: str, path: str) -> tuple[str, str]:
    """``("POST", "/api/v1/users/{}")``: a path template with its parameter names erased."""
    return method.upper(), re.sub(r"\{[^}]*\}", "{}", path.rstrip("/") or "/")


@functools.cache
def load(package: str) -> dict:
    """The compact document a twin package ships, or an empty one."""
    source = resources.files(package).joinpath(FILE_NAME)
    if not source.is_file():
        return {"operations": [], "definitions": {}}
    return json.loads(gzip.decompress(source.read_bytes()))


def _scalar(text_pattern: str):
    """A type check taking the JSON type or a string that reads as one."""
    pattern = re.compile(text_pattern)

    def check(checker, value: Any) -> bool:
        return isinstance(value, str) and pattern.fullmatch(value) is not None

    return check


_INTEGER = _scalar(r"-?\d+")
_NUMBER = _scalar(r"-?\d+(\.\d+)?([eE][+-]?\d+)?")
_BOOLEAN = _scalar(r"true|false")
_JSON_TYPES = Draft4Validator.TYPE_CHECKER
# The vendors read bodies with Jackson, which coerces between scalars: ``"3600"`` is read as an
# integer, ``12`` as a string, ``"true"`` as a boolean. Only an array or object where a scalar
# belongs (or the reverse), or text that is no number where a number belongs, is refused.
_COERCING = _JSON_TYPES.redefine_many(
    {
        "integer": lambda c, v: _JSON_TYPES.is_type(v, "integer") or _INTEGER(c, v),
        "number": lambda c, v: _JSON_TYPES.is_type(v, "number") or _NUMBER(c, v),
        "boolean": lambda c, v: _JSON_TYPES.is_type(v, "boolean") or _BOOLEAN(c, v),
        "string": lambda c, v: isinstance(v, str | int | float),
    }
)
Validator = validators.extend(Draft4Validator, type_checker=_COERCING)


class BodySchema:
    """One operation's body schema, with a validator built once."""

    def __init__(self, operation: dict, definitions: dict) -> None:
        self.operation_id = operation["operationId"]
        self.validator = Validator({**operation["body"], "definitions": definitions})

    def violations(self, value: Any) -> list[str]:
        """What ``value`` breaks: ``"profile: 'x' is not of type 'object', 'null'"``, sorted."""
        found = []
        for error in self.validator.iter_errors(value):
            where = ".".join(str(p) for p in error.absolute_path) or "body"
            found.append(f"{where}: {_short(error)}")
        return sorted(found)


def _short(error) -> str:
    if error.validator == "type":
        expected = error.validator_value
        kinds = [expected] if isinstance(expected, str) else [k for k in expected if k != "null"]
        return f"must be of type {' or '.join(kinds)}"
    if error.validator == "anyOf":
        return "does not match any of the allowed types"
    return error.message[:200]


class Marked:
    """A route's app that puts the route's body schemas (by method) in the scope first."""

    def __init__(self, app: ASGIApp, schemas: dict[str, BodySchema]) -> None:
        self.app = app
        self.schemas = schemas

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope[SCHEMA_KEY] = self.schemas
        await self.app(scope, receive, send)


def every_route(routes: list[BaseRoute], prefix: str = "") -> Iterator[tuple[str, Route]]:
    """Each route of ``routes`` and of the mounts among them, with its whole path."""
    for route in routes:
        if isinstance(route, Route):
            yield prefix + route.path, route
        elif isinstance(route, Mount):
            inner = route.routes or _inner_routes(route.app)
            yield from every_route(inner, prefix + route.path)


def _inner_routes(app: Any) -> list[BaseRoute]:
    """The routes of a mounted app, through middleware that keeps its app as ``.app``."""
    while app is not None and not isinstance(app, Router):
        app = getattr(app, "app", None)
    return app.routes if app is not None else []


def attach(package: str, routes: list[BaseRoute]) -> list[dict]:
    """Mark every route of ``routes`` that serves a vendor operation with a body schema; answer
    what each served vendor operation got: ``{"method", "path", "operationId", "body"}``."""
    document = load(package)
    by_key = {template_key(o["method"], o["path"]): o for o in document["operations"]}
    served = []
    for path, route in every_route(routes):
        schemas = {}
        for method in sorted(route.methods or ()):
            operation = by_key.get(template_key(method, _plain_template(path)))
            if operation is None:
                continue
            served.append({**_summary(operation), "route": path})
            if operation.get("body"):
                schemas[method] = BodySchema(operation, document["definitions"])
        if schemas:
            route.app = Marked(route.app, schemas)
    return served


def served_by(twin: Any) -> list[dict]:
    """The vendor operations ``twin``'s routes serve, as ``attach`` answers them (built from a
    fresh copy of its routes, so the universe's own are left as they are)."""
    return attach(type(twin).__module__, twin.routes())


def _summary(operation: dict) -> dict:
    return {
        "method": operation["method"],
        "path": operation["path"],
        "operationId": operation["operationId"],
        "body": bool(operation.get("body")),
    }


def _plain_template(path: str) -> str:
    """A Starlette path (``/users/{id:path}``) as an OpenAPI template (``/users/{id}``)."""
    return re.sub(r"\{([^}:]*)(:[^}]*)?\}", r"{\1}", path)
