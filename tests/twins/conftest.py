"""Fixtures shared by the twins' tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from darkfactory.twins.cli import served_fixtures
from darkfactory.twins.kit.pytest_plugin import RunningUniverse
from darkfactory.twins.kit.server import UniverseServer
from darkfactory.twins.kit.universe import Universe


@pytest.fixture(scope="module")
def served() -> Iterator[RunningUniverse]:
    """A universe started as ``universe up --seed 1`` (and so ``make run``) starts one, with the
    demo data a served universe gets."""
    server = UniverseServer(Universe(seed=1, fixtures=served_fixtures(()))).start()
    yield RunningUniverse(server)
    server.stop()
    server.universe.close()
