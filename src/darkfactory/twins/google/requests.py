"""batchUpdate as Sheets and Docs share it: each request names exactly one kind, a handler answers
it, and a failure names the request it came from, in Google's words."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from darkfactory.twins.google.errors import GoogleError

Handler = Callable[..., Any]


def apply_requests(
    requests: list,
    handlers: dict[str, Handler],
    call: Callable[[Handler, dict], Any],
    refusals: tuple[type[Exception], ...],
) -> list[dict]:
    """Run ``call(handler, body)`` for every request in order; one reply each (``{}`` for none).

    An exception of a ``refusals`` type becomes Google's 400 for that request."""
    if not requests:
        raise GoogleError(400, "badRequest", "Must specify at least one request.")
    replies = []
    for index, item in enumerate(requests):
        kinds = list(item) if isinstance(item, dict) else []
        if len(kinds) != 1:
            raise GoogleError(
                400, "badRequest", f"Invalid requests[{index}]: No request set in this request."
            )
        kind = kinds[0]
        handler = handlers.get(kind)
        if handler is None:
            raise GoogleError(
                400,
                "badRequest",
                f'Invalid JSON payload received. Unknown name "{kind}" at'
                f" 'requests[{index}]': Cannot find field.",
            )
        try:
            reply = call(handler, item[kind] or {})
        except refusals as error:
            raise GoogleError(
                400, "badRequest", f"Invalid requests[{index}].{kind}: {error}"
            ) from None
        replies.append({kind: reply} if reply is not None else {})
    return replies
