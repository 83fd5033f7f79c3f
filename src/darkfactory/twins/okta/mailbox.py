"""The twin's sent mail: emails Okta sends (test emails of templates and SMTP servers), readable
at ``GET /okta/_emails`` (admin token) since no mail leaves the universe."""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.kit.operation import TWIN_KEY
from darkfactory.twins.okta.api import timestamp


def send(state, sender: str, to: str, subject: str, html: str, via: str) -> None:
    """Record an email as sent from ``sender`` to ``to`` (``via``: Okta's mailer or a server id)."""
    now = state.now()
    message = {"from": sender, "to": to, "subject": subject, "body": html, "via": via}
    state.db.execute(
        "INSERT INTO okta_resources(kind, id, status, document, created, last_updated)"
        " VALUES ('SentEmail', ?, 'ACTIVE', ?, ?, ?)",
        (state.new_id("eml"), json.dumps(message), now, now),
    )


async def sent(request: Request) -> Response:
    """Every email sent, oldest first; ``?to=`` keeps those to one address."""
    store = request.scope[TWIN_KEY].universe.store
    rows = store.all(
        "SELECT document, created FROM okta_resources WHERE kind = 'SentEmail' ORDER BY rowid"
    )
    wanted = request.query_params.get("to")
    messages = [{**json.loads(r["document"]), "sent": timestamp(r["created"])} for r in rows]
    return JSONResponse([m for m in messages if not wanted or m["to"] == wanted])


def routes() -> list[Route]:
    return [Route("/_emails", sent, methods=["GET"])]
