"""Fixtures of the compatibility suite: loopback-only sockets, litellm kept offline, scripts.

Third-party clients reach for the internet on their own (litellm fetches a price map and
tokenizers, reports telemetry); here every connection and name lookup that is not loopback is
refused and recorded, and a test that attempted one fails."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import ModuleType

import httpx
import pytest
from tests.twins.llm.compat.scripting import MODELS, answered

LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}


def _is_loopback(host: object) -> bool:
    if host is None or (isinstance(host, str) and host.lower() in LOOPBACK_NAMES):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Refuse every name lookup and connection that leaves the machine; fail the test after."""
    attempts: list[str] = []
    lookup = socket.getaddrinfo
    connect, connect_ex = socket.socket.connect, socket.socket.connect_ex

    def guarded_lookup(host, *args, **kwargs):
        if not _is_loopback(host.decode() if isinstance(host, bytes) else host):
            attempts.append(f"lookup {host}")
            raise socket.gaierror(socket.EAI_NONAME, f"{host} is not loopback")
        return lookup(host, *args, **kwargs)

    def guard(sock: socket.socket, address) -> None:
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address[0]):
            attempts.append(f"connect {address}")
            raise ConnectionRefusedError(f"{address} is not loopback")

    def guarded_connect(sock, address):
        guard(sock, address)
        return connect(sock, address)

    def guarded_connect_ex(sock, address):
        guard(sock, address)
        return connect_ex(sock, address)

    monkeypatch.setattr(socket, "getaddrinfo", guarded_lookup)
    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
    yield attempts
    assert not attempts, f"a client tried to leave the machine: {attempts}"


@pytest.fixture
def litellm(monkeypatch: pytest.MonkeyPatch, loopback_only) -> ModuleType:
    """litellm with its bundled price map and beta headers, no tokenizer downloads, telemetry or
    callbacks."""
    monkeypatch.setenv("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    monkeypatch.setenv("LITELLM_LOCAL_ANTHROPIC_BETA_HEADERS", "True")
    monkeypatch.setenv("LITELLM_TELEMETRY", "False")
    import litellm

    monkeypatch.setattr(litellm, "telemetry", False)
    monkeypatch.setattr(litellm, "disable_hf_tokenizer_download", True)
    for hooks in ("callbacks", "success_callback", "failure_callback", "_async_success_callback"):
        monkeypatch.setattr(litellm, hooks, [])
    return litellm


@dataclass
class ScriptedTwin:
    """One provider twin's scripted model: register its turns, read what it recorded."""

    provider: str
    model: str
    register: Callable[[list[dict]], object]
    exchanges: Callable[..., list[dict]]


@pytest.fixture
def scripted(llm_script, llm_exchanges) -> Callable[[str], ScriptedTwin]:
    """``scripted("gemini")``: the scripted model of that provider twin (see ``MODELS``)."""

    def on(provider: str) -> ScriptedTwin:
        model = MODELS[provider]
        return ScriptedTwin(
            provider,
            model,
            lambda turns: llm_script(model=model, turns=turns, providers=(provider,)),
            lambda *statuses: answered(llm_exchanges(provider, model), *statuses),
        )

    return on


@pytest.fixture
def budget(universe):
    """Lower one provider twin's per-minute budgets: ``budget("openai", requests=1)``."""

    def lower(provider: str, **limits: int) -> None:
        httpx.post(
            f"{universe.url}/{provider}/_limits", json=limits, headers=universe.admin_headers
        ).raise_for_status()

    return lower
