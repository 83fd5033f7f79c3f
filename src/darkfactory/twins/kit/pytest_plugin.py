"""pytest fixtures for testing against a universe served on a free loopback port.

``universe`` is fresh for every test: the session's universe restored to its seeded baseline.
``universe_fork`` is a separate universe forked from that baseline, for tests that need two.
Each twin may add its own fixtures (ready SDK clients) in ``darkfactory/twins/<name>/testing.py``.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from darkfactory.twins.kit.access import COOKIE, admin_headers
from darkfactory.twins.kit.server import UniverseServer
from darkfactory.twins.kit.universe import Universe
from darkfactory.twins.registry import TWINS


@functools.cache
def control_client() -> httpx.Client:
    """The one client of this process's control-plane calls: making a client costs more than a
    call on loopback does."""
    return httpx.Client(timeout=30)


@dataclass
class RunningUniverse:
    """A served universe as a test sees it."""

    server: UniverseServer

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def universe(self) -> Universe:
        return self.server.universe

    @property
    def admin_headers(self) -> dict[str, str]:
        """What the control plane and the twins' setup routes (``/<twin>/_...``) require."""
        return admin_headers(self.universe.admin_token)

    @property
    def admin_cookies(self) -> dict[str, str]:
        """The cookie a browser holds after opening the banner's ``/ui/?token=`` link."""
        return {COOKIE: self.universe.admin_token}

    def control(self, method: str, path: str, **kwargs) -> dict:
        """Call the control plane, failing the test on an error answer."""
        headers = {**self.admin_headers, **kwargs.pop("headers", {})}
        response = control_client().request(
            method, f"{self.url}/_universe{path}", headers=headers, **kwargs
        )
        response.raise_for_status()
        return response.json()

    @property
    def credentials(self) -> dict:
        return self.control("GET", "/credentials")

    def call(self, fn, *args):
        """Run ``fn(*args)`` on the server thread, where the universe's store lives."""
        return self.server.call(fn, *args)


@pytest.fixture(scope="session")
def universe_session() -> Iterator[tuple[UniverseServer, str]]:
    server = UniverseServer(Universe(seed=0)).start()
    baseline = server.call(server.universe.snapshot)
    yield server, baseline
    server.stop()


@pytest.fixture
def universe(universe_session) -> RunningUniverse:
    server, baseline = universe_session
    server.call(server.universe.restore, baseline)
    return RunningUniverse(server)


@pytest.fixture
def universe_fork(universe_session) -> Iterator[RunningUniverse]:
    server, baseline = universe_session
    fork = server.call(server.universe.fork, baseline)
    child = UniverseServer(fork).start()
    yield RunningUniverse(child)
    child.stop()


def pytest_configure(config: pytest.Config) -> None:
    for name in TWINS:
        module = f"darkfactory.twins.{name}.testing"
        if importlib.util.find_spec(module) is not None:
            config.pluginmanager.register(importlib.import_module(module), module)
