"""Drive's paging: ``pageSize`` within a method's bounds and opaque ``pageToken`` cursors.

A token carries the offset into the ordered results and a fingerprint of the query it was made
for; a token used with another query, or not made here, is Drive's 400 ``invalid`` on
``pageToken``.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import TypeVar

from darkfactory.twins.google.api import integer
from darkfactory.twins.google.errors import invalid_parameter
from darkfactory.twins.kit.operation import Call

T = TypeVar("T")
IGNORED = {
    "pageToken",
    "pageSize",
    "maxResults",
    "fields",
    "alt",
    "prettyPrint",
    "key",
    "access_token",
}


def _fingerprint(call: Call) -> str:
    params = sorted((k, v) for k, v in call.query.multi_items() if k not in IGNORED)
    return hashlib.sha1(json.dumps(params).encode()).hexdigest()[:10]


def bounds(call: Call, default: int, maximum: int, size_param: str = "pageSize") -> tuple[int, int]:
    """Where the requested page starts in the ordered results, and its size."""
    size = integer(call, size_param, default, 1, maximum)
    offset = 0
    token = call.query.get("pageToken")
    if token:
        try:
            decoded = json.loads(base64.urlsafe_b64decode(token.encode()))
            offset, fingerprint = int(decoded["o"]), decoded["f"]
        except (ValueError, KeyError, TypeError):
            raise invalid_parameter("pageToken", "Invalid Value") from None
        if fingerprint != _fingerprint(call) or offset < 0:
            raise invalid_parameter("pageToken", "Invalid Value")
    return offset, size


def page(
    call: Call, items: list[T], default: int, maximum: int, size_param: str = "pageSize"
) -> tuple[list[T], str | None]:
    """One page of ``items`` and the token of the next page (None on the last); ``size_param``
    names the parameter that bounds a page (Drive v2's is ``maxResults``). ``items`` may stop
    one past the page: that is enough to know another page follows."""
    offset, size = bounds(call, default, maximum, size_param)
    chosen = items[offset : offset + size]
    if offset + size >= len(items):
        return chosen, None
    cursor = {"o": offset + size, "f": _fingerprint(call)}
    return chosen, base64.urlsafe_b64encode(json.dumps(cursor).encode()).decode()
