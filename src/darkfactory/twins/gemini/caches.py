"""Explicit context caching: ``/v1beta/cachedContents`` create, get, list, patch (ttl) and
delete; a generateContent request naming ``cachedContent`` continues the cached contents, and
its usage reports their tokens as ``cachedContentTokenCount``."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

from starlette.routing import Route

from darkfactory.twins.gemini.api import authorize, field, invalid, page
from darkfactory.twins.gemini.contents import read_conversation
from darkfactory.twins.kit import TwinError, operation
from darkfactory.twins.kit.ids import LOWER_ALNUM
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.llm.prompt import Prompt
from darkfactory.twins.llm.tokens import MIN_CACHED, input_tokens

SCHEMA = """
CREATE TABLE IF NOT EXISTS gemini_caches (
    name TEXT PRIMARY KEY, model TEXT NOT NULL, display_name TEXT NOT NULL, body TEXT NOT NULL,
    tokens INTEGER NOT NULL, created REAL NOT NULL, updated REAL NOT NULL, expires REAL NOT NULL
);
"""
DEFAULT_TTL = 3600.0
DURATION = re.compile(r"^(\d+(?:\.\d+)?)s$")
CACHED_FIELDS = ("systemInstruction", "tools", "toolConfig")


def _time(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _ttl(body: dict, now: float) -> float:
    """When the cache expires, from ``ttl`` ("300s") or ``expireTime`` (RFC 3339)."""
    if field(body, "expireTime"):
        try:
            stamp = str(field(body, "expireTime")).replace("Z", "+00:00")
            return datetime.fromisoformat(stamp).timestamp()
        except ValueError as error:
            raise invalid("Invalid value at 'cached_content.expire_time' (timestamp)") from error
    ttl = field(body, "ttl")
    if ttl is None:
        return now + DEFAULT_TTL
    match = DURATION.match(str(ttl))
    if not match:
        raise invalid(f"Invalid value at 'cached_content.ttl' (google.protobuf.Duration), {ttl!r}")
    return now + float(match.group(1))


def _json(row: Any) -> dict[str, Any]:
    return {
        "name": row["name"],
        "model": f"models/{row['model']}",
        "displayName": row["display_name"],
        "usageMetadata": {"totalTokenCount": row["tokens"]},
        "createTime": _time(row["created"]),
        "updateTime": _time(row["updated"]),
        "expireTime": _time(row["expires"]),
    }


def _live(call: Call, name: str) -> Any:
    row = call.universe.store.one(
        "SELECT * FROM gemini_caches WHERE name = ? AND expires > ?",
        (name, call.universe.clock.now()),
    )
    if row is None:
        raise TwinError("NOT_FOUND", 404, f"CachedContent not found (or permission denied): {name}")
    return row


def apply(call: Call, body: dict, model: str) -> tuple[dict, int]:
    """``body`` with the contents, system instruction and tools of the cache it names, and the
    cache's tokens (the request unchanged and 0 when it names none)."""
    name = field(body, "cachedContent")
    if not name:
        return body, 0
    row = _live(call, str(name))
    if row["model"] != model:
        raise invalid(
            f"Model used by GenerateContent request (models/{model}) and CachedContent"
            f" (models/{row['model']}) has to be the same."
        )
    if any(field(body, key) for key in CACHED_FIELDS):
        raise invalid(
            "CachedContent can not be used with GenerateContent request setting"
            " system_instruction, tools or tool_config.\n\nProposed fix: move those values to"
            " CachedContent from GenerateContent request."
        )
    cached = json.loads(row["body"])
    merged = {**body, "contents": [*(cached.get("contents") or []), *body["contents"]]}
    merged.update({key: cached[key] for key in CACHED_FIELDS if key in cached})
    return merged, row["tokens"]


@operation("cachedContents.create")
def create(call: Call) -> dict:
    authorize(call)
    body = call.json if isinstance(call.json, dict) else {}
    model = str(body.get("model") or "").removeprefix("models/")
    if not model:
        raise invalid("* CreateCachedContentRequest.cached_content.model: model is required\n")
    if not call.twin.state.knows(model):
        raise TwinError("model_not_found", 404, "", model=model)
    kept = {key: body[key] for key in ("contents", *CACHED_FIELDS) if key in body}
    kept.update({key: field(body, key) for key in CACHED_FIELDS if field(body, key) is not None})
    prompt = Prompt(provider="gemini", model=model)
    read_conversation(call, kept, model, prompt)
    tokens = input_tokens(prompt)
    if tokens < MIN_CACHED:
        raise invalid(
            f"Cached content is too small. total_token_count={tokens},"
            f" min_total_token_count={MIN_CACHED}"
        )
    now = call.universe.clock.now()
    name = "cachedContents/" + call.universe.ids.token("gemini.cache", 12, LOWER_ALNUM)
    call.universe.store.insert(
        "gemini_caches",
        {
            "name": name,
            "model": model,
            "display_name": str(field(body, "displayName") or ""),
            "body": json.dumps(kept),
            "tokens": tokens,
            "created": now,
            "updated": now,
            "expires": _ttl(body, now),
        },
    )
    return _json(_live(call, name))


def _name(call: Call) -> str:
    return f"cachedContents/{call.path_params['cache_id']}"


@operation("cachedContents.get")
def get(call: Call) -> dict:
    authorize(call)
    return _json(_live(call, _name(call)))


@operation("cachedContents.list")
def list_caches(call: Call) -> dict:
    authorize(call)
    rows = call.universe.store.all(
        "SELECT * FROM gemini_caches WHERE expires > ? ORDER BY created, name",
        (call.universe.clock.now(),),
    )
    return page(call, "cachedContents", [_json(r) for r in rows], 100)


@operation("cachedContents.patch")
def patch(call: Call) -> dict:
    authorize(call)
    row = _live(call, _name(call))
    now = call.universe.clock.now()
    body = call.json if isinstance(call.json, dict) else {}
    call.universe.store.execute(
        "UPDATE gemini_caches SET expires = ?, updated = ? WHERE name = ?",
        (_ttl(body, now), now, row["name"]),
    )
    return _json(_live(call, row["name"]))


@operation("cachedContents.delete")
def delete(call: Call) -> dict:
    authorize(call)
    row = _live(call, _name(call))
    call.universe.store.execute("DELETE FROM gemini_caches WHERE name = ?", (row["name"],))
    return {}


def routes(version: str) -> list[Route]:
    base = f"/{version}/cachedContents"
    return [
        Route(base, create, methods=["POST"]),
        Route(base, list_caches, methods=["GET"]),
        Route(f"{base}/{{cache_id}}", get, methods=["GET"]),
        Route(f"{base}/{{cache_id}}", patch, methods=["PATCH"]),
        Route(f"{base}/{{cache_id}}", delete, methods=["DELETE"]),
    ]
