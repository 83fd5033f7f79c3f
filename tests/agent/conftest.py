"""Fixtures for the coding agent's tests: sessions on scripted models served by the LLM twins,
working in a temporary directory. Nothing here reaches beyond loopback."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from tests.agent.scripting import ADAPTERS, MODEL, PROVIDERS

from darkfactory.agent.config import SessionConfig
from darkfactory.agent.environment import LocalExecutionEnvironment
from darkfactory.agent.events import EventKind, SessionEvent
from darkfactory.agent.profiles import ProviderProfile, create_profile
from darkfactory.agent.session import Session, SessionState
from darkfactory.llm import Client, RetryPolicy

# -- sessions driven by scripted models on the LLM twins -------------------------------------

FAST_RETRY = RetryPolicy(max_retries=2, base_delay=0.01, jitter=False)


@dataclass
class Harness:
    """A session on a scripted model, the events it emitted, and what the twin was sent."""

    provider: str
    session: Session
    env: LocalExecutionEnvironment
    root: Path
    events: list[SessionEvent]
    read_exchanges: Callable[..., list[dict]]

    def submit(self, text: str) -> str:
        return self.session.submit(text)

    def of_kind(self, kind: EventKind) -> list[SessionEvent]:
        return [e for e in self.events if e.kind is kind]

    def requests(self) -> list[dict]:
        """The neutral prompts the twin received, oldest first."""
        return [x["prompt"] for x in self.read_exchanges(self.provider, MODEL)]

    def bodies(self) -> list[dict]:
        """The request bodies as sent on the wire, oldest first."""
        return [x["request"] for x in self.read_exchanges(self.provider, MODEL)]


@pytest.fixture(scope="session")
def twin_http(universe_session) -> Iterator[httpx.Client]:
    """One HTTP client on the session's universe, reused for scripts and recordings."""
    server, _ = universe_session
    admin = {"Authorization": f"Bearer {server.universe.admin_token}"}
    with httpx.Client(base_url=server.url, headers=admin, timeout=30) as http:
        yield http


@pytest.fixture(scope="session")
def twin_credentials(twin_http) -> dict:
    """The seeded credentials (the same after every restore)."""
    return twin_http.get("/_universe/credentials").json()


@pytest.fixture(scope="session")
def agent_client(twin_credentials) -> Iterator[Client]:
    """A darkfactory.llm Client with every provider pointed at its twin."""
    creds = twin_credentials
    client = Client({p: ADAPTERS[p](creds[p]["api_key"], creds[p]["base_url"]) for p in PROVIDERS})
    yield client
    client.close()


@pytest.fixture
def script(universe, twin_http) -> Callable[..., None]:
    """``script(provider, model, turns, repeat_last=False)``: register a scripted model."""

    def register(provider: str, model: str, turns: list[dict], repeat_last: bool = False):
        body = {"scripts": [{"model": model, "turns": turns, "repeat_last": repeat_last}]}
        twin_http.post(f"/{provider}/_scripts", json=body).raise_for_status()

    return register


@pytest.fixture
def exchanges(universe, twin_http) -> Callable[..., list[dict]]:
    """``exchanges(provider, model)``: what the twin received and answered, oldest first."""

    def read(provider: str, model: str) -> list[dict]:
        answer = twin_http.get(f"/{provider}/_exchanges", params={"model": model})
        answer.raise_for_status()
        return answer.json()["exchanges"]

    return read


@pytest.fixture
def agent(agent_client, script, exchanges, tmp_path) -> Iterator[Callable[..., Harness]]:
    """``agent(provider, turns, config=..., profile=...)``: register ``turns`` as the script of
    the scripted model on that provider's twin and open a session on it in ``tmp_path``."""
    sessions: list[Session] = []

    def start(
        provider: str,
        turns: list[dict],
        config: SessionConfig | None = None,
        profile: ProviderProfile | None = None,
        repeat_last: bool = False,
    ) -> Harness:
        script(provider, MODEL, turns, repeat_last)
        env = LocalExecutionEnvironment(tmp_path)
        events: list[SessionEvent] = []
        profile = profile or create_profile(provider, MODEL)
        session = Session(
            profile, env, config, agent_client, retry_policy=FAST_RETRY, subscribers=[events.append]
        )
        sessions.append(session)
        return Harness(provider, session, env, tmp_path, events, exchanges)

    yield start
    for session in sessions:
        if session.state is not SessionState.CLOSED:
            session.abort()


@pytest.fixture(params=PROVIDERS)
def provider(request) -> str:
    return request.param
