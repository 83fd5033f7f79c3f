"""Batch requests: ``POST /google/batch/{api}/{version}`` with a ``multipart/mixed`` body.

Each part is an ``application/http`` request (``GET /google/drive/v3/files/ID HTTP/1.1`` plus
headers and body). Parts run one after another through the twin's own router, each with its own
authorization and transaction; the answer is a ``multipart/mixed`` body of HTTP responses whose
``Content-ID`` is ``response-`` + the part's id, as googleapiclient's ``BatchHttpRequest`` expects.
Headers of the outer request apply to every part unless the part sets its own.
"""

from __future__ import annotations

import email.parser
import email.policy
from http import HTTPStatus
from urllib.parse import urlsplit

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.google.discovery import APIS
from darkfactory.twins.google.errors import GoogleError
from darkfactory.twins.kit.ids import MIXED_ALNUM
from darkfactory.twins.kit.operation import TWIN_KEY
from darkfactory.twins.kit.routing import Router

MAX_PARTS = 100
OUTER_ONLY = {"content-type", "content-length", "transfer-encoding", "host"}


def _parts(content_type: str, body: bytes) -> list[tuple[str, bytes]]:
    """``(content_id, http_request_bytes)`` for each part of a multipart/mixed body."""
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body
    )
    if not message.is_multipart():
        raise GoogleError(400, "badRequest", "Invalid multipart request with 0 mime parts.")
    found = []
    for part in message.iter_parts():
        payload = part.get_payload(decode=True) or b""
        found.append((str(part.get("Content-ID", "")), payload))
    return found


def _split_http(raw: bytes) -> tuple[str, str, list[tuple[str, str]], bytes]:
    """Method, target, headers and body of one serialized HTTP request."""
    head, _, body = raw.replace(b"\r\n", b"\n").partition(b"\n\n")
    lines = head.decode("latin-1").split("\n")
    method, target, *_ = lines[0].split(" ")
    headers = []
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip():
            headers.append((name.strip().lower(), value.strip()))
    return method.upper(), target, headers, body


async def _dispatch(request: Request, method: str, target: str, headers, body: bytes):
    """Run one part through the twin's router; returns (status, headers, body)."""
    url = urlsplit(target)
    outer = {
        name.decode(): value.decode()
        for name, value in request.scope["headers"]
        if name.decode() not in OUTER_ONLY
    }
    merged = {**outer, **dict(headers), "content-length": str(len(body))}
    routing = ("router", "route", "endpoint", "path_params")
    scope = {
        **{k: v for k, v in request.scope.items() if k not in routing},
        "method": method,
        "path": url.path,
        "raw_path": url.path.encode(),
        "query_string": url.query.encode(),
        "headers": [(k.encode(), v.encode()) for k, v in merged.items()],
    }
    sent = False

    async def receive():
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    answer: dict = {"status": 500, "headers": [], "body": bytearray()}

    async def send(message):
        if message["type"] == "http.response.start":
            answer["status"] = message["status"]
            answer["headers"] = message.get("headers", [])
        elif message["type"] == "http.response.body":
            answer["body"].extend(message.get("body", b""))

    try:
        await _router(request.scope[TWIN_KEY])(scope, receive, send)
    except HTTPException as error:
        missing = GoogleError(error.status_code, "notFound", f"No such method: {method} {target}")
        return error.status_code, [(b"content-type", b"application/json")], missing.response().body
    return answer["status"], answer["headers"], bytes(answer["body"])


def _router(twin) -> Router:
    """The twin's own routes, to run batch parts through (built once per twin)."""
    if not hasattr(twin, "batch_router"):
        twin.batch_router = Router(routes=twin.routes())
    return twin.batch_router


def _http_response(status: int, headers, body: bytes) -> bytes:
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else ""
    lines = [f"HTTP/1.1 {status} {phrase}"]
    for name, value in headers:
        if name.decode().lower() not in ("content-length", "date"):
            lines.append(f"{name.decode()}: {value.decode()}")
    lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def batch(request: Request) -> Response:
    api, version = request.path_params["api"], request.path_params["version"]
    twin = request.scope[TWIN_KEY]
    try:
        if (api, version) not in APIS:
            raise GoogleError(404, "notFound", f"Batch is not supported for {api} {version}.")
        content_type = request.headers.get("content-type", "")
        if not content_type.startswith("multipart/mixed"):
            raise GoogleError(400, "badRequest", "Invalid batch request: multipart/mixed expected.")
        parts = _parts(content_type, await request.body())
        if len(parts) > MAX_PARTS:
            raise GoogleError(
                400,
                "batchSizeTooLarge",
                f"A batch request cannot contain more than {MAX_PARTS} calls",
            )
    except GoogleError as error:
        return error.response()
    boundary = "batch_" + twin.universe.ids.token("google.batch", 20, MIXED_ALNUM)
    chunks = []
    for content_id, raw in parts:
        method, target, headers, body = _split_http(raw)
        status, answer_headers, answer_body = await _dispatch(
            request, method, target, headers, body
        )
        response_id = f"<response-{content_id.strip('<>')}>" if content_id else ""
        chunks.append(
            f"--{boundary}\r\nContent-Type: application/http\r\n".encode()
            + (f"Content-ID: {response_id}\r\n" if response_id else "").encode()
            + b"\r\n"
            + _http_response(status, answer_headers, answer_body)
            + b"\r\n"
        )
    payload = b"".join(chunks) + f"--{boundary}--\r\n".encode()
    return Response(payload, media_type=f"multipart/mixed; boundary={boundary}")


def routes() -> list[Route]:
    return [Route("/batch/{api}/{version}", batch, methods=["POST"])]
