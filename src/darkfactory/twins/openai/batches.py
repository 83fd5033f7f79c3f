"""Batch API: ``POST /v1/batches`` over an uploaded ``.jsonl`` file, ``GET /v1/batches[/{id}]``
and ``POST /v1/batches/{id}/cancel``.

A batch is ``validating`` when created and moves one stage each time it is read (retrieve,
list): validation either fails it with ``errors`` (per line: bad JSON, missing fields, a method
or URL other than the batch's, duplicate ``custom_id``, mixed models, an empty file) or makes it
``in_progress``; the next read runs every request through the endpoint's live operation (each
recorded as a live call) and completes it with an output file (2xx answers) and an error file
(the others) in OpenAI's batch output line format. A cancel makes it ``cancelling`` and its next
read ``cancelled``; a batch read after its ``expires_at`` on the universe clock is ``expired``.
Requests a cancelled or expired batch never ran go to its error file, as OpenAI writes them.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.routing import Route

from darkfactory.twins.kit import TwinError, operation
from darkfactory.twins.kit.ids import HEX
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.llm.batch import creator_headers, run_request
from darkfactory.twins.llm.wire import json_object
from darkfactory.twins.openai import chat, embeddings, responses
from darkfactory.twins.openai.api import (
    authorize,
    cursor_page,
    error_body,
    invalid,
    missing,
    new_id,
)
from darkfactory.twins.openai.files import file_row, store_file

SCHEMA = """
CREATE TABLE IF NOT EXISTS openai_batches (
    id TEXT PRIMARY KEY, batch TEXT NOT NULL, input TEXT NOT NULL, requests TEXT,
    headers TEXT NOT NULL
);
"""
ENDPOINTS = {
    "/v1/responses": responses.create_response,
    "/v1/chat/completions": chat.create_chat_completion,
    "/v1/embeddings": embeddings.create_embedding,
}
WINDOW = {"24h": 24 * 3600}
FINAL = ("completed", "failed", "expired", "cancelled")
UNRUN = {
    "cancelled": (
        "batch_cancelled",
        "This request was not executed because the batch was cancelled.",
    ),
    "expired": (
        "batch_expired",
        "This request could not be executed before the completion window expired.",
    ),
}
REQUIRED = ("custom_id", "method", "url", "body")


# -- storage -------------------------------------------------------------------------------------
def _load(call: Call, batch_id: str) -> tuple[dict[str, Any], Any]:
    row = call.universe.store.one("SELECT * FROM openai_batches WHERE id = ?", (batch_id,))
    if row is None:
        raise TwinError("not_found", 404, f"No batch found with id '{batch_id}'.", param="id")
    return json.loads(row["batch"]), row


def _save(call: Call, batch: dict[str, Any], requests: list[dict] | None = None) -> dict:
    sql = "UPDATE openai_batches SET batch = ?" + (", requests = ?" if requests else "")
    params = [json.dumps(batch), *([json.dumps(requests)] if requests else []), batch["id"]]
    call.universe.store.execute(sql + " WHERE id = ?", params)
    return batch


def _advanced(call: Call, batch_id: str) -> dict[str, Any]:
    """The batch after one stage of work, if it has work left."""
    batch, row = _load(call, batch_id)
    if batch["status"] in FINAL:
        return batch
    now = int(call.universe.clock.now())
    requests = json.loads(row["requests"]) if row["requests"] else []
    if batch["status"] == "cancelling":
        return _end(call, batch, requests, "cancelled", now)
    if now >= batch["expires_at"]:
        return _end(call, batch, requests, "expired", now)
    if batch["status"] == "validating":
        return _validate(call, batch, row["input"], now)
    return _run(call, batch, requests, json.loads(row["headers"]), now)


# -- stages --------------------------------------------------------------------------------------
def _validate(call: Call, batch: dict[str, Any], text: str, now: int) -> dict[str, Any]:
    requests, errors = _read_lines(text, batch["endpoint"])
    if errors:
        batch.update(status="failed", failed_at=now, errors={"object": "list", "data": errors})
        return _save(call, batch)
    batch.update(status="in_progress", in_progress_at=now, model=requests[0]["body"].get("model"))
    batch["request_counts"]["total"] = len(requests)
    return _save(call, batch, requests)


def _read_lines(text: str, endpoint: str) -> tuple[list[dict], list[dict]]:
    """The requests of an input file, or what is wrong with its lines."""
    requests: list[dict] = []
    errors: list[dict] = []
    seen: set[str] = set()

    def wrong(line: int, code: str, message: str, param: str | None = None) -> None:
        errors.append({"code": code, "line": line, "message": message, "param": param})

    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            request = json.loads(line)
        except ValueError:
            request = None
        if not isinstance(request, dict):
            wrong(number, "invalid_json_line", "This line is not parseable as valid JSON.")
            continue
        absent = [f for f in REQUIRED if f not in request]
        if absent:
            wrong(
                number,
                "missing_required_parameter",
                f"Missing required parameter: '{absent[0]}'.",
                absent[0],
            )
        elif request["method"] != "POST":
            wrong(number, "invalid_method", "Only the POST method is supported.", "method")
        elif request["url"] != endpoint:
            wrong(
                number,
                "invalid_url",
                "The URL provided for this request does not prefix-match the batch endpoint.",
                "url",
            )
        elif request["custom_id"] in seen:
            wrong(
                number,
                "duplicate_custom_id",
                "The custom_id for this request is a duplicate of another request. The custom_id"
                " parameter must be unique for each request in a batch.",
                "custom_id",
            )
        elif not isinstance(request["body"], dict):
            wrong(number, "invalid_request", "The request body must be a JSON object.", "body")
        elif requests and request["body"].get("model") != requests[0]["body"].get("model"):
            wrong(
                number,
                "mismatched_model",
                "All requests in a batch must use the same model; this request's model differs"
                " from the first request's.",
                "body.model",
            )
        else:
            seen.add(request["custom_id"])
            requests.append({"custom_id": request["custom_id"], "body": request["body"]})
    if not requests and not errors:
        wrong(
            None,
            "empty_file",
            "The batch input file is empty. Please ensure that the batch contains at least one"
            " request.",
        )
    return requests, errors


def _run(
    call: Call, batch: dict[str, Any], requests: list[dict], headers: dict[str, str], now: int
) -> dict[str, Any]:
    output: list[dict] = []
    failed: list[dict] = []
    for request in requests:
        status, body = _answer(call, batch["endpoint"], request["body"], headers)
        line = _line(
            call, request, {"status_code": status, "request_id": _request_id(call), "body": body}
        )
        (output if status < 300 else failed).append(line)
    batch["request_counts"].update(completed=len(output), failed=len(failed))
    batch["usage"] = usage([line["response"]["body"] for line in output])
    batch.update(status="completed", finalizing_at=now, completed_at=now)
    _attach(call, batch, output, failed)
    return _save(call, batch)


def usage(bodies: list[Any]) -> dict[str, Any]:
    """The batch's token usage: the sum over its answers' ``usage`` (Responses, Chat or
    Embeddings names)."""
    spent = dict.fromkeys(("input", "output", "cached", "reasoning"), 0)
    for body in bodies:
        used = body.get("usage") or {}
        spent["input"] += used.get("input_tokens", used.get("prompt_tokens", 0))
        spent["output"] += used.get("output_tokens", used.get("completion_tokens", 0))
        inputs = used.get("input_tokens_details") or used.get("prompt_tokens_details") or {}
        outputs = used.get("output_tokens_details") or used.get("completion_tokens_details") or {}
        spent["cached"] += inputs.get("cached_tokens", 0)
        spent["reasoning"] += outputs.get("reasoning_tokens", 0)
    return {
        "input_tokens": spent["input"],
        "input_tokens_details": {"cached_tokens": spent["cached"]},
        "output_tokens": spent["output"],
        "output_tokens_details": {"reasoning_tokens": spent["reasoning"]},
        "total_tokens": spent["input"] + spent["output"],
    }


def _answer(call: Call, endpoint: str, body: dict, headers: dict[str, str]) -> tuple[int, Any]:
    if body.get("stream"):
        return 400, error_body(invalid("Streaming is not supported in a batch.", "stream"))
    return run_request(call.twin, ENDPOINTS[endpoint], endpoint, body, headers)


def _end(
    call: Call, batch: dict[str, Any], requests: list[dict], status: str, now: int
) -> dict[str, Any]:
    code, message = UNRUN[status]
    batch.update({"status": status, f"{status}_at": now})
    _attach(
        call,
        batch,
        [],
        [_line(call, r, None, {"code": code, "message": message}) for r in requests],
    )
    return _save(call, batch)


def _line(call: Call, request: dict, response: dict | None, error: dict | None = None) -> dict:
    """One line of an output or error file."""
    return {
        "id": new_id(call, "batch_req_", 32),
        "custom_id": request["custom_id"],
        "response": response,
        "error": error,
    }


def _request_id(call: Call) -> str:
    return "req_" + call.universe.ids.token("openai.batch.request", 32, HEX)


def _attach(call: Call, batch: dict[str, Any], output: list[dict], failed: list[dict]) -> None:
    """Store the output and error files (each only when it has lines) on the batch."""
    for lines, kind in ((output, "output"), (failed, "error")):
        if lines:
            text = "".join(json.dumps(line) + "\n" for line in lines)
            stored = store_file(call, f"{batch['id']}_{kind}.jsonl", "batch_output", text.encode())
            batch[f"{kind}_file_id"] = stored["id"]


# -- operations ----------------------------------------------------------------------------------
@operation("batches.create")
def create(call: Call) -> dict:
    authorize(call)
    body = json_object(call, invalid("We could not parse the JSON body of your request."))
    for required in ("input_file_id", "endpoint", "completion_window"):
        if body.get(required) is None:
            raise missing(required)
    endpoint, window = body["endpoint"], body["completion_window"]
    if endpoint not in ENDPOINTS:
        raise invalid(
            f"Invalid value for 'endpoint': '{endpoint}'. Supported values are: "
            + ", ".join(f"'{e}'" for e in ENDPOINTS)
            + ".",
            "endpoint",
            "invalid_value",
        )
    if window not in WINDOW:
        raise invalid(
            f"Invalid value for 'completion_window': '{window}'. Supported values are: '24h'.",
            "completion_window",
            "invalid_value",
        )
    source = file_row(call, str(body["input_file_id"]), "input_file_id")
    if source["purpose"] != "batch":
        raise invalid(
            f"The input file's purpose must be 'batch', not '{source['purpose']}'.",
            "input_file_id",
        )
    now = int(call.universe.clock.now())
    batch = {
        "id": new_id(call, "batch_", 32),
        "object": "batch",
        "endpoint": endpoint,
        "model": None,
        "errors": None,
        "input_file_id": source["id"],
        "completion_window": window,
        "status": "validating",
        "output_file_id": None,
        "error_file_id": None,
        "created_at": now,
        "in_progress_at": None,
        "expires_at": now + WINDOW[window],
        "finalizing_at": None,
        "completed_at": None,
        "failed_at": None,
        "expired_at": None,
        "cancelling_at": None,
        "cancelled_at": None,
        "request_counts": {"total": 0, "completed": 0, "failed": 0},
        "metadata": body.get("metadata"),
        "usage": usage([]),
    }
    call.universe.store.insert(
        "openai_batches",
        {
            "id": batch["id"],
            "batch": json.dumps(batch),
            "input": bytes(source["content"]).decode("utf-8", errors="replace"),
            "headers": json.dumps(creator_headers(call)),
        },
    )
    return batch


@operation("batches.retrieve")
def retrieve(call: Call) -> dict:
    authorize(call)
    return _advanced(call, call.path_params["batch_id"])


@operation("batches.list")
def list_batches(call: Call) -> dict:
    """Batches newest first, paged by ``after`` and ``limit``."""
    authorize(call)
    rows = call.universe.store.all("SELECT batch FROM openai_batches ORDER BY rowid DESC")
    page = cursor_page([json.loads(r["batch"]) for r in rows], call.query)
    page["data"] = [_advanced(call, b["id"]) for b in page["data"]]
    return page


@operation("batches.cancel")
def cancel(call: Call) -> dict:
    authorize(call)
    batch, _ = _load(call, call.path_params["batch_id"])
    if batch["status"] in FINAL:
        raise TwinError("conflict", 409, f"Cannot cancel a batch with status '{batch['status']}'.")
    if batch["status"] != "cancelling":
        batch.update(status="cancelling", cancelling_at=int(call.universe.clock.now()))
        _save(call, batch)
    return batch


def routes() -> list[Route]:
    return [
        Route("/v1/batches", create, methods=["POST"]),
        Route("/v1/batches", list_batches, methods=["GET"]),
        Route("/v1/batches/{batch_id}", retrieve, methods=["GET"]),
        Route("/v1/batches/{batch_id}/cancel", cancel, methods=["POST"]),
    ]
