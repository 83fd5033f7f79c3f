"""Serving a universe with uvicorn: in the foreground for the CLI, or on a thread for tests."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Callable

import uvicorn

from darkfactory.twins.kit.app import build_app
from darkfactory.twins.kit.universe import Universe

# h11 sends header names as the app spells them, as the vendors' servers do
# (``X-Rate-Limit-Limit``); uvicorn's httptools protocol, chosen by default wherever httptools is
# installed, lowercases them, and an SDK that reads its headers from a plain dict misses them.
HTTP = "h11"
WS_PING_SECONDS = 20.0  # uvicorn's default, read from the universe setting universe.ws_ping_seconds


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def _config(universe: Universe, host: str, port: int, log_level: str) -> uvicorn.Config:
    universe.url = f"http://{host}:{port}"
    return uvicorn.Config(
        build_app(universe),
        host=host,
        port=port,
        log_level=log_level,
        access_log=False,
        date_header=False,
        lifespan="off",
        http=HTTP,
        timeout_graceful_shutdown=1,
        # WebSocket connections (Slack's Socket Mode) are pinged as the vendors' servers ping.
        ws_ping_interval=float(universe.store.setting("universe.ws_ping_seconds", WS_PING_SECONDS)),
    )


def serve(
    universe: Universe, host: str = "127.0.0.1", port: int = 8000, log_level: str = "warning"
) -> None:
    """Serve until interrupted."""
    uvicorn.Server(_config(universe, host, port, log_level)).run()


class UniverseServer:
    """A universe served from a background thread: ``with UniverseServer(u) as s: s.url``."""

    def __init__(self, universe: Universe, host: str = "127.0.0.1", port: int = 0) -> None:
        self.universe = universe
        self.host = host
        self.port = port or free_port(host)
        self._server = uvicorn.Server(_config(universe, host, self.port, "warning"))
        self._thread = threading.Thread(target=self._run, name=f"universe:{self.port}", daemon=True)
        self.loop: asyncio.AbstractEventLoop | None = None

    @property
    def url(self) -> str:
        return self.universe.url

    def _run(self) -> None:
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)
        try:
            self.loop.run_until_complete(self._server.serve())
        finally:
            # Tasks that outlive the server (sse-starlette's shutdown watcher) end with it.
            left = asyncio.all_tasks(self.loop)
            for task in left:
                task.cancel()
            self.loop.run_until_complete(asyncio.gather(*left, return_exceptions=True))
            self.loop.close()

    def start(self) -> UniverseServer:
        self._thread.start()
        while not self._server.started:
            if not self._thread.is_alive():
                raise RuntimeError(f"universe server failed to start on port {self.port}")
            self._thread.join(0.01)
        return self

    def call(self, fn, *args):
        """Run ``fn(*args)`` on the server's loop thread (where the store lives) and return it."""

        async def wrapped():
            return fn(*args)

        return asyncio.run_coroutine_threadsafe(wrapped(), self.loop).result()

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(5)

    def stop_in_background(self, then: Callable[[], None] | None = None) -> None:
        """Stop without waiting for the server to wind down (uvicorn notices within a tick),
        then call ``then`` (to close the universe, say) once it has."""

        def stop() -> None:
            self.stop()
            if then is not None:
                then()

        threading.Thread(target=stop, name=f"stopping:{self.port}", daemon=True).start()

    def __enter__(self) -> UniverseServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def serve_app(app, host: str = "127.0.0.1") -> tuple[str, uvicorn.Server]:
    """Serve any ASGI app (a test's webhook receiver, a baseline endpoint) on a free port from
    a daemon thread; returns its base URL and the server (set ``should_exit`` to stop it)."""
    port = free_port(host)
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            host=host,
            port=port,
            log_level="warning",
            access_log=False,
            lifespan="off",
            http=HTTP,
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError(f"could not serve on {host}:{port}")
        thread.join(0.01)
    return f"http://{host}:{port}", server
