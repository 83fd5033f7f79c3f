"""What the OpenAI, Anthropic and Gemini twins share: key, scripts endpoints, exchanges, faults.

A provider twin subclasses ``LlmTwin``, names its catalog and caching rule, and answers model calls
with ``exchange(call, parse, render)``: parse the wire request into a Prompt, let the state answer,
record the exchange (errors included), render the reply or the error in the provider's dialect.
A streamed reply is sent with ``stream(reply, events, fail)``, which breaks it off midway when a
script turn or a fault (``fails_midway``) asks for a stream failure. Model calls spend from the
twin's per-minute budgets (``limits``); one that finds a budget spent is ``rate_limited``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import asdict
from typing import Any, ClassVar

import yaml
from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from darkfactory.twins.kit import Twin, TwinError
from darkfactory.twins.kit.faults import Trip
from darkfactory.twins.kit.ids import MIXED_ALNUM
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.llm import ui
from darkfactory.twins.llm.limits import Exceeded, Limits, refused
from darkfactory.twins.llm.prompt import FailureKind, Prompt, Reply, StreamFailure, Usage
from darkfactory.twins.llm.schema import SCHEMA
from darkfactory.twins.llm.script import load_file, parse_scripts
from darkfactory.twins.llm.state import Caching, LlmState
from darkfactory.twins.llm.tokens import MIN_CACHED, encoded, input_tokens
from darkfactory.twins.llm.wire import SSE, sse_response, until_delta

SCRIPTS_ENV = "DARKFACTORY_LLM_SCRIPTS"

Parse = Callable[[Call], Prompt]
Render = Callable[[Call, Prompt, Reply], Response]
Fail = Callable[[TwinError, int], list[bytes]]  # the frames ending a failed stream
FAULT_FAILURES: dict[str, FailureKind] = {
    "outage": "overloaded",
    "rate_limit": "rate_limit",
    "error": "server_error",
}


class LlmTwin(Twin):
    """Base of the provider twins; ``state`` holds their scripts, exchanges and caches."""

    schema = SCHEMA
    catalog: ClassVar[list[str]]
    caching: ClassVar[Caching] = "automatic"
    cache_increment: ClassVar[int] = 1
    key_prefix: ClassVar[str]
    outage_status: ClassVar[int] = 503
    model_calls: ClassVar[tuple[str, ...]]  # the operations answered by ``exchange``
    malformed: ClassVar[str] = "a field of the request body has a value of the wrong type"
    default_limits: ClassVar[dict[str, int]]  # per minute, by kind (``limits.KINDS``)

    def __init__(self, universe) -> None:
        super().__init__(universe)
        self.state = LlmState(
            universe,
            self.name,
            self.catalog,
            self.caching,
            self.cache_increment,
            self.min_cached,
        )
        self.limits = Limits(universe, self.name, self.default_limits)

    # -- universe hooks -------------------------------------------------------------------------
    def seed(self, options: dict[str, Any]) -> None:
        """Issue the API key; register scripts from ``options["scripts"]`` or the file named by
        $DARKFACTORY_LLM_SCRIPTS."""
        key = self.key_prefix + self.universe.ids.derive(f"{self.name}.api-key", 40, MIXED_ALNUM)
        self.universe.tokens.issue(self.name, key, "admin", kind="api_key")
        if options.get("limits"):
            self.limits.set(options["limits"])
        source = options.get("scripts") or os.environ.get(SCRIPTS_ENV)
        if isinstance(source, str | os.PathLike):
            self.state.register(load_file(source))
        elif source:
            self.state.register(parse_scripts(source))

    def credentials(self) -> dict[str, Any]:
        return {"base_url": self.client_url, "api_key": self.api_key}

    @property
    def api_key(self) -> str:
        return self.universe.tokens.of(self.name, "admin", "api_key")[0].token

    def key_is_valid(self, key: str) -> bool:
        return bool(key) and self.universe.tokens.lookup(self.name, key) is not None

    def ui_routes(self) -> list[BaseRoute]:
        return ui.routes(self)

    def fault_error(self, trip: Trip) -> TwinError:
        fault = trip.fault
        if fault.kind == "rate_limit":
            return TwinError(
                fault.code or "rate_limit",
                fault.status or 429,
                fault.message or "",
                retry_after=trip.retry_after,
            )
        if fault.kind == "outage":
            return TwinError(
                fault.code or "overloaded", fault.status or self.outage_status, fault.message or ""
            )
        return TwinError(fault.code or "server_error", fault.status or 500, fault.message or "")

    def fails_midway(self, call: Call, trip: Trip) -> bool:
        """A fault with ``after_deltas`` strikes a model call's answer midway."""
        return trip.fault.after_deltas is not None and call.operation in self.model_calls

    @staticmethod
    def fault_failure(trip: Trip) -> StreamFailure:
        fault = trip.fault
        return StreamFailure(
            fault.after_deltas or 0, FAULT_FAILURES[fault.kind], fault.message or "", fault.status
        )

    # -- model calls ----------------------------------------------------------------------------
    def new_call_id(self) -> str:
        """A fresh id for a tool call, in the provider's format."""
        raise NotImplementedError

    def min_cached(self, model: str) -> int:
        """The shortest prefix, in tokens, that ``model`` caches."""
        return MIN_CACHED

    def rate_limited(self, exceeded: Exceeded, prompt: Prompt) -> TwinError:
        """The provider's 429 for a call that finds a budget spent."""
        return refused(exceeded)

    def limited_input(self, usage: Usage) -> int:
        """The input tokens of an answered call that its input-token budgets count."""
        return usage.input_tokens

    def read(self, call: Call, parse: Parse) -> Prompt:
        """``parse(call)``; a body whose shape the parser did not foresee is the provider's 400."""
        try:
            return parse(call)
        except (AttributeError, TypeError, KeyError, IndexError, ValueError) as exc:
            raise TwinError("invalid_request", 400, f"Invalid request: {self.malformed}.") from exc

    def exchange(self, call: Call, parse: Parse, render: Render) -> Response:
        """Answer one model call; every outcome is recorded for tests and the UI.

        A reply whose stream fails midway is recorded with its error; asked for without
        streaming, it is that error's answer instead."""
        prompt = None
        try:
            prompt = self.read(call, parse)
            texts = encoded(prompt)
            size = input_tokens(prompt, texts)
            exceeded = self.limits.check(size)
            if exceeded is not None:
                raise self.rate_limited(exceeded, prompt)
            reply = self.state.answer(prompt, self.new_call_id, size, texts)
            usage = reply.usage
            self.limits.spend(
                self.limited_input(usage), usage.output_tokens + usage.reasoning_tokens
            )
            if call.trip is not None:
                reply.failure = self.fault_failure(call.trip)
            failure = self.failure_error(reply.failure) if reply.failure else None
            if failure is not None and not prompt.stream:
                raise failure
        except TwinError as error:
            model = prompt.model if prompt else _model_of(call)
            self.state.record(call.operation, model, call.body, _headers(call), prompt, None, error)
            return self.render_error(call.request, error)
        self.state.record(
            call.operation, prompt.model, call.body, _headers(call), prompt, reply, failure
        )
        return render(call, prompt, reply)

    def failure_error(self, failure: StreamFailure) -> TwinError:
        """The provider's error for a stream failure's kind (a cut answers a server error)."""
        status = {"overloaded": self.outage_status, "rate_limit": 429}.get(failure.kind, 500)
        return TwinError(failure.kind, failure.status or status, failure.message)

    def stream(
        self, reply: Reply, events: list[bytes], fail: Fail, media_type: str = SSE
    ) -> Response:
        """``events`` as a stream (server-sent events unless ``media_type`` says otherwise).
        When the reply's stream fails, it stops after the failure's deltas and ends with
        ``fail(error, frames sent)``, or is cut."""
        failure = reply.failure
        if failure is None:
            return sse_response(events, media_type=media_type)
        sent = until_delta(events, failure.after_deltas)
        if failure.kind == "cut":
            return sse_response(sent, cut=True, media_type=media_type)
        error = fail(self.failure_error(failure), len(sent))
        return sse_response(sent + error, media_type=media_type)

    # -- control endpoints under the mount ------------------------------------------------------
    def control_routes(self) -> list[BaseRoute]:
        """``/_scripts`` (POST registers, GET lists, DELETE clears), ``/_exchanges`` and
        ``/_limits`` (GET the budgets' state, POST sets limits)."""
        state = self.state
        store = self.universe.store
        limits = self.limits

        async def scripts(request: Request) -> Response:
            if request.method == "GET":
                return JSONResponse({"scripts": state.scripts()})
            if request.method == "DELETE":
                with store.transaction():
                    return JSONResponse({"removed": state.clear_scripts()})
            try:
                chosen = parse_scripts(yaml.safe_load(await request.body()) or {})
            except (yaml.YAMLError, ValidationError, TypeError) as exc:
                return JSONResponse({"error": f"invalid script: {_reason(exc)}"}, 400)
            with store.transaction():
                state.register(chosen)
            return JSONResponse(
                {"scripts": [s.model_dump(by_alias=True, exclude_unset=True) for s in chosen]}, 201
            )

        async def script(request: Request) -> Response:
            with store.transaction():
                removed = state.clear_scripts(request.path_params["model"])
            if not removed:
                return JSONResponse({"error": "no such script"}, 404)
            return JSONResponse({"removed": removed})

        async def exchanges(request: Request) -> Response:
            q = request.query_params
            since = int(q["since"]) if q.get("since", "").isdigit() else 0
            return JSONResponse({"exchanges": state.exchanges(q.get("model"), since)})

        async def budgets(request: Request) -> Response:
            if request.method == "POST":
                try:
                    with store.transaction():
                        limits.set(json.loads(await request.body() or b"{}"))
                except ValueError as exc:
                    return JSONResponse({"error": f"invalid limits: {exc}"}, 400)
            return JSONResponse(
                {
                    "limits": limits.limits(),
                    "budgets": [asdict(b) for b in limits.budgets().values()],
                }
            )

        return [
            Route("/_limits", budgets, methods=["GET", "POST"]),
            Route("/_scripts", scripts, methods=["GET", "POST", "DELETE"]),
            Route("/_scripts/{model:path}", script, methods=["DELETE"]),
            Route("/_exchanges", exchanges, methods=["GET"]),
        ]


def bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    return header[7:].strip() if header[:7].lower() == "bearer " else ""


SECRET_HEADERS = ("authorization", "x-api-key", "x-goog-api-key")


def _headers(call: Call) -> dict[str, str]:
    """The request's headers as recorded: credentials cut to their first characters. They are
    read from the request as received (as ``Headers.items`` decodes them), the last of a
    repeated name kept."""
    recorded = {}
    for raw_name, raw_value in call.request.scope["headers"]:
        name, value = raw_name.decode("latin-1"), raw_value.decode("latin-1")
        recorded[name] = value[:12] + "…" if name in SECRET_HEADERS else value
    return recorded


def _model_of(call: Call) -> str:
    body = call.json if isinstance(call.json, dict) else {}
    model = body.get("model") or call.path_params.get("model") or ""
    return model if isinstance(model, str) else json.dumps(model)


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
    return str(exc)
