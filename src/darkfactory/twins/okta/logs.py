"""System Log: ``GET /api/v1/logs`` with ``since``/``until``, ``filter``, ``q``, ``sortOrder``.

Without ``until`` the list is a poll: its ``next`` link always carries the cursor of the last event,
so following it returns only what was logged since (Okta's polling model).
"""

from __future__ import annotations

import json
from datetime import datetime

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import expressions
from darkfactory.twins.okta.api import authorize, event_json, page
from darkfactory.twins.okta.errors import OktaError

DEFAULT_WINDOW = 7 * 24 * 3600


def _instant(call: Call, name: str) -> float | None:
    value = call.query.get(name)
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError as error:
        raise OktaError(
            "E0000001", 400, f"Api validation failed: {name}", [f"{name}: invalid date format"]
        ) from error


@operation("listLogEvents")
def list_log_events(call: Call) -> Response:
    authorize(call, "okta.logs.read")
    until = _instant(call, "until")
    since = _instant(call, "since")
    if since is None:
        since = call.universe.clock.now() - DEFAULT_WINDOW
    sql = "SELECT * FROM okta_logs WHERE published >= ?"
    params: list = [since]
    if until is not None:
        sql += " AND published < ?"
        params.append(until)
    events = [
        event_json(r) for r in call.universe.store.all(sql + " ORDER BY published, rowid", params)
    ]
    if call.query.get("filter"):
        try:
            match = expressions.parse(call.query["filter"])
        except ValueError as error:
            raise OktaError("E0000031", 400, "Invalid search criteria.", [str(error)]) from error
        events = [e for e in events if match(e)]
    for word in call.query.get("q", "").lower().split():
        events = [e for e in events if word in json.dumps(e).lower()]
    if call.query.get("sortOrder", "ASCENDING").upper() == "DESCENDING":
        events.reverse()
    return page(call, events, 100, 1000, key="uuid", polling=until is None)


def routes() -> list[Route]:
    return [Route("/api/v1/logs", list_log_events, methods=["GET"])]
