"""The Directory API's wire conventions: its errors, request bodies, etags, pages and customer.

The Admin SDK answers in Google's ``errors[]`` layout with its own words: ``Resource Not Found:
userKey`` (404 ``notFound``), ``Entity already exists.`` (409 ``duplicate``), ``Invalid Input``
(400 ``invalid``) and ``Not Authorized to access this resource/api`` (403 ``forbidden``).
Lists page with an opaque ``pageToken`` and ``maxResults``.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable
from typing import Any

from darkfactory.twins.google import bodies
from darkfactory.twins.google.api import integer
from darkfactory.twins.google.errors import GoogleError, forbidden
from darkfactory.twins.kit.ids import LOWER_ALNUM
from darkfactory.twins.kit.operation import Call

NOT_AUTHORIZED = "Not Authorized to access this resource/api"
API, VERSION = "admin", "directory_v1"
MY_CUSTOMER = "my_customer"


def not_authorized() -> GoogleError:
    return forbidden(NOT_AUTHORIZED)


def not_found(key: str) -> GoogleError:
    """404 naming the path parameter that found nothing (``userKey``, ``groupKey``...)."""
    return GoogleError(404, "notFound", f"Resource Not Found: {key}")


def exists() -> GoogleError:
    return GoogleError(409, "duplicate", "Entity already exists.")


def invalid(detail: str = "") -> GoogleError:
    """400 ``Invalid Input``, with what was wrong after a colon when there is something to say."""
    return GoogleError(400, "invalid", f"Invalid Input: {detail}" if detail else "Invalid Input")


def required(field: str) -> GoogleError:
    return GoogleError(400, "required", f"Missing required field: {field}")


def body(call: Call, schema: str) -> dict[str, Any]:
    """The request's JSON object checked against the discovery ``schema`` (``User``, ``Group``)."""
    if not call.body:
        return {}
    if not isinstance(call.json, dict):
        raise GoogleError(400, "parseError", "Parse Error")
    return bodies.check(call.json, schema, API, VERSION)


def etag(resource: dict) -> str:
    """A quoted etag over the resource's content (it changes whenever the resource does)."""
    digest = hashlib.sha1(json.dumps(resource, sort_keys=True).encode()).hexdigest()
    return f'"{digest}"'


def tagged(resource: dict) -> dict:
    """``resource`` with its ``etag``."""
    return {**resource, "etag": etag(resource)}


def customer_id(universe) -> str:
    """The customer's id, ``C0`` and seven letters or digits."""
    return "C0" + universe.ids.derive("google.customer", 7, LOWER_ALNUM)


def check_customer(call: Call, value: str | None) -> None:
    """A customer named in the call is the caller's own (``my_customer`` or its id); 403
    otherwise, as for any other customer's account."""
    if value not in (MY_CUSTOMER, customer_id(call.universe)):
        raise not_authorized()


def _offset(token: str | None) -> int:
    if not token:
        return 0
    try:
        return int(base64.urlsafe_b64decode(token.encode()).decode())
    except ValueError:
        raise GoogleError(400, "invalid", "Invalid Input: pageToken") from None


def page(
    call: Call,
    kind: str | None,
    items: list[dict],
    key: str = "items",
    limit: tuple[int, int] = (100, 500),
    render: Callable[[dict], dict] = lambda item: item,
    size_param: str = "maxResults",
) -> dict:
    """One page of ``items`` under ``key`` (``maxResults``, or ``size_param``, up to
    ``limit``), with the token of the next page when there is one; without ``kind``, as the
    newer APIs answer, no ``kind`` and ``etag`` either."""
    default, most = limit
    size = integer(call, size_param, default, 1, most)
    start = _offset(call.query.get("pageToken"))
    answer: dict[str, Any] = {"kind": kind, "etag": etag({"items": len(items)})} if kind else {}
    chosen = [render(item) for item in items[start : start + size]]
    if chosen:
        answer[key] = chosen
    if start + size < len(items):
        answer["nextPageToken"] = base64.urlsafe_b64encode(str(start + size).encode()).decode()
    return answer
