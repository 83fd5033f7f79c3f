"""Message Batches API: ``/v1/messages/batches`` create, retrieve, list, cancel, delete and the
``.jsonl`` results.

A batch is ``in_progress`` when created and is processed the next time it is read (retrieve,
list, results): each request runs through ``messages.create`` exactly as a live call (and is
recorded as one), becoming a ``succeeded`` or ``errored`` result, or ``expired`` when the universe
clock has passed the batch's ``expires_at`` first. A cancel makes an unprocessed batch
``canceling``; it ends at its next read with its requests ``canceled``.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.anthropic import messages
from darkfactory.twins.anthropic.api import authorize, invalid, new_id, page
from darkfactory.twins.kit import TwinError, operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.llm.batch import creator_headers, run_request

SCHEMA = """
CREATE TABLE IF NOT EXISTS anthropic_batches (
    id TEXT PRIMARY KEY, status TEXT NOT NULL, requests TEXT NOT NULL, results TEXT,
    headers TEXT NOT NULL, created REAL NOT NULL, expires REAL NOT NULL, ended REAL,
    cancel_initiated REAL
);
"""
CUSTOM_ID = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")
MAX_REQUESTS = 100_000
LIFETIME = 24 * 3600.0
COUNTED = ("succeeded", "errored", "canceled", "expired")


def _time(epoch: float | None) -> str | None:
    if epoch is None:
        return None
    return datetime.fromtimestamp(epoch, UTC).isoformat().replace("+00:00", "Z")


def _json(call: Call, row: Any) -> dict[str, Any]:
    counts = dict.fromkeys(("processing", *COUNTED), 0)
    if row["results"] is None:
        counts["processing"] = len(json.loads(row["requests"]))
    else:
        for result in json.loads(row["results"]):
            counts[result["result"]["type"]] += 1
    ended = row["status"] == "ended"
    return {
        "id": row["id"],
        "type": "message_batch",
        "processing_status": row["status"],
        "request_counts": counts,
        "ended_at": _time(row["ended"]),
        "created_at": _time(row["created"]),
        "expires_at": _time(row["expires"]),
        "archived_at": None,
        "cancel_initiated_at": _time(row["cancel_initiated"]),
        "results_url": f"{call.twin.client_url}/v1/messages/batches/{row['id']}/results"
        if ended
        else None,
    }


def _requests(body: Any) -> list[dict[str, Any]]:
    """The batch's ``requests``, each a ``custom_id`` and a ``params`` object; the params are
    checked only when the request runs, as Anthropic does."""
    if not isinstance(body, dict) or "requests" not in body:
        raise invalid("requests: Field required")
    found = body["requests"]
    if not isinstance(found, list) or not found:
        raise invalid("requests: List should have at least 1 item after validation, not 0")
    if len(found) > MAX_REQUESTS:
        raise invalid(f"requests: List should have at most {MAX_REQUESTS} items")
    seen: set[str] = set()
    for index, request in enumerate(found):
        if not isinstance(request, dict):
            raise invalid(f"requests.{index}: Input should be a valid dictionary")
        custom_id = request.get("custom_id")
        if not isinstance(custom_id, str) or not CUSTOM_ID.match(custom_id):
            raise invalid(
                f"requests.{index}.custom_id: String should match pattern '^[a-zA-Z0-9_-]{{1,64}}$'"
            )
        if custom_id in seen:
            raise invalid(
                f"requests.{index}.custom_id: Duplicate custom_id '{custom_id}'; each request in a"
                " batch needs a unique custom_id."
            )
        seen.add(custom_id)
        if not isinstance(request.get("params"), dict):
            raise invalid(f"requests.{index}.params: Field required")
    return [{"custom_id": r["custom_id"], "params": r["params"]} for r in found]


def _row(call: Call, batch_id: str) -> Any:
    row = call.universe.store.one("SELECT * FROM anthropic_batches WHERE id = ?", (batch_id,))
    if row is None:
        raise TwinError("not_found_error", 404, f"message_batch_id: {batch_id} not found")
    return row


def _advance(call: Call, row: Any) -> Any:
    """Process a batch that has not ended: run its requests, or end it canceled or expired."""
    if row["status"] == "ended":
        return row
    now = call.universe.clock.now()
    if row["status"] == "canceling":
        outcome, ended = "canceled", now
    elif now >= row["expires"]:
        outcome, ended = "expired", row["expires"]
    else:
        outcome, ended = None, now
    headers = json.loads(row["headers"])
    results = [
        {"custom_id": r["custom_id"], "result": _result(call, r["params"], headers, outcome)}
        for r in json.loads(row["requests"])
    ]
    call.universe.store.execute(
        "UPDATE anthropic_batches SET status = 'ended', results = ?, ended = ? WHERE id = ?",
        (json.dumps(results), ended, row["id"]),
    )
    return _row(call, row["id"])


def _result(call: Call, params: dict, headers: dict[str, str], outcome: str | None) -> dict:
    if outcome is not None:
        return {"type": outcome}
    if params.get("stream"):
        error = TwinError("invalid_request_error", 400, "stream: Streaming is not supported")
        return {"type": "errored", "error": messages.error_body(error, None)}
    status, body = run_request(call.twin, messages.create_message, "/v1/messages", params, headers)
    if status == 200:
        return {"type": "succeeded", "message": body}
    return {"type": "errored", "error": body}


@operation("messages.batches.create")
def create(call: Call) -> dict:
    authorize(call)
    requests = _requests(call.json)
    now = call.universe.clock.now()
    batch_id = new_id(call, "msgbatch_01")
    call.universe.store.insert(
        "anthropic_batches",
        {
            "id": batch_id,
            "status": "in_progress",
            "requests": json.dumps(requests),
            "headers": json.dumps(creator_headers(call)),
            "created": now,
            "expires": now + LIFETIME,
        },
    )
    return _json(call, _row(call, batch_id))


@operation("messages.batches.retrieve")
def retrieve(call: Call) -> dict:
    authorize(call)
    return _json(call, _advance(call, _row(call, call.path_params["batch_id"])))


@operation("messages.batches.list")
def list_batches(call: Call) -> dict:
    """Batches newest first, paged by ``before_id``/``after_id``/``limit``."""
    authorize(call)
    ids = [
        r["id"]
        for r in call.universe.store.all(
            "SELECT id FROM anthropic_batches ORDER BY created DESC, rowid DESC"
        )
    ]
    chosen, more = page(ids, call.query)
    return {
        "data": [_json(call, _advance(call, _row(call, i))) for i in chosen],
        "has_more": more,
        "first_id": chosen[0] if chosen else None,
        "last_id": chosen[-1] if chosen else None,
    }


@operation("messages.batches.cancel")
def cancel(call: Call) -> dict:
    authorize(call)
    row = _row(call, call.path_params["batch_id"])
    if row["status"] == "ended":
        raise invalid(f"Message Batch {row['id']} has already ended and cannot be canceled.")
    if row["status"] == "in_progress":
        call.universe.store.execute(
            "UPDATE anthropic_batches SET status = 'canceling', cancel_initiated = ? WHERE id = ?",
            (call.universe.clock.now(), row["id"]),
        )
    return _json(call, _row(call, row["id"]))


@operation("messages.batches.delete")
def delete(call: Call) -> dict:
    authorize(call)
    row = _row(call, call.path_params["batch_id"])
    if row["status"] != "ended":
        raise invalid(
            f"Message Batch {row['id']} cannot be deleted while it is {row['status']};"
            " cancel it first and delete it once it has ended."
        )
    call.universe.store.execute("DELETE FROM anthropic_batches WHERE id = ?", (row["id"],))
    return {"id": row["id"], "type": "message_batch_deleted"}


@operation("messages.batches.results")
def results(call: Call) -> Response:
    """The results as JSON Lines, in the order of the batch's requests."""
    authorize(call)
    row = _advance(call, _row(call, call.path_params["batch_id"]))
    lines = "".join(json.dumps(r) + "\n" for r in json.loads(row["results"]))
    return Response(lines, media_type="application/x-jsonl")


def routes() -> list[Route]:
    return [
        Route("/v1/messages/batches", create, methods=["POST"]),
        Route("/v1/messages/batches", list_batches, methods=["GET"]),
        Route("/v1/messages/batches/{batch_id}", retrieve, methods=["GET"]),
        Route("/v1/messages/batches/{batch_id}", delete, methods=["DELETE"]),
        Route("/v1/messages/batches/{batch_id}/cancel", cancel, methods=["POST"]),
        Route("/v1/messages/batches/{batch_id}/results", results, methods=["GET"]),
    ]
