"""OpenAI's wire format: Bearer keys, the ``{"error": {...}}`` envelope, request ids, limits.

Errors carry OpenAI's ``type`` (``invalid_request_error``, ``requests``, ``server_error`` ...),
``param`` and ``code`` (``invalid_api_key``, ``model_not_found``, ``rate_limit_exceeded`` ...).
Every answer has ``x-request-id`` and the ``x-ratelimit-*`` headers; a 429 adds ``retry-after``.
"""

from __future__ import annotations

import itertools
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from darkfactory.twins.kit.errors import TwinError
from darkfactory.twins.kit.ids import HEX
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.llm.limits import Budget, Exceeded, refused
from darkfactory.twins.llm.request_fields import fields, violation
from darkfactory.twins.llm.twin import bearer

LIMITS = {"requests": 10_000, "tokens": 30_000_000}
ORGANIZATION = "org-darkfactory0000000000000"
KEYS_URL = "https://platform.openai.com/account/api-keys"

TYPES = {
    400: "invalid_request_error",
    401: "invalid_request_error",
    403: "invalid_request_error",
    404: "invalid_request_error",
    409: "invalid_request_error",
    422: "invalid_request_error",
    429: "requests",
}
MESSAGES = {
    429: "Rate limit reached for requests. Please try again in {retry}s.",
    500: "The server had an error while processing your request. Sorry about that!",
    502: "Bad gateway.",
    503: "The engine is currently overloaded, please try again later.",
}
CODES = {429: "rate_limit_exceeded"}


def invalid(message: str, param: str | None = None, code: str | None = None) -> TwinError:
    """A 400 ``invalid_request_error`` about ``param``."""
    return TwinError("invalid_request_error", 400, message, param=param, openai_code=code)


def missing(param: str) -> TwinError:
    return invalid(f"Missing required parameter: '{param}'.", param, "missing_required_parameter")


def wrong_type(param: str, expected: str, value: Any) -> TwinError:
    return invalid(
        f"Invalid type for '{param}': expected {expected}, but got {_json_type(value)} instead.",
        param,
        "invalid_type",
    )


EXPECTED = {
    "string": "a string",
    "integer": "an integer",
    "number": "a decimal",
    "boolean": "a boolean",
    "array": "an array",
    "object": "an object",
}
MOVED = {
    "response_format": "Unsupported parameter: 'response_format'. In the Responses API, this"
    " parameter has moved to 'text.format'. Try again with the new parameter. See the API"
    " documentation for more information:"
    " https://platform.openai.com/docs/api-reference/responses/create."
}


def check_fields(body: dict[str, Any], operation: str) -> None:
    """OpenAI's 400 for the first top-level field of ``body`` its published schema of
    ``operation`` refuses: unknown, of the wrong type, or out of range."""
    found = violation(body, fields("openai", operation))
    if found is None:
        return
    name, value, spec = found.name, found.value, found.spec
    if found.kind == "unknown":
        if operation == "chat.completions.create":
            raise invalid(f"Unrecognized request argument supplied: {name}")
        if name in MOVED:
            raise invalid(MOVED[name], name, "unsupported_parameter")
        raise invalid(f"Unknown parameter: '{name}'.", name, "unknown_parameter")
    if found.kind == "type":
        raise wrong_type(name, EXPECTED[spec["type"]], value)
    word = "integer" if spec["type"] == "integer" else "decimal"
    above = found.kind == "maximum"
    raise invalid(
        f"Invalid '{name}': {word} {'above maximum' if above else 'below minimum'} value."
        f" Expected a value {'<=' if above else '>='} {spec[found.kind]}, but got {value}"
        " instead.",
        name,
        f"{word}_{'above_max' if above else 'below_min'}_value",
    )


def _json_type(value: Any) -> str:
    kinds = {bool: "a boolean", int: "an integer", float: "a decimal", str: "a string"}
    kinds |= {list: "an array", dict: "an object", type(None): "null"}
    return kinds.get(type(value), "a value")


def error_body(error: TwinError) -> dict[str, Any]:
    status = error.status
    retry = error.detail.get("retry_after") or 1
    message = error.message if error.message != error.code else ""
    code = error.detail.get("openai_code", CODES.get(status))
    if error.code == "model_not_found" and "model" in error.detail:
        model = error.detail["model"]
        message = f"The model `{model}` does not exist or you do not have access to it."
        code = "model_not_found"
    return {
        "error": {
            "message": message or MESSAGES.get(status, "").format(retry=retry) or error.code,
            "type": error.detail.get("openai_type", TYPES.get(status, "server_error")),
            "param": error.detail.get("param"),
            "code": code,
        }
    }


def render_error(request: Request, error: TwinError) -> Response:
    response = JSONResponse(error_body(error), error.status)
    if error.status == 429:
        retry = error.detail.get("retry_after") or 1
        response.headers["retry-after"] = str(retry)
        if "limit" not in error.detail:  # an injected 429, not a spent budget
            response.headers["x-ratelimit-remaining-requests"] = "0"
            response.headers["x-ratelimit-reset-requests"] = f"{retry}s"
    return response


LIMIT_NAMES = {"requests": "requests per min (RPM)", "tokens": "tokens per min (TPM)"}


def rate_limited(exceeded: Exceeded, model: str) -> TwinError:
    """OpenAI's 429 for a spent per-minute budget (error type ``requests`` or ``tokens``)."""
    budget = exceeded.budget
    return refused(
        exceeded,
        f"Rate limit reached for {model} in organization {ORGANIZATION} on"
        f" {LIMIT_NAMES[budget.kind]}: Limit {budget.limit}, Used {exceeded.used}, Requested"
        f" {exceeded.requested}. Please try again in {duration(exceeded.wait)}. Visit"
        " https://platform.openai.com/account/rate-limits to learn more.",
        openai_type=budget.kind,
        openai_code="rate_limit_exceeded",
    )


def duration(seconds: float) -> str:
    """A wait as OpenAI writes it: ``0s``, ``20ms``, ``1.5s``, ``6m0s``."""
    if seconds <= 0:
        return "0s"
    if seconds < 1:
        return f"{round(seconds * 1000)}ms"
    minutes, rest = divmod(round(seconds, 3), 60)
    text = f"{rest:.3f}".rstrip("0").rstrip(".") + "s"
    return f"{int(minutes)}m{text}" if minutes else text


def authorize(call: Call) -> None:
    """OpenAI's checks of ``Authorization: Bearer <key>``."""
    key = bearer(call.request)
    if not key:
        raise TwinError(
            "missing_api_key",
            401,
            "You didn't provide an API key. You need to provide your API key in an Authorization"
            " header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password"
            " field (with blank username) if you're accessing the API from your browser and are"
            f" prompted for a username and password. You can obtain an API key from {KEYS_URL}.",
        )
    if not call.twin.key_is_valid(key):
        shown = f"{key[:3]}{'*' * max(len(key) - 7, 0)}{key[-4:]}" if len(key) > 8 else key
        raise TwinError(
            "invalid_api_key",
            401,
            f"Incorrect API key provided: {shown}. You can find your API key at {KEYS_URL}.",
            openai_code="invalid_api_key",
        )


def cursor_page(items: list[dict], query, default: int = 20, most: int = 100) -> dict[str, Any]:
    """A list answer: the ``limit`` items (1 to ``most``) after the one whose id is ``after``."""
    ids = [item.get("id") for item in items]
    after = query.get("after")
    if after in ids:
        items = items[ids.index(after) + 1 :]
    try:
        limit = min(max(int(query.get("limit", default)), 1), most)
    except ValueError as error:
        raise invalid("Invalid 'limit': expected an integer.", "limit", "invalid_type") from error
    page = items[:limit]
    return {
        "object": "list",
        "data": page,
        "first_id": page[0]["id"] if page else None,
        "last_id": page[-1]["id"] if page else None,
        "has_more": len(items) > limit,
    }


def new_id(call: Call, prefix: str, length: int = 48) -> str:
    return prefix + call.universe.ids.token(f"openai.{prefix}", length, HEX)


REQUESTS = itertools.count(1)


def stamps(universe, budgets: dict[str, Budget]) -> dict[str, str]:
    """Headers on every OpenAI answer: a request id, processing time, and the state of the
    request and token limits (resets are the time until a budget is whole again)."""
    headers = {
        "x-request-id": "req_" + universe.ids.derive(f"openai.request.{next(REQUESTS)}", 32, HEX),
        "openai-organization": ORGANIZATION,
        "openai-processing-ms": "1",
        "openai-version": "2020-10-01",
    }
    for kind in ("requests", "tokens"):
        budget = budgets[kind]
        headers[f"x-ratelimit-limit-{kind}"] = str(budget.limit)
        headers[f"x-ratelimit-remaining-{kind}"] = str(budget.remaining)
        headers[f"x-ratelimit-reset-{kind}"] = duration(budget.reset)
    return headers
