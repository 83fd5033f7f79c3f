"""The high-level API: ``generate``/``agenerate`` and ``stream``/``astream``.

They take a prompt or messages, retry each LLM call per the retry policy, run active tools
concurrently between steps (up to ``max_tool_rounds``), honour abort signals and timeouts, and
record every step. Streams retry only their opening (up to their first event); a failure after
that ends the stream with an ERROR event, and ``response()`` raises it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypedDict, Unpack

from darkfactory.llm.abort import AbortSignal, Budget, TimeoutConfig, guarded
from darkfactory.llm.accumulator import StreamAccumulator
from darkfactory.llm.client import Client, get_default_client
from darkfactory.llm.errors import AbortError, ConfigurationError, SDKError, StreamError
from darkfactory.llm.retry import RetryPolicy, aretry, retry
from darkfactory.llm.tools import (
    Repair,
    Tool,
    ToolContext,
    aexecute_all,
    all_executable,
    execute_all,
)
from darkfactory.llm.types import (
    FinishReason,
    Message,
    Request,
    Response,
    ResponseFormat,
    StreamEvent,
    StreamEventType,
    ToolCall,
    ToolChoice,
    ToolResult,
    Usage,
    Warning,
)

E = StreamEventType


class GenerateOptions(TypedDict, total=False):
    messages: list[Message]
    system: str
    tools: list[Tool]
    tool_choice: ToolChoice
    max_tool_rounds: int
    stop_when: Callable[[list[StepResult]], bool]
    response_format: ResponseFormat
    temperature: float
    top_p: float
    max_tokens: int
    stop_sequences: list[str]
    reasoning_effort: str
    provider: str
    provider_options: dict[str, Any]
    metadata: dict[str, str]
    max_retries: int
    retry_policy: RetryPolicy
    timeout: float | TimeoutConfig
    abort_signal: AbortSignal
    client: Client
    repair_tool_call: Repair


REQUEST_FIELDS = (
    "tool_choice",
    "response_format",
    "temperature",
    "top_p",
    "max_tokens",
    "stop_sequences",
    "reasoning_effort",
    "provider",
    "provider_options",
    "metadata",
)


@dataclass
class StepResult:
    text: str
    reasoning: str | None
    tool_calls: list[ToolCall]
    tool_results: list[ToolResult]
    finish_reason: FinishReason
    usage: Usage
    response: Response
    warnings: list[Warning] = field(default_factory=list)


@dataclass
class GenerateResult:
    text: str
    reasoning: str | None
    tool_calls: list[ToolCall]
    tool_results: list[ToolResult]
    finish_reason: FinishReason
    usage: Usage
    total_usage: Usage
    steps: list[StepResult]
    response: Response
    output: Any = None


class Run:
    """The state of one high-level call: conversation so far, steps, budgets."""

    def __init__(self, model: str, prompt: str | None, options: GenerateOptions) -> None:
        unknown = set(options) - set(GenerateOptions.__annotations__)
        if unknown:
            raise TypeError(f"unknown options: {', '.join(sorted(unknown))}")
        messages = options.get("messages")
        if (prompt is None) == (messages is None):
            raise ConfigurationError("give exactly one of prompt or messages")
        system = options.get("system")
        self.conversation = ([Message.system(system)] if system else []) + (
            list(messages) if messages is not None else [Message.user(prompt or "")]
        )
        self.model = model
        self.options = options
        self.tools = list(options.get("tools") or [])
        self.max_rounds = options.get("max_tool_rounds", 1)
        self.client = options.get("client") or get_default_client()
        self.policy = options.get("retry_policy") or RetryPolicy(
            max_retries=options.get("max_retries", 2)
        )
        self.budget = Budget(options.get("timeout"))
        self.signal = options.get("abort_signal")
        self.steps: list[StepResult] = []
        self.error: SDKError | None = None
        self.acc: StreamAccumulator | None = None

    def request(self) -> Request:
        """The next step's request; raises AbortError / RequestTimeoutError when it may not run."""
        if self.signal is not None:
            self.signal.raise_if_aborted()
        fields = {k: self.options[k] for k in REQUEST_FIELDS if k in self.options}
        return Request(
            model=self.model,
            messages=list(self.conversation),
            tools=[t.definition for t in self.tools] or None,
            timeout=self.budget.step_seconds(),
            **fields,
        )

    @property
    def context(self) -> ToolContext:
        return ToolContext(list(self.conversation), self.signal)

    def wants_tools(self, response: Response) -> bool:
        calls = response.tool_calls
        return (
            bool(calls)
            and response.finish_reason.reason == "tool_calls"
            and len(self.steps) < self.max_rounds
            and all_executable(self.tools, calls)
        )

    def step(self, response: Response, results: list[ToolResult]) -> bool:
        """Record a step; True when the loop goes on with the tool results."""
        self.steps.append(
            StepResult(
                response.text,
                response.reasoning,
                response.tool_calls,
                results,
                response.finish_reason,
                response.usage,
                response,
                response.warnings,
            )
        )
        stop = self.options.get("stop_when")
        if not results or (stop is not None and stop(self.steps)):
            return False
        self.conversation.append(response.message)
        self.conversation.extend(
            Message.tool_result(r.tool_call_id, r.content, r.is_error) for r in results
        )
        return True

    def result(self) -> GenerateResult:
        last = self.steps[-1]
        total = Usage()
        for step in self.steps:
            total = total + step.usage
        return GenerateResult(
            last.text,
            last.reasoning,
            last.tool_calls,
            last.tool_results,
            last.finish_reason,
            last.usage,
            total,
            list(self.steps),
            last.response,
        )

    def step_event(self, response: Response, more: bool) -> StreamEvent:
        return StreamEvent(
            E.STEP_FINISH if more else E.FINISH,
            finish_reason=response.finish_reason,
            usage=response.usage,
            response=response,
        )


def generate(
    model: str, prompt: str | None = None, **options: Unpack[GenerateOptions]
) -> GenerateResult:
    run = Run(model, prompt, options)
    while True:
        response = retry(lambda: run.client.complete(run.request()), run.policy)
        results = (
            execute_all(
                run.tools, response.tool_calls, run.context, options.get("repair_tool_call")
            )
            if run.wants_tools(response)
            else []
        )
        if not run.step(response, results):
            return run.result()


async def agenerate(
    model: str, prompt: str | None = None, **options: Unpack[GenerateOptions]
) -> GenerateResult:
    run = Run(model, prompt, options)

    async def attempt() -> Response:
        request = run.request()
        return await guarded(run.client.acomplete(request), run.signal, request.timeout)

    while True:
        response = await aretry(attempt, run.policy)
        results = (
            await guarded(
                aexecute_all(
                    run.tools, response.tool_calls, run.context, options.get("repair_tool_call")
                ),
                run.signal,
                None,
            )
            if run.wants_tools(response)
            else []
        )
        if not run.step(response, results):
            return run.result()


# -- streaming ------------------------------------------------------------------------------


def _opening_error(first: StreamEvent) -> SDKError | None:
    """An error in place of a stream's first event fails its opening, which is retried:
    nothing has been delivered yet."""
    return first.error if first.type == E.ERROR else None


def _open(run: Run) -> Iterator[StreamEvent]:
    """A step's events, opened (and so retried) up to the first event."""
    events = run.client.stream(run.request())
    first = next(events)
    if (error := _opening_error(first)) is not None:
        close = getattr(events, "close", None)
        if close:
            close()
        raise error

    def rest() -> Iterator[StreamEvent]:
        try:
            yield first
            yield from events
        finally:
            close = getattr(events, "close", None)
            if close:
                close()

    return rest()


def _stream_events(run: Run) -> Iterator[StreamEvent]:
    while True:
        events = retry(lambda: _open(run), run.policy)
        run.acc = StreamAccumulator()
        response = None
        try:
            for event in events:
                if run.signal is not None and run.signal.aborted:
                    raise AbortError(run.signal.reason or "the stream was aborted")
                run.acc.process(event)
                if event.type == E.FINISH:
                    response = event.response
                    break
                yield event
                if event.type == E.ERROR:
                    run.error = event.error
                    return
        finally:
            events.close()
        if response is None:
            run.error = StreamError("the stream ended without a finish event")
            return
        results = (
            execute_all(
                run.tools, response.tool_calls, run.context, run.options.get("repair_tool_call")
            )
            if run.wants_tools(response)
            else []
        )
        more = run.step(response, results)
        yield run.step_event(response, more)
        if not more:
            return


async def _astream_events(run: Run) -> AsyncIterator[StreamEvent]:
    while True:

        async def attempt() -> tuple[AsyncIterator[StreamEvent], StreamEvent, float | None]:
            request = run.request()
            events = run.client.astream(request)
            first = await guarded(anext(events), run.signal, request.timeout)
            if (error := _opening_error(first)) is not None:
                await events.aclose()
                raise error
            return events, first, request.timeout

        events, event, seconds = await aretry(attempt, run.policy)
        run.acc = StreamAccumulator()
        response = None
        try:
            while True:
                run.acc.process(event)
                if event.type == E.FINISH:
                    response = event.response
                    break
                yield event
                if event.type == E.ERROR:
                    run.error = event.error
                    return
                try:
                    event = await guarded(anext(events), run.signal, seconds)
                except StopAsyncIteration:
                    break
        finally:
            await events.aclose()
        if response is None:
            run.error = StreamError("the stream ended without a finish event")
            return
        results = (
            await guarded(
                aexecute_all(
                    run.tools, response.tool_calls, run.context, run.options.get("repair_tool_call")
                ),
                run.signal,
                None,
            )
            if run.wants_tools(response)
            else []
        )
        more = run.step(response, results)
        yield run.step_event(response, more)
        if not more:
            return


class _Results:
    def __init__(self, run: Run) -> None:
        self.run = run

    @property
    def partial_response(self) -> Response | None:
        return self.run.acc.response() if self.run.acc else None

    def _final(self) -> Response:
        if self.run.error is not None:
            raise self.run.error
        if not self.run.steps:
            raise StreamError("the stream was closed before it finished")
        return self.run.steps[-1].response

    def _result(self) -> GenerateResult:
        self._final()
        return self.run.result()


class StreamResult(_Results):
    """Iterate for events; ``response()`` (or ``result()``) finishes the stream and returns it."""

    def __init__(self, run: Run) -> None:
        super().__init__(run)
        self._events = _stream_events(run)

    def __iter__(self) -> Iterator[StreamEvent]:
        return self._events

    def close(self) -> None:
        """Stop early, closing the connection."""
        self._events.close()

    def response(self) -> Response:
        for _ in self._events:
            pass
        return self._final()

    def result(self) -> GenerateResult:
        self.response()
        return self._result()

    @property
    def text_stream(self) -> Iterator[str]:
        return (e.delta or "" for e in self._events if e.type == E.TEXT_DELTA)


class AsyncStreamResult(_Results):
    def __init__(self, run: Run) -> None:
        super().__init__(run)
        self._events = _astream_events(run)

    def __aiter__(self) -> AsyncIterator[StreamEvent]:
        return self._events

    async def aclose(self) -> None:
        """Stop early, closing the connection."""
        await self._events.aclose()

    async def response(self) -> Response:
        async for _ in self._events:
            pass
        return self._final()

    async def result(self) -> GenerateResult:
        await self.response()
        return self._result()

    @property
    def text_stream(self) -> AsyncIterator[str]:
        return (e.delta or "" async for e in self._events if e.type == E.TEXT_DELTA)


def stream(
    model: str, prompt: str | None = None, **options: Unpack[GenerateOptions]
) -> StreamResult:
    return StreamResult(Run(model, prompt, options))


def astream(
    model: str, prompt: str | None = None, **options: Unpack[GenerateOptions]
) -> AsyncStreamResult:
    return AsyncStreamResult(Run(model, prompt, options))
