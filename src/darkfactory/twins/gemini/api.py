"""The Gemini API's wire format: ``x-goog-api-key`` or ``?key=``, Google's error envelope.

Errors are ``{"error": {"code": 404, "message": ..., "status": "NOT_FOUND", "details": [...]}}``;
a bad key is Google's 400 ``API_KEY_INVALID``, a missing one 403 ``PERMISSION_DENIED``, and a
429 ``RESOURCE_EXHAUSTED`` carries a ``RetryInfo`` detail with ``retryDelay``.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from darkfactory.twins.kit.errors import TwinError
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.llm.limits import Exceeded, refused
from darkfactory.twins.llm.request_fields import fields, snake, violation

STATUSES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    409: "ABORTED",
    429: "RESOURCE_EXHAUSTED",
    499: "CANCELLED",
    500: "INTERNAL",
    501: "NOT_IMPLEMENTED",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}
MESSAGES = {
    429: "You exceeded your current quota, please check your plan and billing details. For more"
    " information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.",
    500: "An internal error has occurred. Please retry or report in"
    " https://developers.generativeai.google/guide/troubleshooting",
    503: "The model is overloaded. Please try again later.",
}
TYPE = "type.googleapis.com/google.rpc."
LIMITS = {"requests": 1000, "input_tokens": 1_000_000}
QUOTAS = {
    "requests": (
        "generate_content_paid_tier_requests",
        "GenerateRequestsPerMinutePerProjectPerModel",
    ),
    "input_tokens": (
        "generate_content_paid_tier_input_token_count",
        "GenerateContentPaidTierInputTokensPerModelPerMinute",
    ),
}


def field(obj: Any, name: str, default: Any = None) -> Any:
    """A request field by its JSON name or its proto (snake_case) name: Google accepts both.
    An empty object, as most of a request's are, has neither."""
    if not isinstance(obj, dict) or not obj:
        return default
    if name in obj:
        return obj[name]
    return obj.get(snake(name), default)


def invalid(message: str) -> TwinError:
    return TwinError("INVALID_ARGUMENT", 400, message)


def page(call: Call, key: str, items: list[Any], default_size: int) -> dict[str, Any]:
    """One page of a list method: ``pageSize`` (1 to 1000) items from the ``pageToken`` offset."""
    try:
        size = min(max(int(call.query.get("pageSize") or default_size), 1), 1000)
        start = int(call.query.get("pageToken") or 0)
    except ValueError as error:
        raise invalid("Invalid page token or page size.") from error
    answer: dict[str, Any] = {key: items[start : start + size]}
    if start + size < len(items):
        answer["nextPageToken"] = str(start + size)
    return answer


def wrong_value(where: str, expected: str, value: Any) -> TwinError:
    """Google's answer to a field of the wrong JSON type."""
    return invalid(
        f"Invalid JSON payload received. Invalid value at '{where}' (expected {expected}),"
        f" {json.dumps(value)[:80]}"
    )


def check_fields(body: dict[str, Any], message: str = "GenerateContentRequest", where: str = ""):
    """Google's 400 for the first field of ``body`` (and of the messages it nests, such as
    ``generationConfig``) that the published proto of ``message`` does not have, or whose scalar
    value is of the wrong JSON type; names count in JSON or proto form."""
    known = fields("gemini", message)
    found = violation(body, known, proto_names=True)
    at = f" at '{where}'" if where else ""
    if found is not None and found.kind == "unknown":
        raise _bad_field(f'Unknown name "{found.name}"{at}: Cannot find field.', where)
    if found is not None and found.spec.get("proto") not in ("TYPE_ARRAY", "TYPE_MESSAGE"):
        inside = f"{where}.{snake(found.name)}" if where else snake(found.name)
        shown = json.dumps(found.value)
        raise _bad_field(f"Invalid value at '{inside}' ({found.spec['proto']}), {shown}", inside)
    for name, value in body.items():
        nested = known.get(snake(name), {}).get("message")
        if nested and isinstance(value, dict):
            check_fields(value, nested, f"{where}.{snake(name)}" if where else snake(name))


def _bad_field(problem: str, where: str) -> TwinError:
    message = f"Invalid JSON payload received. {problem}"
    violation_ = {"field": where, "description": message} if where else {"description": message}
    return TwinError(
        "INVALID_ARGUMENT",
        400,
        message,
        details=[{"@type": TYPE + "BadRequest", "fieldViolations": [violation_]}],
    )


def error_body(error: TwinError) -> dict[str, Any]:
    status = error.status
    message = error.message if error.message != error.code else ""
    if error.code == "model_not_found":
        message = (
            f"models/{error.detail.get('model', '')} is not found for API version v1beta, or is"
            " not supported for generateContent. Call ListModels to see the list of available"
            " models and their supported methods."
        )
    details = list(error.detail.get("details", []))
    if status == 429:
        details.append(
            {"@type": TYPE + "RetryInfo", "retryDelay": f"{error.detail.get('retry_after') or 1}s"}
        )
    body: dict[str, Any] = {
        "code": status,
        "message": message or MESSAGES.get(status, error.code),
        "status": STATUSES.get(status, "UNKNOWN"),
    }
    if details:
        body["details"] = details
    return {"error": body}


def rate_limited(exceeded: Exceeded, model: str) -> TwinError:
    """Google's 429 for a spent per-minute quota, naming it in a ``QuotaFailure`` detail."""
    metric, quota = QUOTAS.get(exceeded.budget.kind, QUOTAS["input_tokens"])
    metric = "generativelanguage.googleapis.com/" + metric
    return refused(
        exceeded,
        f"{MESSAGES[429]} To monitor your current usage, head to:"
        f" https://ai.dev/rate-limit. \n* Quota exceeded for metric: {metric}, limit:"
        f" {exceeded.budget.limit}, model: {model}\nPlease retry in {exceeded.wait:.6f}s.",
        details=[
            {
                "@type": TYPE + "QuotaFailure",
                "violations": [
                    {
                        "quotaMetric": metric,
                        "quotaId": quota,
                        "quotaDimensions": {"location": "global", "model": model},
                        "quotaValue": str(exceeded.budget.limit),
                    }
                ],
            }
        ],
    )


def render_error(request: Request, error: TwinError) -> Response:
    return JSONResponse(error_body(error), error.status)


def authorize(call: Call) -> None:
    key = call.headers.get("x-goog-api-key") or call.query.get("key") or ""
    if not key:
        raise TwinError(
            "PERMISSION_DENIED",
            403,
            "Method doesn't allow unregistered callers (callers without established identity)."
            " Please use API Key or other form of API consumer identity to call this API.",
        )
    if not call.twin.key_is_valid(key):
        raise TwinError(
            "INVALID_ARGUMENT",
            400,
            "API key not valid. Please pass a valid API key.",
            details=[
                {
                    "@type": TYPE + "ErrorInfo",
                    "reason": "API_KEY_INVALID",
                    "domain": "googleapis.com",
                    "metadata": {"service": "generativelanguage.googleapis.com"},
                }
            ],
        )


def stamps() -> dict[str, str]:
    """Headers on every Gemini answer."""
    return {"server": "scaffolding on HTTPServer2", "x-content-type-options": "nosniff"}
