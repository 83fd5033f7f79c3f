"""Socket Mode: apps that hold a WebSocket open to Slack instead of exposing a request URL.

An app-level token (``xapp-``, scope ``connections:write``) calls ``apps.connections.open`` for a
``ws://`` URL with a single-use ticket. On connecting, the twin sends Slack's ``hello``; then every
envelope that would be POSTed to an HTTP app goes, for an app with Socket Mode enabled, to one of
its open connections in turn: ``events_api``, ``interactive`` and ``slash_commands``. The app acks
each envelope with its ``envelope_id`` and, where the envelope accepts one, a response payload,
which counts exactly as an HTTP response body would. An envelope nobody acks in time is
``Unacked``; the Events API retries it as it retries HTTP deliveries.

As Slack does, the twin refreshes each connection when its time is up: the universe setting
``slack.socket_refresh_seconds`` (Slack's ``approximate_connection_time``, 18060 s unless set)
after the hello, a ``disconnect`` frame with reason ``refresh_requested``, then the close; a
``disconnect`` with reason ``warning`` comes ``slack.socket_warning_seconds`` (10 s) before it,
and from then on envelopes go to the app's other connections, if it has any. The server pings
every connection with WebSocket ping frames, as Slack does, every ``universe.ws_ping_seconds``
(20 s unless set; read when the universe's server starts).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import TYPE_CHECKING, Any

from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from darkfactory.twins.kit.ids import HEX
from darkfactory.twins.slack.state import SlackState

if TYPE_CHECKING:
    from darkfactory.twins.kit.universe import Universe
    from darkfactory.twins.slack import SlackTwin

TICKET_SECONDS = 30
LINK_PATH = "/socket-mode/link"
REFRESH_SECONDS = 18060
WARNING_SECONDS = 10
DEBUG_INFO = {"host": "applink-twin", "build_number": 1}


class Unacked(Exception):
    """An envelope no connection acked: ``reason`` is ``timeout`` or ``connection_failed``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def uuid_like(universe: Universe, kind: str) -> str:
    """A deterministic id shaped like the UUIDs Slack uses for envelopes and tickets."""
    raw = universe.ids.token(kind, 32, HEX)
    return f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"


def new_ticket(state: SlackState, app_id: str) -> str:
    """A connection URL for ``app_id``, good for one connection within ``TICKET_SECONDS``."""
    ticket = uuid_like(state.universe, "slack.socket-ticket")
    state.db.insert(
        "slack_socket_tickets",
        {"ticket": ticket, "app_id": app_id, "expires": state.now() + TICKET_SECONDS},
    )
    base = "ws" + state.universe.url.removeprefix("http")
    return f"{base}/slack{LINK_PATH}?ticket={ticket}&app_id={app_id}"


def claim_ticket(state: SlackState, ticket: str | None) -> str | None:
    """The app a live ticket was issued to, using the ticket up; None for any other ticket."""
    with state.db.transaction():
        row = state.db.one("SELECT * FROM slack_socket_tickets WHERE ticket = ?", (ticket,))
        if row is None:
            return None
        state.db.execute("DELETE FROM slack_socket_tickets WHERE ticket = ?", (ticket,))
        return row["app_id"] if row["expires"] > state.now() else None


class Sockets:
    """Every app's open connections, and the envelopes sent on them still awaiting an ack."""

    def __init__(self, universe: Universe) -> None:
        self.universe = universe
        self.open: dict[str, list[WebSocket]] = {}
        self.waiting: dict[str, asyncio.Future] = {}
        self.turns: dict[str, int] = {}
        self.warned: set[WebSocket] = set()

    def lifetime(self) -> tuple[float, float]:
        """How long a connection lives, and how long before its end the warning comes."""
        store = self.universe.store
        refresh = float(store.setting("slack.socket_refresh_seconds", REFRESH_SECONDS))
        return refresh, min(
            refresh, float(store.setting("slack.socket_warning_seconds", WARNING_SECONDS))
        )

    async def serve(self, app_id: str, websocket: WebSocket) -> None:
        """Say hello on a new connection, then take the app's acks until it closes or its time
        is up."""
        connections = self.open.setdefault(app_id, [])
        connections.append(websocket)
        refresh = asyncio.create_task(self._refresh(websocket))
        try:
            await websocket.send_text(json.dumps(self.hello(app_id)))
            while True:
                message = await websocket.receive()
                if message["type"] == "websocket.disconnect":
                    return
                self.acked(message.get("text") or "")
        except WebSocketDisconnect:
            return
        finally:
            refresh.cancel()
            self.warned.discard(websocket)
            connections.remove(websocket)

    async def _refresh(self, websocket: WebSocket) -> None:
        """Warn, then ask the app to reconnect and close, when the connection's time is up."""
        refresh, warning = self.lifetime()
        await asyncio.sleep(refresh - warning)
        self.warned.add(websocket)
        await self._disconnect(websocket, "warning")
        await asyncio.sleep(warning)
        await self._disconnect(websocket, "refresh_requested")
        with contextlib.suppress(RuntimeError):
            await websocket.close()

    async def _disconnect(self, websocket: WebSocket, reason: str) -> None:
        frame = {"type": "disconnect", "reason": reason, "debug_info": DEBUG_INFO}
        with contextlib.suppress(RuntimeError, WebSocketDisconnect):
            await websocket.send_text(json.dumps(frame))

    def hello(self, app_id: str) -> dict[str, Any]:
        return {
            "type": "hello",
            "num_connections": len(self.open.get(app_id, [])),
            "debug_info": {**DEBUG_INFO, "approximate_connection_time": int(self.lifetime()[0])},
            "connection_info": {"app_id": app_id},
        }

    def acked(self, text: str) -> None:
        try:
            ack = json.loads(text)
        except ValueError:
            return
        if not isinstance(ack, dict):
            return
        future = self.waiting.get(str(ack.get("envelope_id")))
        if future is not None and not future.done():
            payload = ack.get("payload")
            future.set_result(payload if isinstance(payload, dict) else {})

    def connection(self, app_id: str) -> WebSocket:
        """The app's next connection in turn: Slack spreads envelopes over all of them."""
        connections = [
            c for c in self.open.get(app_id, []) if c.application_state == WebSocketState.CONNECTED
        ]
        if not connections:
            raise Unacked("connection_failed")
        connections = [c for c in connections if c not in self.warned] or connections
        turn = self.turns.get(app_id, 0)
        self.turns[app_id] = turn + 1
        return connections[turn % len(connections)]

    async def exchange(
        self,
        app_id: str,
        kind: str,
        payload: dict[str, Any],
        timeout: float,
        accepts_response_payload: bool = False,
        retry: tuple[int, str] | None = None,
    ) -> dict[str, Any]:
        """Send one envelope and wait ``timeout`` seconds for its ack; returns the ack's response
        payload (empty unless the envelope accepts one). Raises ``Unacked``."""
        websocket = self.connection(app_id)
        with self.universe.store.transaction():
            envelope_id = uuid_like(self.universe, "slack.envelope")
        envelope: dict[str, Any] = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": accepts_response_payload,
        }
        if retry is not None:
            envelope["retry_attempt"], envelope["retry_reason"] = retry
        future = asyncio.get_running_loop().create_future()
        self.waiting[envelope_id] = future
        try:
            await websocket.send_text(json.dumps(envelope))
            answer = await asyncio.wait_for(future, timeout)
        except TimeoutError:
            raise Unacked("timeout") from None
        except (WebSocketDisconnect, RuntimeError):  # the connection closed under the send
            raise Unacked("connection_failed") from None
        finally:
            self.waiting.pop(envelope_id, None)
        return answer if accepts_response_payload else {}


def routes(twin: SlackTwin) -> list[WebSocketRoute]:
    async def link(websocket: WebSocket) -> None:
        app_id = claim_ticket(twin.state, websocket.query_params.get("ticket"))
        if app_id is None:
            await websocket.close()  # before the handshake completes: HTTP 403
            return
        await websocket.accept()
        await twin.sockets.serve(app_id, websocket)

    return [WebSocketRoute(LINK_PATH, link)]
