"""Running the requests of a provider's batch through the same operations as live calls.

A batched request is answered by the live endpoint's own handler (``messages.create``,
``responses.create`` ...), given a call built from the request's parameters and the headers of
the request that created the batch, so it is parsed, answered, recorded and rendered exactly as
a live one; what comes back is the status and JSON body the live call would have answered.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from darkfactory.twins.kit.errors import TwinError
from darkfactory.twins.kit.operation import TWIN_KEY, Call
from darkfactory.twins.kit.twin import Twin

# Headers of the creating request that do not describe a batched request.
BODY_HEADERS = ("content-length", "content-type", "transfer-encoding")


def creator_headers(call: Call) -> dict[str, str]:
    """The headers of the batch-creating request that its batched requests are made with."""
    return {name: value for name, value in call.headers.items() if name not in BODY_HEADERS}


def run_request(
    twin: Twin, endpoint: Callable, path: str, params: Any, headers: dict[str, str]
) -> tuple[int, Any]:
    """Answer one batched request with the operation ``endpoint`` serves: (status, JSON body)."""
    body = json.dumps(params).encode()
    sent = {**headers, "content-type": "application/json", "content-length": str(len(body))}
    request = Request(
        {
            "type": "http",
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "server": ("127.0.0.1", 0),
            "root_path": "",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "headers": [(k.encode(), v.encode()) for k, v in sent.items()],
            "path_params": {},
            TWIN_KEY: twin,
        }
    )
    call = Call(request, twin, endpoint.operation, body, None, params)
    try:
        answer = endpoint.__wrapped__(call)
    except TwinError as error:
        answer = twin.render_error(request, error)
    if not isinstance(answer, Response):
        return 200, answer
    return answer.status_code, json.loads(answer.body)
