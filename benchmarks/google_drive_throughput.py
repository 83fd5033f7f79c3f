"""googleapiclient Drive calls per second against the Google twin, and against a bare endpoint.

The baseline is the same googleapiclient service calling minimal Starlette routes at the same
paths that return canned answers of the same size, served by the same uvicorn setup in the same
run. The ratio is what the twin (tokens, scopes, roles, fields masks, SQLite state, journal)
costs on top of the HTTP round trip and the client library themselves.
"""

from __future__ import annotations

import json

from googleapiclient.discovery import build_from_document
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from throughput import compare

from darkfactory.twins.google import client, discovery
from darkfactory.twins.kit.server import UniverseServer, serve_app
from darkfactory.twins.kit.universe import Universe

CALLS = 300
FILES = 200


def bare_drive(canned: dict[str, bytes]) -> tuple[str, object]:
    async def answer(request: Request) -> Response:
        await request.body()
        key = f"{request.method} {request.url.path.rsplit('/', 1)[-1] == 'files'}"
        return Response(canned[key], media_type="application/json")

    routes = [
        Route("/google/drive/v3/files", answer, methods=["GET", "POST"]),
        Route("/google/drive/v3/files/{fileId}", answer, methods=["GET"]),
    ]
    base, server = serve_app(Starlette(routes=routes))
    return f"{base}/google/", server


def main() -> None:
    with UniverseServer(Universe(seed=1, twins=["google"])) as twin:
        creds = twin.universe.credentials()["google"]
        alice = client.user(creds, "alice@example.com")
        drive = client.build_service("drive", "v3", alice, creds["root_url"])
        for number in range(FILES):
            drive.files().create(body={"name": f"file {number}"}).execute()
        file_id = drive.files().list(pageSize=1).execute()["files"][0]["id"]
        calls = {
            "files.create": lambda d: d.files().create(body={"name": "benchmark"}).execute(),
            "files.get": lambda d: d.files().get(fileId=file_id, fields="*").execute(),
            "files.list (q, 100)": lambda d: (
                d.files().list(q="name contains 'file' and trashed = false", pageSize=100).execute()
            ),
        }
        canned = {
            "POST True": json.dumps(calls["files.create"](drive)).encode(),
            "GET False": json.dumps(calls["files.get"](drive)).encode(),
            "GET True": json.dumps(calls["files.list (q, 100)"](drive)).encode(),
        }
        bare_root, bare = bare_drive(canned)
        bare_client = build_from_document(
            discovery.pointed_at("drive", "v3", bare_root), credentials=alice
        )
        pairs = {
            name: (lambda call=call: call(drive), lambda call=call: call(bare_client))
            for name, call in calls.items()
        }
        compare("method", pairs, CALLS)
        bare.should_exit = True


if __name__ == "__main__":
    main()
