"""slack_sdk calls per second against the Slack twin, and against a bare ASGI endpoint.

The baseline is the same WebClient calling a minimal Starlette route that returns the twin's
answer, canned, with its headers, served by the same uvicorn setup in the same run. The ratio is
what the twin (auth, scopes, faults, journal, SQLite state) costs on top of the HTTP round trip
itself.
"""

from __future__ import annotations

import orjson
from slack_sdk import WebClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from throughput import compare, replayed

from darkfactory.twins.kit.server import UniverseServer, serve_app
from darkfactory.twins.kit.universe import Universe

CALLS = 2000
HISTORY_LIMIT = 20


def bare_server(canned: dict[str, tuple[bytes, dict]]) -> tuple[str, object]:
    async def method(request: Request) -> Response:
        await request.body()
        return replayed(*canned[request.path_params["method"]])

    base, server = serve_app(
        Starlette(routes=[Route("/api/{method}", method, methods=["POST", "GET"])])
    )
    return f"{base}/api/", server


def main() -> None:
    with UniverseServer(Universe(seed=1)) as twin:
        creds = twin.universe.credentials()["slack"]
        client = WebClient(token=creds["bot_token"], base_url=creds["api_url"])
        channel = next(c["id"] for c in client.conversations_list()["channels"] if c["is_general"])
        # The canned history is a full page, as the twin's are once the benchmark's posts begin.
        for _ in range(HISTORY_LIMIT):
            posted = client.chat_postMessage(channel=channel, text="benchmark")
        page = client.conversations_history(channel=channel, limit=HISTORY_LIMIT)
        canned = {
            "chat.postMessage": (orjson.dumps(posted.data), posted.headers),
            "conversations.history": (orjson.dumps(page.data), page.headers),
        }
        bare_url, bare = bare_server(canned)
        bare_client = WebClient(token=creds["bot_token"], base_url=bare_url)
        calls = {
            "chat.postMessage": lambda c: c.chat_postMessage(channel=channel, text="benchmark"),
            "conversations.history": lambda c: c.conversations_history(
                channel=channel, limit=HISTORY_LIMIT
            ),
        }
        pairs = {
            name: (lambda call=call: call(client), lambda call=call: call(bare_client))
            for name, call in calls.items()
        }
        compare("method", pairs, CALLS)
        bare.should_exit = True


if __name__ == "__main__":
    main()
