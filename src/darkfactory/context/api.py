"""The context store's HTTP API, shaped after cxdb's ``/v1`` JSON gateway."""

from __future__ import annotations

import hashlib
import json
import time
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from darkfactory.context.events import event_stream
from darkfactory.context.registry import BundleConflict
from darkfactory.context.store import (
    ContextNotFound,
    ContextStore,
    InvalidParent,
    NewTurn,
    Turn,
    TurnNotFound,
)
from darkfactory.context.views import (
    BYTES_RENDERS,
    TYPE_HINT_MODES,
    VIEWS,
    TurnView,
    context_view,
)

BATCH_LIMIT = 1000  # turns in one batched append


class BadRequest(Exception):
    pass


class Unprocessable(Exception):
    """A well-formed request the store cannot take (422)."""


def error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": status, "message": message}}, status)


def _id(value: Any, name: str) -> int:
    try:
        number = int(str(value))
    except ValueError:
        raise BadRequest(f"{name} must be a decimal id, got {value!r}") from None
    if number < 0:
        raise BadRequest(f"{name} must not be negative")
    return number


async def _body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    try:
        body = json.loads(raw) if raw else {}
    except ValueError as exc:
        raise BadRequest(f"body is not JSON: {exc}") from None
    if not isinstance(body, dict):
        raise BadRequest("body must be a JSON object")
    return body


def _version() -> str:
    try:
        return version("darkfactory")
    except PackageNotFoundError:
        return "0"


VERSION = _version()


def new_turn(body: Any) -> NewTurn:
    """A turn to append from an append request's body (cxdb's ``append`` shape)."""
    if not isinstance(body, dict):
        raise Unprocessable("a turn to append must be a JSON object")
    for field in ("type_id", "type_version", "data"):
        if field not in body:
            raise Unprocessable(f"'{field}' is required")
    parent = body.get("parent_turn_id")
    return NewTurn(
        str(body["type_id"]),
        _id(body["type_version"], "type_version"),
        body["data"],
        None if parent is None else _id(parent, "parent_turn_id"),
        body.get("idempotency_key"),
    )


def turn_view(query) -> TurnView:
    """The view a turns request asks for, its options checked as cxdb's server checks them."""

    def choice(name: str, allowed: tuple[str, ...]) -> str:
        value = query.get(name, allowed[0])
        if value not in allowed:
            raise BadRequest(f"{name} must be one of {', '.join(allowed)}, got {value!r}")
        return value

    mode = choice("type_hint_mode", TYPE_HINT_MODES)
    as_type = None
    if mode == "explicit":
        if not query.get("as_type_id") or not query.get("as_type_version"):
            raise Unprocessable("as_type_id and as_type_version are required in explicit mode")
        as_type = (query["as_type_id"], _id(query["as_type_version"], "as_type_version"))
    return TurnView(choice("view", VIEWS), mode, as_type, choice("bytes_render", BYTES_RENDERS))


def appended(context_id: int, turn: Turn) -> dict[str, Any]:
    """What an append to ``context_id`` answers for one turn."""
    return {
        "context_id": str(context_id),
        "turn_id": str(turn.turn_id),
        "depth": turn.depth,
        "content_hash": turn.content_hash,
    }


def build_app(store: ContextStore) -> Starlette:
    started = time.monotonic()

    async def list_contexts(request: Request) -> Response:
        q = request.query_params
        limit = min(_id(q.get("limit", 100), "limit"), 1000)
        offset = _id(q.get("offset", 0), "offset")
        found, total = store.contexts(limit, offset, q.get("tag"))
        provenance = q.get("include_provenance") == "1"
        shown = [context_view(c, store.metadata(c.context_id), provenance) for c in found]
        tags = sorted({c["client_tag"] for c in shown if "client_tag" in c})
        return JSONResponse(
            {
                "contexts": shown,
                "count": len(shown),
                "total": total,
                "active_sessions": [],
                "active_tags": tags,
            }
        )

    async def create(request: Request) -> Response:
        body = await _body(request)
        context = store.create_context(_id(body.get("base_turn_id", 0), "base_turn_id"))
        return JSONResponse(context.as_dict(), 201)

    async def context(request: Request) -> Response:
        found = store.context(_id(request.path_params["cid"], "context_id"))
        return JSONResponse(context_view(found, store.metadata(found.context_id)))

    async def provenance(request: Request) -> Response:
        found = store.context(_id(request.path_params["cid"], "context_id"))
        meta = store.metadata(found.context_id).get("provenance")
        return JSONResponse(
            {
                "context_id": str(found.context_id),
                "provenance": meta if isinstance(meta, dict) else None,
            }
        )

    async def turns(request: Request) -> Response:
        cid = _id(request.path_params["cid"], "context_id")
        q = request.query_params
        limit = min(_id(q.get("limit", 64), "limit"), 1000) or 64
        before = _id(q["before_turn_id"], "before_turn_id") if q.get("before_turn_id") else None
        shown = turn_view(q)
        head = store.context(cid)
        page = store.turns(cid, limit, before)
        latest = {t["type_id"]: t["latest_version"] for t in store.latest_types()}
        if shown.type_hint_mode == "latest":
            unknown = sorted({t.type_id for t in page} - set(latest))
            if unknown:
                return error(424, f"type descriptor not found for {', '.join(unknown)}")
        with_bytes = shown.view != "typed"
        rendered = [
            shown.render(
                t, store.get_blob(t.content_hash) if with_bytes else b"", latest.get(t.type_id)
            )
            for t in page
        ]
        return JSONResponse(
            {
                "meta": {
                    "context_id": str(cid),
                    "head_turn_id": str(head.head_turn_id),
                    "head_depth": head.head_depth,
                    "registry_bundle_id": store.latest_bundle_id(),
                },
                "turns": rendered,
                "next_before_turn_id": str(page[0].turn_id) if page else None,
            }
        )

    async def append(request: Request) -> Response:
        cid = _id(request.path_params["cid"], "context_id")
        turn = _append(cid, [new_turn(await _body(request))])[0]
        return JSONResponse(appended(cid, turn), 201)

    async def batch_append(request: Request) -> Response:
        cid = _id(request.path_params["cid"], "context_id")
        turns = (await _body(request)).get("turns")
        if not isinstance(turns, list) or not 0 < len(turns) <= BATCH_LIMIT:
            raise Unprocessable(f"'turns' must be a list of 1 to {BATCH_LIMIT} turns to append")
        done = _append(cid, [new_turn(t) for t in turns])
        return JSONResponse(
            {"context_id": str(cid), "turns": [appended(cid, t) for t in done]}, 201
        )

    def _append(cid: int, turns: list[NewTurn]) -> list[Turn]:
        try:
            return store.append_many(cid, turns)
        except InvalidParent:
            raise
        except ValueError as exc:
            raise Unprocessable(str(exc)) from None

    async def turn(request: Request) -> Response:
        found = store.turn(_id(request.path_params["tid"], "turn_id"))
        return JSONResponse(
            {**found.as_dict(), "children": [str(c.turn_id) for c in store.children(found.turn_id)]}
        )

    async def blob(request: Request) -> Response:
        try:
            raw = store.get_blob(request.path_params["hash"])
        except KeyError:
            return error(404, "no such blob")
        return Response(raw, media_type="application/octet-stream")

    async def healthz(request: Request) -> Response:
        return PlainTextResponse("ok")

    async def stats(request: Request) -> Response:
        return JSONResponse(store.stats())

    async def events(request: Request) -> Response:
        return event_stream(store)

    async def renderers(request: Request) -> Response:
        return JSONResponse({"renderers": store.renderers()})

    async def health(request: Request) -> Response:
        uptime = int(time.monotonic() - started)
        return JSONResponse({"status": "ok", "version": VERSION, "uptime_seconds": uptime})

    async def put_bundle(request: Request) -> Response:
        try:
            body = await _body(request)
        except BadRequest as exc:
            return error(422, f"malformed bundle: {exc}")
        bundle_id = request.path_params["bundle_id"]
        if body.setdefault("bundle_id", bundle_id) != bundle_id:
            return error(422, "the body's bundle_id differs from the one in the path")
        try:
            created = store.publish_bundle(body)
        except BundleConflict as exc:
            return error(409, str(exc))
        except ValueError as exc:
            return error(422, str(exc))
        if not created:
            return Response(status_code=204)
        return JSONResponse({"bundle_id": bundle_id}, 201)

    async def get_bundle(request: Request) -> Response:
        bundle = store.bundle(request.path_params["bundle_id"])
        if bundle is None:
            return error(404, f"bundle {request.path_params['bundle_id']} not found")
        etag = (
            '"' + hashlib.sha256(json.dumps(bundle, sort_keys=True).encode()).hexdigest()[:16] + '"'
        )
        if request.headers.get("if-none-match") == etag:
            return Response(status_code=304, headers={"ETag": etag})
        headers = {"ETag": etag, "Cache-Control": "public, max-age=31536000"}
        return JSONResponse(bundle, headers=headers)

    async def list_types(request: Request) -> Response:
        return JSONResponse({"types": store.latest_types()})

    async def type_version(request: Request) -> Response:
        type_id = request.path_params["type_id"]
        number = _id(request.path_params["version"], "type_version")
        descriptor = store.type_descriptor(type_id, number)
        if descriptor is None:
            return error(404, f"type {type_id} version {number} not found")
        return JSONResponse(descriptor)

    async def not_found(request: Request, exc: Exception) -> Response:
        return error(
            404, f"{type(exc).__name__.replace('NotFound', '').lower()} {exc.args[0]} not found"
        )

    async def bad_request(request: Request, exc: Exception) -> Response:
        return error(400, str(exc))

    async def conflict(request: Request, exc: Exception) -> Response:
        return error(409, str(exc))

    async def unprocessable(request: Request, exc: Exception) -> Response:
        return error(422, str(exc))

    return Starlette(
        routes=[
            Route("/v1/contexts", list_contexts, methods=["GET"]),
            Route("/v1/contexts/create", create, methods=["POST"]),
            Route("/v1/contexts/fork", create, methods=["POST"]),
            Route("/v1/contexts/{cid}", context, methods=["GET"]),
            Route("/v1/contexts/{cid}/provenance", provenance, methods=["GET"]),
            Route("/v1/contexts/{cid}/turns", turns, methods=["GET"]),
            Route("/v1/contexts/{cid}/append", append, methods=["POST"]),
            Route("/v1/contexts/{cid}/batch_append", batch_append, methods=["POST"]),
            Route("/v1/turns/{tid}", turn, methods=["GET"]),
            Route("/v1/blobs/{hash}", blob, methods=["GET"]),
            Route("/health", health, methods=["GET"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/v1/stats", stats, methods=["GET"]),
            Route("/v1/events", events, methods=["GET"]),
            Route("/v1/registry/renderers", renderers, methods=["GET"]),
            Route("/v1/registry/bundles/{bundle_id:path}", put_bundle, methods=["PUT"]),
            Route("/v1/registry/bundles/{bundle_id:path}", get_bundle, methods=["GET"]),
            Route("/v1/registry/types", list_types, methods=["GET"]),
            Route("/v1/registry/types/{type_id}/versions/{version}", type_version, methods=["GET"]),
        ],
        exception_handlers={
            ContextNotFound: not_found,
            TurnNotFound: not_found,
            BadRequest: bad_request,
            InvalidParent: conflict,
            Unprocessable: unprocessable,
        },
    )
