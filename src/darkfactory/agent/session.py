"""The Session (§2): the agentic loop that pairs a provider profile with an execution
environment.

``submit()`` runs one input to completion: LLM call (``Client.complete`` one turn at a time, or
``Client.stream`` with text deltas as events when ``stream_responses`` is on),
tool round, steering, loop detection, and again, until the model answers with text only, a limit
is hit, or ``abort()`` fires. Follow-up messages queued meanwhile run next. ``steer()``,
``follow_up()``, ``abort()`` and config changes are safe from other threads while it runs.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from enum import StrEnum
from typing import Any

from darkfactory.agent.config import SessionConfig
from darkfactory.agent.dispatch import ToolDispatcher
from darkfactory.agent.events import EventEmitter, EventKind, Subscriber
from darkfactory.agent.history import (
    AssistantTurn,
    SteeringTurn,
    ToolResultsTurn,
    Turn,
    UserTurn,
    history_chars,
    to_messages,
)
from darkfactory.agent.loop_detection import detect_loop, tool_call_signature
from darkfactory.agent.profiles.base import ProviderProfile
from darkfactory.agent.prompts import discover_project_docs, environment_context, git_context
from darkfactory.agent.registry import ToolRegistry
from darkfactory.agent.subagents import SubAgentManager
from darkfactory.llm.accumulator import StreamAccumulator
from darkfactory.llm.client import Client, get_default_client
from darkfactory.llm.errors import AbortError, ContextLengthError
from darkfactory.llm.retry import RetryPolicy, retry
from darkfactory.llm.types import Message, Request, Response, StreamEventType, ToolChoice

CONTEXT_WARNING_RATIO = 0.8
CHARS_PER_TOKEN = 4
ABORT_POLL_SECONDS = 0.05


class SessionState(StrEnum):
    IDLE = "idle"
    PROCESSING = "processing"
    AWAITING_INPUT = "awaiting_input"
    CLOSED = "closed"


class SessionClosedError(RuntimeError):
    """The session was closed or aborted and takes no more input."""


def loop_warning(window: int) -> str:
    return (
        f"Loop detected: the last {window} tool calls follow a repeating pattern. "
        "Try a different approach."
    )


class Session:
    def __init__(
        self,
        provider_profile: ProviderProfile,
        execution_env,
        config: SessionConfig | None = None,
        llm_client: Client | None = None,
        *,
        depth: int = 0,
        retry_policy: RetryPolicy | None = None,
        subscribers: Sequence[Subscriber] = (),
    ) -> None:
        """``subscribers`` receive every event from SESSION_START on."""
        self.id = str(uuid.uuid4())
        self.provider_profile = provider_profile
        self.execution_env = execution_env
        self.config = config or SessionConfig()
        self.llm_client = llm_client or get_default_client()
        self.retry_policy = retry_policy or RetryPolicy()
        self.depth = depth
        self.history: list[Turn] = []
        self.event_emitter = EventEmitter(self.id)
        for subscriber in subscribers:
            self.event_emitter.subscribe(subscriber)
        self.state = SessionState.IDLE
        self.steering_queue: deque[str] = deque()
        self.followup_queue: deque[str] = deque()
        self.subagents = SubAgentManager(self)
        self.abort_signaled = False
        self._abort = threading.Event()
        self._lock = threading.Lock()
        if depth == 0:
            execution_env.initialize()
        self.git = git_context(execution_env)
        self.environment_context = environment_context(
            execution_env, provider_profile.model, provider_profile.knowledge_cutoff, self.git
        )
        self.emit(EventKind.SESSION_START, depth=depth, provider=provider_profile.id)

    # -- host API ------------------------------------------------------------------------------
    def emit(self, kind: EventKind, **data: Any) -> None:
        self.event_emitter.emit(kind, **data)

    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]:
        return self.event_emitter.subscribe(subscriber)

    def submit(self, user_input: str) -> str:
        """Process ``user_input`` (and any follow-ups) to completion; the final assistant text."""
        with self._lock:
            if self.state is SessionState.CLOSED:
                raise SessionClosedError(f"session {self.id} is closed")
            if self.state is SessionState.PROCESSING:
                raise RuntimeError("the session is processing; use steer() or follow_up()")
            self.state = SessionState.PROCESSING
        text = ""
        next_input: str | None = user_input
        try:
            while next_input is not None:
                text = self._process_input(next_input)
                more = self.followup_queue and not self._abort.is_set()
                next_input = self.followup_queue.popleft() if more else None
        except AbortError:
            pass
        except ContextLengthError as error:
            self.emit(EventKind.WARNING, message=f"Context length exceeded: {error}")
        except Exception as error:  # unrecoverable: authentication, bad request, a bug
            self.emit(EventKind.ERROR, message=str(error), error_type=type(error).__name__)
            self._shutdown()
            raise
        if self._abort.is_set():
            self._shutdown()
            return text
        self.state = (
            SessionState.AWAITING_INPUT if text.rstrip().endswith("?") else SessionState.IDLE
        )
        self.emit(EventKind.PROCESSING_END, state=str(self.state), text=text)
        return text

    def steer(self, message: str) -> None:
        """Inject ``message`` after the current tool round (or before the next LLM call)."""
        self.steering_queue.append(message)

    def follow_up(self, message: str) -> None:
        """Process ``message`` as a new input once the current one is complete."""
        self.followup_queue.append(message)

    def abort(self) -> None:
        """Stop the loop, kill running commands, close subagents and end the session."""
        self.abort_signaled = True
        self._abort.set()
        if self.state is SessionState.PROCESSING:
            threading.Thread(target=self._reap, name=f"reap-{self.id[:8]}", daemon=True).start()
            self.subagents.abort_all()  # the loop's thread closes them once it has stopped
        else:
            self._shutdown()

    def close(self) -> None:
        """End an idle session (SESSION_END, CLOSED)."""
        if self.state is SessionState.PROCESSING:
            raise RuntimeError("the session is processing; abort() it instead")
        self._shutdown()

    @property
    def _streaming(self) -> bool:
        return self.config.stream_responses and self.provider_profile.supports_streaming

    @property
    def turns_used(self) -> int:
        return sum(isinstance(turn, AssistantTurn) for turn in self.history)

    # -- tools -----------------------------------------------------------------------------------
    def tool_registry(self) -> ToolRegistry:
        """The tools of this session: its subagent tools under the profile's, which win on a
        name collision (a custom tool registered on the profile overrides, §3.7)."""
        registry = self.provider_profile.session_registry(self.config)
        for name, tool in self.subagents.tools().items():
            if registry.get(name) is None:
                registry.register(tool)
        return registry

    # -- the loop ------------------------------------------------------------------------------
    def _process_input(self, user_input: str) -> str:
        self.history.append(UserTurn(user_input))
        self.emit(EventKind.USER_INPUT, content=user_input)
        self._drain_steering()
        rounds = 0
        text = ""
        while True:
            if self._limit_reached(rounds) or self._abort.is_set():
                break
            response = self._call_llm()
            turn = AssistantTurn(
                content=response.text,
                tool_calls=response.tool_calls,
                reasoning=response.reasoning,
                usage=response.usage,
                response_id=response.id,
                message=response.message,
            )
            self.history.append(turn)
            text = response.text
            if text and not self._streaming:
                self.emit(EventKind.ASSISTANT_TEXT_START)
            self.emit(
                EventKind.ASSISTANT_TEXT_END,
                text=text,
                reasoning=response.reasoning,
                model=response.model,
                provider=response.provider,
                response_id=response.id,
                usage=response.usage.counts(),
                tool_calls=[
                    {"id": c.id, "name": c.name, "arguments": c.arguments} for c in turn.tool_calls
                ],
            )
            self._check_context_usage()
            if not turn.tool_calls or self._abort.is_set():
                break
            rounds += 1
            dispatcher = ToolDispatcher(
                self.tool_registry(), self.execution_env, self.config, self.event_emitter
            )
            results = dispatcher.execute_all(
                turn.tool_calls, self.provider_profile.supports_parallel_tool_calls
            )
            self.history.append(ToolResultsTurn(results))
            self._drain_steering()
            self._detect_loop()
        return text

    def _limit_reached(self, rounds: int) -> bool:
        limit = self.config.max_tool_rounds_per_input
        if limit > 0 and rounds >= limit:
            self.emit(EventKind.TURN_LIMIT, round=rounds)
            return True
        if self.config.max_turns > 0 and self.turns_used >= self.config.max_turns:
            self.emit(EventKind.TURN_LIMIT, total_turns=self.turns_used)
            return True
        return False

    def build_request(self) -> Request:
        profile = self.provider_profile
        tools = self.tool_registry().definitions()
        system_prompt = profile.build_system_prompt(
            self.environment_context,
            discover_project_docs(
                self.execution_env, profile.id, self.git.root if self.git else None
            ),
            self.config.user_instructions,
            tools,
        )
        return Request(
            model=profile.model,
            messages=[Message.system(system_prompt), *to_messages(self.history)],
            tools=tools,
            tool_choice=ToolChoice("auto"),
            reasoning_effort=self.config.reasoning_effort,
            provider=profile.id,
            provider_options=profile.provider_options(self.config.reasoning_effort),
        )

    def _call_llm(self) -> Response:
        """One LLM call (retried per policy) that an abort abandons at once."""
        request = self.build_request()
        fetch = self._stream if self._streaming else self.llm_client.complete
        future: Future[Response] = Future()

        def call() -> None:
            try:
                future.set_result(retry(lambda: fetch(request), self.retry_policy))
            except BaseException as error:  # handed to the waiting session thread
                future.set_exception(error)

        threading.Thread(target=call, name=f"llm-{self.id[:8]}", daemon=True).start()
        while True:
            try:
                return future.result(timeout=ABORT_POLL_SECONDS)
            except FutureTimeout:
                if self._abort.is_set():
                    raise AbortError("the session was aborted") from None

    def _stream(self, request: Request) -> Response:
        """``Client.stream``, with text deltas as events, folded into the final Response."""
        accumulator = StreamAccumulator(request.provider or "", request.model)
        for event in self.llm_client.stream(request):
            if event.type == StreamEventType.ERROR and event.error is not None:
                raise event.error
            accumulator.process(event)
            if event.type == StreamEventType.TEXT_START:
                self.emit(EventKind.ASSISTANT_TEXT_START)
            elif event.type == StreamEventType.TEXT_DELTA and event.delta:
                self.emit(EventKind.ASSISTANT_TEXT_DELTA, delta=event.delta)
            if self._abort.is_set():
                raise AbortError("the session was aborted")
        return accumulator.response()

    def _drain_steering(self) -> None:
        while self.steering_queue:
            message = self.steering_queue.popleft()
            self.history.append(SteeringTurn(message))
            self.emit(EventKind.STEERING_INJECTED, content=message)

    def _detect_loop(self) -> None:
        window = self.config.loop_detection_window
        if not self.config.enable_loop_detection:
            return
        signatures = [
            tool_call_signature(call.name, call.arguments)
            for turn in self.history
            if isinstance(turn, AssistantTurn)
            for call in turn.tool_calls
        ]
        if detect_loop(signatures, window):
            warning = loop_warning(window)
            self.history.append(SteeringTurn(warning))
            self.emit(EventKind.LOOP_DETECTION, message=warning)

    def _check_context_usage(self) -> None:
        approx_tokens = history_chars(self.history) / CHARS_PER_TOKEN
        window = self.provider_profile.context_window_size
        if approx_tokens > window * CONTEXT_WARNING_RATIO:
            percent = round(approx_tokens / window * 100)
            self.emit(EventKind.WARNING, message=f"Context usage at ~{percent}% of context window")

    # -- shutdown --------------------------------------------------------------------------------
    def _reap(self) -> None:
        """Kill running commands (SIGTERM, then SIGKILL: the environment's cleanup) until the
        aborted loop has stopped, since one may start just after the abort."""
        while self.state is SessionState.PROCESSING:
            self.execution_env.cleanup()
            time.sleep(ABORT_POLL_SECONDS)

    def _shutdown(self) -> None:
        """Close subagents, clean up, emit SESSION_END and go CLOSED (once)."""
        with self._lock:
            if self.state is SessionState.CLOSED:
                return
            self.state = SessionState.CLOSED
        self.subagents.close_all()
        if self.depth == 0:  # a subagent's environment belongs to its parent
            self.execution_env.cleanup()
        self.emit(EventKind.SESSION_END, state=str(self.state))
