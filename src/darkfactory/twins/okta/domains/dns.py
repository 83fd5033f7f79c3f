"""The twin's DNS: the records a test publishes (``PUT /okta/_dns``) for Okta to verify domains by.

Okta verifies a domain by looking up the records it asked for; in the universe nothing is on the
public internet, so a record exists when it was published here, under the admin token.
"""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.kit.operation import TWIN_KEY


def resolves(store, fqdn: str, value: str) -> bool:
    """Whether ``fqdn`` has a published record holding ``value``."""
    row = store.one(
        "SELECT document FROM okta_resources WHERE kind = 'DnsRecord' AND id = ?",
        (fqdn.lower().rstrip("."),),
    )
    return row is not None and value in json.loads(row["document"])["values"]


def verified(store, records: list[dict]) -> bool:
    """Whether every record Okta asked for is published."""
    return all(resolves(store, r["fqdn"], r["values"][0]) for r in records)


async def publish(request: Request) -> Response:
    """``PUT /okta/_dns`` with ``{"fqdn": ..., "values": [...]}``: publish (or replace) a record."""
    store = request.scope[TWIN_KEY].universe.store
    try:
        record = await request.json()
        fqdn, values = str(record["fqdn"]).lower().rstrip("."), [str(v) for v in record["values"]]
    except (ValueError, KeyError, TypeError):
        return JSONResponse({"error": "expected {fqdn, values}"}, 400)
    now = request.scope[TWIN_KEY].universe.clock.now()
    with store.transaction():
        store.execute(
            "INSERT OR REPLACE INTO okta_resources(kind, id, status, document, created,"
            " last_updated) VALUES ('DnsRecord', ?, 'ACTIVE', ?, ?, ?)",
            (fqdn, json.dumps({"values": values}), now, now),
        )
    return JSONResponse({"fqdn": fqdn, "values": values})


def routes() -> list[Route]:
    return [Route("/_dns", publish, methods=["PUT"])]
