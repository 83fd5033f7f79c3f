"""Stored responses (``store`` defaults to true): ``previous_response_id`` chaining,
``GET``/``DELETE /v1/responses/{id}`` and ``GET /v1/responses/{id}/input_items``.

A stored response keeps its input items (those of the responses it continues first) with ids
given as OpenAI gives them, so a chained request sees the whole conversation.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.routing import Route

from darkfactory.twins.kit import TwinError, operation, stored_json
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.openai.api import authorize, cursor_page, invalid, new_id

SCHEMA = """
CREATE TABLE IF NOT EXISTS openai_responses (
    id TEXT PRIMARY KEY, response TEXT NOT NULL, input TEXT NOT NULL
);
"""
ID_PREFIXES = {"message": "msg_", "function_call": "fc_", "function_call_output": "fco_"}


def _row(call: Call, response_id: str, param: str | None = None) -> Any:
    row = call.universe.store.one("SELECT * FROM openai_responses WHERE id = ?", (response_id,))
    if row is None and param:
        raise invalid(
            f"Previous response with id '{response_id}' not found.",
            param,
            "previous_response_not_found",
        )
    if row is None:
        raise TwinError("not_found", 404, f"Response with id '{response_id}' not found.")
    return row


def conversation(call: Call, items: list[Any]) -> list[Any]:
    """``items`` preceded by the stored input and output of ``previous_response_id``, if any:
    those are read once per request (the request's state keeps them for the answer to store)."""
    previous = call.json.get("previous_response_id")
    if not previous:
        return items
    earlier = getattr(call.request.state, "previous_items", None)
    if earlier is None:
        row = _row(call, str(previous), "previous_response_id")
        earlier = [*json.loads(row["input"]), *json.loads(row["response"])["output"]]
        call.request.state.previous_items = earlier
    return [*earlier, *items]


def store(call: Call, items: list[Any], response: dict[str, Any]) -> None:
    """Keep ``response`` and the whole conversation it answered (items given ids) unless
    ``store`` is false."""
    if call.json.get("store", True) is False:
        return
    kept = [_with_id(call, item) for item in items]
    call.universe.store.execute(
        "INSERT INTO openai_responses(id, response, input) VALUES (?, ?, ?)",
        (response["id"], stored_json.dumps(response), json.dumps(kept)),
    )


def _with_id(call: Call, item: Any) -> Any:
    if not isinstance(item, dict) or item.get("id"):
        return item
    kind = item.get("type", "message")
    item = {"id": new_id(call, ID_PREFIXES.get(kind, "item_")), "type": kind, **item}
    if kind == "message" and isinstance(item.get("content"), str):
        part = "output_text" if item.get("role") == "assistant" else "input_text"
        item["content"] = [{"type": part, "text": item["content"]}]
    return item


@operation("responses.retrieve")
def retrieve(call: Call) -> dict:
    authorize(call)
    return json.loads(_row(call, call.path_params["response_id"])["response"])


@operation("responses.delete")
def delete(call: Call) -> dict:
    authorize(call)
    response_id = _row(call, call.path_params["response_id"])["id"]
    call.universe.store.execute("DELETE FROM openai_responses WHERE id = ?", (response_id,))
    return {"id": response_id, "object": "response", "deleted": True}


@operation("responses.input_items.list")
def list_input_items(call: Call) -> dict:
    authorize(call)
    items = json.loads(_row(call, call.path_params["response_id"])["input"])
    if call.query.get("order", "desc") == "desc":
        items.reverse()
    return cursor_page(items, call.query)


def routes() -> list[Route]:
    return [
        Route("/v1/responses/{response_id}", retrieve, methods=["GET"]),
        Route("/v1/responses/{response_id}", delete, methods=["DELETE"]),
        Route("/v1/responses/{response_id}/input_items", list_input_items, methods=["GET"]),
    ]
