"""The generic twin: one OpenAPI document's collections served from the universe's store."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any, ClassVar

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from darkfactory.twins.kit import Twin, TwinError, operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.openapi import collections, document, errors
from darkfactory.twins.openapi.collections import Place
from darkfactory.twins.openapi.document import Operation, resolve

PREFIX = "openapi:"  # a universe's twin spec ``openapi:NAME=FILE``
SCHEMA = """
CREATE TABLE IF NOT EXISTS openapi_items (
    twin TEXT NOT NULL, collection TEXT NOT NULL, parent TEXT NOT NULL, id TEXT NOT NULL,
    position INTEGER NOT NULL, document TEXT NOT NULL,
    PRIMARY KEY (twin, collection, parent, id)
);
"""
PAGING = (("offset", "limit"), ("startAt", "maxResults"), ("page", "per_page"))


@functools.cache
def generic(name: str, path: str) -> type[OpenAPITwin]:
    """The twin class serving the document at ``path`` under ``/name``."""
    loaded = document.load(path)
    title = (loaded.get("info") or {}).get("title") or name
    return type(
        f"OpenAPITwin[{name}]",
        (OpenAPITwin,),
        {
            "name": name,
            "title": title,
            "document": loaded,
            "source": str(Path(path)),
            "__module__": "darkfactory.twins.openapi",  # the package the kit looks in
        },
    )


def writable(doc: dict, node: Any) -> Any:
    """``node`` as a request sees it: members marked ``readOnly`` are never required of it."""
    if isinstance(node, list):
        return [writable(doc, item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {k: writable(doc, v) for k, v in node.items()}
    properties = node.get("properties")
    if isinstance(properties, dict) and isinstance(node.get("required"), list):
        out["required"] = [
            n
            for n in node["required"]
            if not (resolve(doc, properties.get(n)) or {}).get("readOnly")
        ]
    return out


class OpenAPITwin(Twin):
    """A twin made from ``document``: create, list, read, replace, update and delete on every
    collection its paths describe, with its request schemas checked and its error shapes."""

    document: ClassVar[dict]
    source: ClassVar[str]
    schema = SCHEMA

    @classmethod
    def spec(cls) -> str:
        return f"{PREFIX}{cls.name}={cls.source}"

    def __init__(self, universe) -> None:
        super().__init__(universe)
        self.operations = document.operations(self.document)
        self.requests = writable(self.document, self.document)
        self.usual_error = errors.usual_schema(self.document, self.operations)

    # -- the universe's side --------------------------------------------------------------------
    def routes(self) -> list[BaseRoute]:
        served = []
        for spec in self.operations:
            action = collections.kind(spec)
            if action is None:
                continue
            handler = functools.partial(getattr(self, f"_{action}"), spec)
            endpoint = operation(spec.operation_id)(handler)
            served.append(Route(spec.path, endpoint, methods=[spec.method.upper()]))
        return served

    def credentials(self) -> dict[str, Any]:
        return {"base_url": self.base_url, "document": self.source}

    def render_error(self, request: Request, error: TwinError) -> Response:
        body = error.detail.get("body")
        if body is None:
            body = errors.shaped(self.document, self.usual_error, error.status, error.message)
        return JSONResponse(body, error.status)

    # -- the operations -------------------------------------------------------------------------
    def _create(self, spec: Operation, call: Call) -> Response:
        at = collections.place(spec.path)
        body = self._checked(spec, call)
        db = self.universe.store
        position = db.scalar(
            "SELECT COALESCE(MAX(position), 0) + 1 FROM openapi_items WHERE twin = ?", (self.name,)
        )
        item_id = str(10000 + position)
        stored = {**body, "id": self._typed_id(spec, item_id)}
        db.execute(
            "INSERT INTO openapi_items(twin, collection, parent, id, position, document)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                self.name,
                at.collection,
                at.parent(call.path_params),
                item_id,
                position,
                json.dumps(stored),
            ),
        )
        return self._answer(spec, call, stored, item_id)

    def _list(self, spec: Operation, call: Call) -> Response:
        at = collections.place(spec.path)
        rows = self.universe.store.all(
            "SELECT document FROM openapi_items WHERE twin = ? AND collection = ? AND parent = ?"
            " ORDER BY position",
            (self.name, at.collection, at.parent(call.path_params)),
        )
        items = [json.loads(r["document"]) for r in rows]
        start, size = self._page(spec, call, len(items))
        page = items[start : start + size]
        status, schema = spec.success()
        shape = resolve(self.document, schema) or {}
        if shape.get("type") == "array" or not shape.get("properties"):
            return JSONResponse(page, status)
        listing = next(
            (
                n
                for n, m in shape["properties"].items()
                if (resolve(self.document, m) or {}).get("type") == "array"
            ),
            "items",
        )
        body = {listing: page}
        known = {
            "total": len(items),
            "startAt": start,
            "offset": start,
            "maxResults": size,
            "limit": size,
            "isLast": start + size >= len(items),
        }
        body.update({k: v for k, v in known.items() if k in shape["properties"]})
        return JSONResponse(body, status)

    def _read(self, spec: Operation, call: Call) -> Response:
        item_id, stored = self._item(spec, call)
        return self._answer(spec, call, stored, item_id)

    def _replace(self, spec: Operation, call: Call) -> Response:
        item_id, stored = self._item(spec, call)
        return self._store(spec, call, item_id, {**self._checked(spec, call), "id": stored["id"]})

    def _update(self, spec: Operation, call: Call) -> Response:
        item_id, stored = self._item(spec, call)
        return self._store(
            spec, call, item_id, {**stored, **self._checked(spec, call), "id": stored["id"]}
        )

    def _delete(self, spec: Operation, call: Call) -> Response:
        item_id, _ = self._item(spec, call)
        at = collections.place(spec.path)
        self.universe.store.execute(
            "DELETE FROM openapi_items WHERE twin = ? AND collection = ? AND parent = ? AND id = ?",
            (self.name, at.collection, at.parent(call.path_params), item_id),
        )
        status, schema = spec.success()
        return Response(status_code=status) if schema is None else JSONResponse({}, status)

    # -- helpers --------------------------------------------------------------------------------
    def _fail(self, spec: Operation, status: int, message: str) -> TwinError:
        schema = spec.answers.get(str(status)) or spec.answers.get("default") or self.usual_error
        body = errors.shaped(self.document, schema, status, message)
        return TwinError("error", status, message, body=body)

    def _checked(self, spec: Operation, call: Call) -> dict:
        if spec.body is None:
            return {}
        if not isinstance(call.json, dict):
            raise self._fail(spec, 400, "The request body must be a JSON object.")
        validator = Draft202012Validator(
            {"allOf": [spec.body], "components": self.requests.get("components", {})}
        )
        problem = best_match(validator.iter_errors(call.json))
        if problem is not None:
            where = "/".join(str(p) for p in problem.absolute_path) or "body"
            raise self._fail(spec, 400, f"{where}: {problem.message}")
        return call.json

    def _item(self, spec: Operation, call: Call) -> tuple[str, dict]:
        at: Place = collections.place(spec.path)
        wanted = str(call.path_params[at.key])
        rows = self.universe.store.all(
            "SELECT id, document FROM openapi_items WHERE twin = ? AND collection = ?"
            " AND parent = ?",
            (self.name, at.collection, at.parent(call.path_params)),
        )
        members = collections.lookups(at.key)
        for row in rows:
            stored = json.loads(row["document"])
            if row["id"] == wanted or any(str(stored.get(m)) == wanted for m in members):
                return row["id"], stored
        raise self._fail(spec, 404, f"No resource {wanted} in {at.collection}.")

    def _store(self, spec: Operation, call: Call, item_id: str, stored: dict) -> Response:
        self.universe.store.execute(
            "UPDATE openapi_items SET document = ? WHERE twin = ? AND id = ?",
            (json.dumps(stored), self.name, item_id),
        )
        return self._answer(spec, call, stored, item_id)

    def _typed_id(self, spec: Operation, item_id: str) -> Any:
        _, schema = spec.success()
        member = resolve(
            self.document, (resolve(self.document, schema) or {}).get("properties", {}).get("id")
        )
        kind = (member or {}).get("type")
        return int(item_id) if kind == "integer" or kind == ["integer", "null"] else item_id

    def _answer(self, spec: Operation, call: Call, stored: dict, item_id: str) -> Response:
        status, schema = spec.success()
        if schema is None:
            return Response(status_code=status)
        shape = resolve(self.document, schema) or {}
        properties = shape.get("properties") or {}
        at = collections.place(spec.path)
        link = f"{self.base_url}{at.collection}/{item_id}"
        body = {**stored, "self": link} if "self" in properties else dict(stored)
        if properties and set(properties) & set(body) and not set(stored) <= set(properties):
            body = {k: v for k, v in body.items() if k in properties}
        if "id" in properties:  # typed as this answer's schema says: Jira's ids differ by answer
            body["id"] = self._typed_id(spec, item_id)
        return JSONResponse(body, status)

    def _page(self, spec: Operation, call: Call, total: int) -> tuple[int, int]:
        names = spec.query_names()
        for start_name, size_name in PAGING:
            if size_name in names:
                try:
                    size = max(1, int(call.query.get(size_name, 50)))
                    start = max(
                        0, int(call.query.get(start_name, 0 if start_name != "page" else 1))
                    )
                except ValueError as exc:
                    raise self._fail(
                        spec, 400, f"{size_name} and {start_name} are numbers."
                    ) from exc
                return ((start - 1) * size if start_name == "page" else start), size
        return 0, total
