"""What every twin gives the universe: routes, schema, fixtures, credentials, error dialect."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute

from darkfactory.twins.kit.errors import TwinError
from darkfactory.twins.kit.faults import Fault, Trip

if TYPE_CHECKING:
    from darkfactory.twins.kit.operation import Call
    from darkfactory.twins.kit.universe import Universe

__all__ = ["Fault", "Twin"]


class Twin:
    """Base class of a twin. A subclass lives in ``darkfactory/twins/<name>/__init__.py``.

    The universe mounts ``routes()`` at ``/<name>`` and ``ui_routes()`` at ``/ui/<name>``, runs
    ``schema`` on every open, and calls ``seed()`` once when a store is created or reset.
    """

    name: ClassVar[str]
    title: ClassVar[str]
    schema: ClassVar[str] = ""

    def __init__(self, universe: Universe) -> None:
        self.universe = universe

    @classmethod
    def spec(cls) -> str:
        """How a universe names this twin when it makes a copy of itself (``twin_classes``)."""
        return cls.name

    # -- what the universe asks of a twin -------------------------------------------------------
    def routes(self) -> list[BaseRoute]:
        return []

    def ui_routes(self) -> list[BaseRoute]:
        return []

    def seed(self, options: dict[str, Any]) -> None:
        """Create the twin's fixtures (admin credentials first) in a fresh store."""

    def credentials(self) -> dict[str, Any]:
        """What a client needs to call this twin as its admin: base URL and tokens."""
        return {"base_url": self.base_url}

    # -- the twin's error dialect ---------------------------------------------------------------
    def render_error(self, request: Request, error: TwinError) -> Response:
        return JSONResponse({"error": error.code, "message": error.message}, error.status)

    def invalid_body(self, call: Call, violations: list[str]) -> TwinError:
        """The error for a body whose nesting or types break the operation's vendor schema."""
        return TwinError("invalid_request", 400, "; ".join(violations))

    def route_error(self, method: str, path: str, status: int) -> TwinError:
        """The error for a path no route serves (404) or a method its route does not take
        (405)."""
        if status == 405:
            return TwinError("method_not_allowed", 405, f"{method} is not allowed on {path}")
        return TwinError("not_found", 404, f"no such resource: {method} {path}")

    def internal_error(self) -> TwinError:
        """The error for anything unexpected (an exception escaping a handler); with no message
        of its own, so that a renderer gives its service's standard one."""
        return TwinError("internal_error", 500)

    def render_fault(self, request: Request, trip: Trip) -> Response:
        """Render an injected fault. The default maps it onto ``render_error``."""
        return self.render_error(request, self.fault_error(trip))

    def fails_midway(self, call: Call, trip: Trip) -> bool:
        """Whether ``call``'s handler applies ``trip`` inside its answer rather than the fault
        being answered before the handler runs; never, unless a twin streams answers."""
        return False

    def fault_error(self, trip: Trip) -> TwinError:
        """The TwinError a fault stands for, with the service-neutral defaults."""
        fault = trip.fault
        if fault.kind == "rate_limit":
            return TwinError(
                fault.code or "rate_limited",
                fault.status or 429,
                fault.message or "",
                retry_after=trip.retry_after,
            )
        if fault.kind == "outage":
            return TwinError(
                fault.code or "service_unavailable", fault.status or 503, fault.message or ""
            )
        return TwinError(fault.code or "internal_error", fault.status or 500, fault.message or "")

    # -- conveniences ---------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"{self.universe.url}/{self.name}"

    @property
    def client_url(self) -> str:
        """The base URL an SDK is given (Slack's ``.../slack/api/``); the mount root by default."""
        return self.base_url
