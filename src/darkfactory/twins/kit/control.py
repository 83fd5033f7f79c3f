"""The control plane under ``/_universe/``: health, credentials, snapshots, faults, journal."""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from pydantic import ValidationError
from sse_starlette.sse import EventSourceResponse
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.kit.faults import parse_faults
from darkfactory.twins.kit.json_body import parse as parse_json

if TYPE_CHECKING:
    from darkfactory.twins.kit.universe import Universe


def problem(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status)


async def json_body(request: Request) -> Any:
    body = await request.body()
    if not body:
        return {}
    try:
        return parse_json(body)
    except ValueError as exc:
        raise BadRequest(f"body is not JSON: {exc}") from exc


class BadRequest(Exception):
    pass


def routes(universe: Universe) -> list[Route]:
    async def health(request: Request) -> Response:
        return JSONResponse(
            {
                "ok": True,
                "url": universe.url,
                "seed": universe.seed,
                "durable": universe.data is not None,
                "clock": universe.clock.state(),
                "twins": {
                    name: {
                        "title": twin.title,
                        "base_url": twin.base_url,
                        "client_url": twin.client_url,
                        "ui": f"{universe.url}/ui/{name}/",
                    }
                    for name, twin in universe.twins.items()
                },
            }
        )

    async def credentials(request: Request) -> Response:
        return JSONResponse(universe.credentials())

    async def reset(request: Request) -> Response:
        universe.reset()
        return JSONResponse({"ok": True})

    async def snapshots(request: Request) -> Response:
        if request.method == "POST":
            return JSONResponse({"id": universe.snapshot()}, 201)
        return JSONResponse({"snapshots": universe.snapshots()})

    async def restore(request: Request) -> Response:
        try:
            universe.restore(request.path_params["snap_id"])
        except KeyError:
            return problem(404, f"no snapshot {request.path_params['snap_id']!r}")
        return JSONResponse({"ok": True})

    async def faults(request: Request) -> Response:
        if request.method == "GET":
            return JSONResponse({"faults": [f.model_dump() for f in universe.faults.all()]})
        if request.method == "DELETE":
            return JSONResponse({"removed": universe.faults.remove()})
        try:
            added = [universe.faults.add(f) for f in parse_faults(await json_body(request))]
        except ValidationError as exc:
            return problem(
                400,
                "invalid fault: "
                + "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()),
            )
        except BadRequest as exc:
            return problem(400, str(exc))
        unknown = [f.twin for f in added if f.twin not in universe.twins and f.twin != "*"]
        if unknown:
            for fault in added:
                universe.faults.remove(fault.id)
            return problem(400, f"unknown twin {unknown[0]!r}; known: {', '.join(universe.twins)}")
        return JSONResponse({"faults": [f.model_dump() for f in added]}, 201)

    async def fault(request: Request) -> Response:
        if universe.faults.remove(request.path_params["fault_id"]):
            return JSONResponse({"ok": True})
        return problem(404, f"no fault {request.path_params['fault_id']!r}")

    async def journal(request: Request) -> Response:
        q = request.query_params
        try:
            since = int(q["since"]) if q.get("since") else None
            limit = min(int(q.get("limit", 1000)), 10_000)
        except ValueError:
            return problem(400, "'since' and 'limit' must be integers")
        entries = universe.journal.query(q.get("twin"), q.get("operation"), since, limit)
        return JSONResponse({"entries": [e.as_dict() for e in entries]})

    async def journal_stream(request: Request) -> Response:
        async def events():
            async for entry in universe.journal.follow():
                yield {"event": "request", "data": json.dumps(entry.as_dict())}

        return EventSourceResponse(events(), ping=15)

    async def forks(request: Request) -> Response:
        """Start an independent universe from a snapshot (or from now) on a free port."""
        from darkfactory.twins.kit.server import UniverseServer

        if request.method == "GET":
            return JSONResponse(
                {
                    "forks": [
                        {"id": key, "url": server.url} for key, server in universe.forks.items()
                    ]
                }
            )
        try:
            body = await json_body(request)
        except BadRequest as exc:
            return problem(400, str(exc))
        snap_id = body.get("snapshot") if isinstance(body, dict) else None
        try:
            child = universe.fork(snap_id)
        except KeyError:
            return problem(404, f"no snapshot {snap_id!r}")
        # The fork listens where its parent does, whatever Host header this request carried.
        server = UniverseServer(child, host=urlsplit(universe.url).hostname or "127.0.0.1")
        await asyncio.to_thread(server.start)
        fork_id = f"fork-{server.port}"
        universe.forks[fork_id] = server
        return JSONResponse({"id": fork_id, "url": server.url}, 201)

    async def fork(request: Request) -> Response:
        server = universe.forks.pop(request.path_params["fork_id"], None)
        if server is None:
            return problem(404, f"no fork {request.path_params['fork_id']!r}")
        await asyncio.to_thread(server.stop)
        server.universe.close()
        return JSONResponse({"ok": True})

    async def clock(request: Request) -> Response:
        if request.method == "POST":
            try:
                body = await json_body(request)
                if not isinstance(body, dict):
                    raise BadRequest("body must be an object")
                if body.get("freeze") is True:
                    universe.clock.freeze(body.get("at"))
                elif body.get("freeze") is False:
                    universe.clock.unfreeze()
                if "advance" in body:
                    universe.clock.advance(float(body["advance"]))
            except (BadRequest, TypeError, ValueError) as exc:
                return problem(400, f"bad clock request: {exc}")
        return JSONResponse(universe.clock.state())

    return [
        Route("/", health, methods=["GET"]),
        Route("/credentials", credentials, methods=["GET"]),
        Route("/reset", reset, methods=["POST"]),
        Route("/snapshots", snapshots, methods=["GET", "POST"]),
        Route("/snapshots/{snap_id}/restore", restore, methods=["POST"]),
        Route("/faults", faults, methods=["GET", "POST", "DELETE"]),
        Route("/faults/{fault_id}", fault, methods=["DELETE"]),
        Route("/journal", journal, methods=["GET"]),
        Route("/journal/stream", journal_stream, methods=["GET"]),
        Route("/clock", clock, methods=["GET", "POST"]),
        Route("/forks", forks, methods=["GET", "POST"]),
        Route("/forks/{fork_id}", fork, methods=["DELETE"]),
    ]
