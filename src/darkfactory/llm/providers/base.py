"""What every HTTP provider adapter shares: transport (sync and async httpx), timeouts, error
answers mapped to the taxonomy, rate-limit headers, and the SSE pump into stream translators.

A concrete adapter only translates: ``build()`` a native request, ``parse()`` a native answer,
and a ``StreamTranslator`` for its SSE events.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from darkfactory.llm.accumulator import StreamAccumulator
from darkfactory.llm.errors import (
    ConfigurationError,
    NetworkError,
    ProviderError,
    RequestTimeoutError,
    SDKError,
    StreamError,
    error_from_status,
)
from darkfactory.llm.sse import SSE, aiter_events, iter_events
from darkfactory.llm.types import (
    FinishReason,
    RateLimitInfo,
    Request,
    Response,
    StreamEvent,
    StreamEventType,
    Usage,
    Warning,
)


@dataclass
class AdapterTimeout:
    connect: float = 10.0
    request: float = 120.0
    stream_read: float = 30.0


@dataclass
class HTTPCall:
    """A native request: path under the base URL, JSON body, extra headers and query."""

    path: str
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)
    params: dict[str, str] = field(default_factory=dict)
    warnings: list[Warning] = field(default_factory=list)


class StreamTranslator:
    """Turns one provider's SSE events into unified events, accumulating the response."""

    def __init__(self, adapter: HTTPAdapter, request: Request, warnings: list[Warning]) -> None:
        self.adapter = adapter
        self.acc = StreamAccumulator(adapter.name, request.model)
        self.warnings = warnings
        self.raw: dict[str, Any] | None = None
        self.rate_limit: RateLimitInfo | None = None
        self.out: list[StreamEvent] = []
        self.done = False

    def emit(self, event_type: StreamEventType, **fields: Any) -> None:
        if self.done:
            return
        event = StreamEvent(event_type, **fields)
        self.done = event_type in (StreamEventType.FINISH, StreamEventType.ERROR)
        self.acc.process(event)
        self.out.append(event)

    def start(self, raw: dict[str, Any] | None = None) -> None:
        self.emit(StreamEventType.STREAM_START, warnings=list(self.warnings), raw=raw)

    def finish(self, reason: FinishReason, usage: Usage, raw: dict[str, Any] | None) -> None:
        self.acc.finish_reason, self.acc.usage = reason, usage
        response = self.acc.response()
        response.raw, response.rate_limit = raw, self.rate_limit
        self.emit(
            StreamEventType.FINISH, finish_reason=reason, usage=usage, response=response, raw=raw
        )

    def fail(self, error: SDKError) -> None:
        self.emit(StreamEventType.ERROR, error=error)

    def fail_with(self, body: dict[str, Any]) -> None:
        """An error reported inside the stream, in the provider's error envelope."""
        adapter = self.adapter
        self.fail(adapter.error_from_body(body, None, adapter.body_retry_after(body)))

    def feed(self, sse: SSE) -> list[StreamEvent]:
        self.handle(sse)
        out, self.out = self.out, []
        return out

    def close(self) -> list[StreamEvent]:
        """Events owed when the connection ends (for providers without an explicit end)."""
        self.end()
        out, self.out = self.out, []
        return out

    def handle(self, sse: SSE) -> None:
        raise NotImplementedError

    def end(self) -> None:
        if not self.done:
            self.fail(StreamError("the stream ended before the response was complete"))


class HTTPAdapter:
    """Base of the adapters: ``complete``/``stream`` (sync), ``acomplete``/``astream`` (async)."""

    name = ""
    default_base_url = ""
    translator_class: type[StreamTranslator] = StreamTranslator

    def __init__(
        self,
        api_key: str,
        base_url: str | None = None,
        default_headers: dict[str, str] | None = None,
        timeout: float | AdapterTimeout | None = None,
        transport: Any = None,
    ) -> None:
        self.api_key = api_key
        self.base_url = (base_url or self.default_base_url).rstrip("/")
        self.default_headers = dict(default_headers or {})
        if isinstance(timeout, int | float):
            timeout = AdapterTimeout(request=float(timeout))
        self.timeout = timeout or AdapterTimeout()
        self.transport = transport
        self._sync: httpx.Client | None = None
        self._async: tuple[asyncio.AbstractEventLoop, httpx.AsyncClient] | None = None

    # -- what a provider supplies --------------------------------------------------------------
    def auth_headers(self) -> dict[str, str]:
        raise NotImplementedError

    def build(self, request: Request, stream: bool) -> HTTPCall:
        raise NotImplementedError

    def parse(self, body: dict[str, Any], request: Request) -> Response:
        raise NotImplementedError

    def supports_tool_choice(self, mode: str) -> bool:
        return mode in ("auto", "none", "required", "named")

    def initialize(self) -> None:
        """Called when registered with a Client: a provider adapter needs a key."""
        if not self.api_key:
            raise ConfigurationError(f"{self.name}: no API key configured")

    # -- transport ----------------------------------------------------------------------------
    def _client(self) -> httpx.Client:
        if self._sync is None:
            self._sync = httpx.Client(transport=self.transport)
        return self._sync

    def _aclient(self) -> httpx.AsyncClient:
        loop = asyncio.get_running_loop()
        if self._async is None or self._async[0] is not loop:
            self._async = (loop, httpx.AsyncClient(transport=self.transport))
        return self._async[1]

    def close(self) -> None:
        if self._sync is not None:
            self._sync.close()
            self._sync = None

    async def aclose(self) -> None:
        self.close()
        if self._async is not None:
            await self._async[1].aclose()
            self._async = None

    def _send_args(self, request: Request, stream: bool) -> tuple[HTTPCall, dict[str, Any]]:
        call = self.build(request, stream)
        per_call = request.timeout
        timeout = (
            httpx.Timeout(
                per_call or self.timeout.request,
                connect=self.timeout.connect,
                read=per_call or self.timeout.stream_read,
            )
            if stream
            else httpx.Timeout(per_call or self.timeout.request, connect=self.timeout.connect)
        )
        headers = {**self.default_headers, **self.auth_headers(), **call.headers}
        args = {
            "url": self.base_url + call.path,
            "json": call.body,
            "headers": headers,
            "params": call.params or None,
            "timeout": timeout,
        }
        return call, args

    def complete(self, request: Request) -> Response:
        call, args = self._send_args(request, stream=False)
        with _transport_errors():
            answer = self._client().post(**args)
        return self._answer(answer, request, call)

    async def acomplete(self, request: Request) -> Response:
        call, args = self._send_args(request, stream=False)
        with _transport_errors():
            answer = await self._aclient().post(**args)
        return self._answer(answer, request, call)

    def _answer(self, answer: httpx.Response, request: Request, call: HTTPCall) -> Response:
        if answer.status_code >= 400:
            raise self.error(answer)
        response = self.parse(answer.json(), request)
        response.warnings = call.warnings + response.warnings
        response.rate_limit = rate_limit_info(answer.headers)
        return response

    def stream(self, request: Request) -> Iterator[StreamEvent]:
        call, args = self._send_args(request, stream=True)
        with _transport_errors(), self._client().stream("POST", **args) as answer:
            if answer.status_code >= 400:
                answer.read()
                raise self.error(answer)
            translator = self._translator(request, call, answer)
            try:
                for sse in iter_events(answer):
                    yield from translator.feed(sse)
            except (httpx.HTTPError, ValueError) as exc:
                translator.fail(_stream_failure(exc))
            yield from translator.close()

    async def astream(self, request: Request) -> AsyncIterator[StreamEvent]:
        call, args = self._send_args(request, stream=True)
        with _transport_errors():
            async with self._aclient().stream("POST", **args) as answer:
                if answer.status_code >= 400:
                    await answer.aread()
                    raise self.error(answer)
                translator = self._translator(request, call, answer)
                try:
                    async for sse in aiter_events(answer):
                        for event in translator.feed(sse):
                            yield event
                except (httpx.HTTPError, ValueError) as exc:
                    translator.fail(_stream_failure(exc))
                for event in translator.close():
                    yield event

    def _translator(self, request: Request, call: HTTPCall, answer: httpx.Response):
        translator = self.translator_class(self, request, call.warnings)
        translator.rate_limit = rate_limit_info(answer.headers)
        return translator

    # -- errors -------------------------------------------------------------------------------
    def error(self, answer: httpx.Response) -> ProviderError:
        try:
            body = answer.json()
        except ValueError:
            body = {"message": answer.text}
        wait = retry_after(answer.headers)
        return self.error_from_body(
            body, answer.status_code, wait if wait is not None else self.body_retry_after(body)
        )

    def body_retry_after(self, body: Any) -> float | None:
        """A retry delay some providers put in the error body instead of a header."""
        return None

    def error_from_body(
        self, body: Any, status: int | None, retry_after_seconds: float | None = None
    ) -> ProviderError:
        detail = body.get("error") if isinstance(body, dict) else None
        detail = detail if isinstance(detail, dict) else (body if isinstance(body, dict) else {})
        message = str(detail.get("message") or body or f"HTTP {status}")
        code = detail.get("code") if isinstance(detail.get("code"), str) else None
        code = code or (detail.get("type") if isinstance(detail.get("type"), str) else None)
        grpc = detail.get("status") if isinstance(detail.get("status"), str) else None
        return error_from_status(
            provider=self.name,
            status_code=status,
            message=message,
            error_code=code,
            grpc_status=grpc,
            retry_after=retry_after_seconds,
            raw=body if isinstance(body, dict) else None,
        )


@contextmanager
def _transport_errors() -> Iterator[None]:
    """Maps httpx's transport failures to NetworkError / RequestTimeoutError."""
    try:
        yield
    except httpx.TimeoutException as exc:
        raise RequestTimeoutError(f"request timed out: {exc}", exc) from exc
    except httpx.TransportError as exc:
        raise NetworkError(f"network failure: {exc}", exc) from exc


def _stream_failure(exc: Exception) -> SDKError:
    if isinstance(exc, httpx.TimeoutException):
        return RequestTimeoutError(f"stream read timed out: {exc}", exc)
    return StreamError(f"stream failed: {exc}", exc)


def retry_after(headers: httpx.Headers) -> float | None:
    """Seconds from ``retry-after-ms`` or ``retry-after`` (seconds or an HTTP date)."""
    if "retry-after-ms" in headers:
        try:
            return float(headers["retry-after-ms"]) / 1000
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return max(0.0, (when - datetime.now(UTC)).total_seconds())


RATE_LIMIT_HEADERS = {
    "requests_remaining": (
        "x-ratelimit-remaining-requests",
        "anthropic-ratelimit-requests-remaining",
    ),
    "requests_limit": ("x-ratelimit-limit-requests", "anthropic-ratelimit-requests-limit"),
    "tokens_remaining": ("x-ratelimit-remaining-tokens", "anthropic-ratelimit-tokens-remaining"),
    "tokens_limit": ("x-ratelimit-limit-tokens", "anthropic-ratelimit-tokens-limit"),
}
RESET_HEADERS = ("x-ratelimit-reset-requests", "anthropic-ratelimit-requests-reset")
DURATION = re.compile(r"(?:(\d+)h)?(?:(\d+)m(?!s))?(?:([\d.]+)s)?(?:(\d+)ms)?$")


def rate_limit_info(headers: httpx.Headers) -> RateLimitInfo | None:
    values: dict[str, Any] = {}
    for name, candidates in RATE_LIMIT_HEADERS.items():
        for header in candidates:
            if header in headers and headers[header].isdigit():
                values[name] = int(headers[header])
    for header in RESET_HEADERS:
        if header in headers:
            values["reset_at"] = _reset_time(headers[header])
    return RateLimitInfo(**values) if values else None


def _reset_time(value: str) -> datetime | None:
    """OpenAI gives a duration ("6m0s", "20ms"); Anthropic an RFC 3339 instant."""
    match = DURATION.match(value)
    if match and any(match.groups()):
        h, m, s, ms = (float(g) if g else 0.0 for g in match.groups())
        return datetime.now(UTC) + timedelta(hours=h, minutes=m, seconds=s, milliseconds=ms)
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
