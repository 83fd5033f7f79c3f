"""Anthropic's wire format: ``x-api-key`` + ``anthropic-version``, the error envelope, headers.

Errors are ``{"type": "error", "error": {"type": "<kind>", "message": ...}, "request_id": ...}``
with the kind chosen by status (``invalid_request_error``, ``authentication_error``,
``not_found_error``, ``rate_limit_error``, ``api_error``, ``overloaded_error`` for 529 ...).
"""

from __future__ import annotations

import functools
import itertools
from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from darkfactory.twins.kit.errors import TwinError
from darkfactory.twins.kit.ids import MIXED_ALNUM
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.llm.limits import KINDS, Budget, Exceeded, refused

TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    402: "billing_error",
    403: "permission_error",
    404: "not_found_error",
    413: "request_too_large",
    429: "rate_limit_error",
    500: "api_error",
    504: "timeout_error",
    529: "overloaded_error",
}
MESSAGES = {
    429: "Number of request tokens has exceeded your per-minute rate limit"
    " (https://docs.claude.com/en/api/rate-limits); see the response headers for current usage."
    " Please reduce the prompt length or the maximum tokens requested, or try again later.",
    500: "Internal server error",
    503: "Service unavailable",
    529: "Overloaded",
}
LIMITS = {"requests": 4000, "input_tokens": 2_000_000, "output_tokens": 400_000}
ORGANIZATION = "00000000-0000-4000-8000-000000000000"
REQUESTS = itertools.count(1)


def invalid(message: str) -> TwinError:
    return TwinError("invalid_request_error", 400, message)


def error_body(error: TwinError, request_id: str) -> dict:
    message = error.message if error.message != error.code else ""
    if error.code == "model_not_found":
        message = f"model: {error.detail.get('model', '')}"
    return {
        "type": "error",
        "error": {
            "type": TYPES.get(error.status, "api_error"),
            "message": message or MESSAGES.get(error.status, error.code),
        },
        "request_id": request_id,
    }


def request_id(universe) -> str:
    return "req_011" + universe.ids.derive(f"anthropic.request.{next(REQUESTS)}", 21, MIXED_ALNUM)


def render_error(universe, request: Request, error: TwinError) -> Response:
    rid = request_id(universe)
    response = JSONResponse(error_body(error, rid), error.status, headers={"request-id": rid})
    if error.status == 429:
        response.headers["retry-after"] = str(error.detail.get("retry_after") or 1)
        if "limit" not in error.detail:  # an injected 429, not a spent budget
            response.headers["anthropic-ratelimit-requests-remaining"] = "0"
    return response


LIMIT_NAMES = {
    "requests": "requests",
    "tokens": "tokens",
    "input_tokens": "input tokens",
    "output_tokens": "output tokens",
}


def rate_limited(exceeded: Exceeded) -> TwinError:
    """Anthropic's 429 for a spent per-minute budget."""
    budget = exceeded.budget
    return refused(
        exceeded,
        f"This request would exceed the rate limit for your organization ({ORGANIZATION}) of"
        f" {budget.limit:,} {LIMIT_NAMES[budget.kind]} per minute. For details, refer to:"
        " https://docs.claude.com/en/api/rate-limits. You can see the response headers for"
        " current usage. Please reduce the prompt length or the maximum tokens requested, or try"
        " again later. You may also contact sales at https://www.anthropic.com/contact-sales to"
        " discuss your options for a rate limit increase.",
    )


def authorize(call: Call) -> None:
    """Anthropic's checks: a known ``x-api-key`` (or Bearer token) and ``anthropic-version``."""
    headers = call.headers
    key = headers.get("x-api-key") or ""
    if not key and headers.get("authorization", "")[:7].lower() == "bearer ":
        key = headers["authorization"][7:].strip()
    if not key:
        raise TwinError("authentication_error", 401, "x-api-key header is required")
    if not call.twin.key_is_valid(key):
        raise TwinError("authentication_error", 401, "invalid x-api-key")
    if not headers.get("anthropic-version"):
        raise invalid("anthropic-version: header is required")


def page(ids: list[str], query) -> tuple[list[str], bool]:
    """One page of ``ids`` (in listing order) for ``before_id``/``after_id``/``limit`` (1-1000,
    default 20), and whether more lie beyond it."""
    try:
        limit = min(max(int(query.get("limit", 20)), 1), 1000)
    except ValueError as error:
        raise invalid("limit: Input should be a valid integer") from error
    after, before = query.get("after_id"), query.get("before_id")
    if after in ids:
        ids = ids[ids.index(after) + 1 :]
    if before in ids:
        ids = ids[: ids.index(before)][-limit:]
    return ids[:limit], len(ids) > limit


def new_id(call: Call, prefix: str) -> str:
    return prefix + call.universe.ids.token(f"anthropic.{prefix}", 22, MIXED_ALNUM)


def stamps(universe, budgets: dict[str, Budget]) -> dict[str, str]:
    """Headers on every Anthropic answer: a request id and the state of each rate limit, with
    ``tokens`` the more restrictive of the input and output budgets. Token counts remaining are
    rounded to the nearest thousand; resets are when a budget is whole again (RFC 3339)."""
    now = universe.clock.now()
    tokens = min(
        (budgets[kind] for kind in ("input_tokens", "output_tokens")), key=lambda b: b.remaining
    )
    headers = {
        "request-id": request_id(universe),
        "anthropic-organization-id": ORGANIZATION,
    }
    for name, budget in [*budgets.items(), ("tokens", tokens)]:
        limit, left, reset = HEADERS[name]
        remaining = budget.remaining if name == "requests" else _thousands(budget.remaining)
        headers[limit] = str(budget.limit)
        headers[left] = str(remaining)
        headers[reset] = _rfc3339(int(now + budget.reset + 0.999))
    return headers


def _header_names(kind: str) -> tuple[str, str, str]:
    """A budget's headers: its limit, what remains of it, when it is whole again."""
    prefix = "anthropic-ratelimit-" + kind.replace("_", "-")
    return prefix + "-limit", prefix + "-remaining", prefix + "-reset"


HEADERS = {kind: _header_names(kind) for kind in KINDS}


@functools.lru_cache(maxsize=64)
def _rfc3339(second: int) -> str:
    """A whole second since the epoch as RFC 3339 in UTC (the same few for every call within a
    second, so they are kept)."""
    return datetime.fromtimestamp(second, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _thousands(count: int) -> int:
    return (count + 500) // 1000 * 1000
