"""``python:NAME=FILE``: a twin written outside the package (a factory's workspace) served by a
universe, forked under the same spec, and refused with a message when FILE is not such a twin."""

from __future__ import annotations

import httpx
import pytest

from darkfactory.twins.kit.server import UniverseServer
from darkfactory.twins.kit.universe import Universe
from darkfactory.twins.registry import twin_classes

TWIN = '''"""A clock twin: it tells the universe's time."""
from starlette.responses import JSONResponse
from starlette.routing import Route

from darkfactory.twins.kit import Twin, operation

from .answers import shaped


@operation("getTime")
def now(call):
    return JSONResponse(shaped(call.universe.clock.now()))


class ClockTwin(Twin):
    name = "{name}"
    title = "Clock"

    def routes(self):
        return [Route("/time", now, methods=["GET"])]


TWIN = ClockTwin
'''


@pytest.fixture
def package(tmp_path):
    """A twin package written on disk, with a module of its own beside its ``__init__.py``."""

    def write(name: str, folder: str = "clock"):
        root = tmp_path / folder
        root.mkdir()
        (root / "__init__.py").write_text(TWIN.replace("{name}", name))
        (root / "answers.py").write_text('def shaped(seconds):\n    return {"now": seconds}\n')
        return root / "__init__.py"

    return write


def test_a_twin_from_a_file_is_served_and_forked(package):
    spec = f"python:clock={package('clock')}"
    server = UniverseServer(Universe(twins=[spec])).start()
    try:
        answer = httpx.get(f"{server.url}/clock/time").json()
        assert answer["now"] == pytest.approx(server.universe.clock.now(), abs=60)
        fork = server.call(server.universe.fork)
        assert list(fork.twins) == ["clock"] and type(fork.twins["clock"]).spec() == spec
    finally:
        server.stop()


def test_a_file_that_is_not_the_named_twin_is_refused(package, tmp_path):
    with pytest.raises(ValueError, match="no Python module at"):
        twin_classes([f"python:ghost={tmp_path / 'nowhere.py'}"])
    with pytest.raises(ValueError, match="has no TWIN class named 'other'"):
        twin_classes([f"python:other={package('wrongname', 'elsewhere')}"])
    with pytest.raises(ValueError, match="built-in twin's name"):
        twin_classes([f"python:slack={package('slack', 'slackish')}"])
