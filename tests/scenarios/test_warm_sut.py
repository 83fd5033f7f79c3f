"""Warm SUT starts: each trial's SUT is forked from a parent that imported its modules, and sees
nothing of an earlier trial: not its module state, its files, its environment or its sockets."""

from __future__ import annotations

import json
import os
import sys
import textwrap
from pathlib import Path

import pytest
from tests.helpers import eventually

from darkfactory.scenarios import load_dir, run
from darkfactory.scenarios.sut import SystemUnderTest
from darkfactory.scenarios.zygote import Zygote, script_argv
from darkfactory.twins.kit.server import free_port

GREETER = Path(__file__).parent / "greeter"

# A preloaded module with state, and a SUT that leaves traces of every kind behind it.
WARM_MODULE = "counter = 0\nimported_at_start = True\n"
SUT = """
import json, os, socket, sys, tempfile
import warmmod

warmmod.counter += 1
seen = {
    "counter": warmmod.counter,
    "left_before": sorted(os.listdir(tempfile.gettempdir())),
    "fds": sorted(int(fd) for fd in os.listdir("/proc/self/fd")),
    "trial": os.environ.get("TRIAL"),
    "earlier": os.environ.get("ONLY_IN_TRIAL_1"),
    "argv": sys.argv[1:],
    "pid_is_session_leader": os.getsid(0) == os.getpid(),
}
with open(os.path.join(tempfile.gettempdir(), "trace"), "w") as trace:
    trace.write("from an earlier trial")
listener = socket.socket()
listener.bind(("127.0.0.1", int(os.environ["SUT_PORT"])))
listener.listen()
print(json.dumps(seen), flush=True)
listener.accept()
"""


@pytest.fixture
def warm(tmp_path, monkeypatch):
    (tmp_path / "warmmod.py").write_text(WARM_MODULE)
    (tmp_path / "sut.py").write_text(textwrap.dedent(SUT))
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])
    )
    with Zygote(["warmmod"]) as zygote:
        yield zygote, f"{sys.executable} {tmp_path / 'sut.py'} --flag"


def started(zygote: Zygote, command: str, env: dict[str, str], port: int) -> dict:
    sut = SystemUnderTest.start(command, {**env, "SUT_PORT": str(port)}, port, True, 30, zygote)
    seen = json.loads(eventually(lambda: sut.output().strip()))
    sut.stop()
    assert sut.process.poll() is not None
    return seen


def test_a_warm_sut_sees_nothing_of_an_earlier_trial(warm):
    zygote, command = warm
    first = started(zygote, command, {"TRIAL": "1", "ONLY_IN_TRIAL_1": "x"}, free_port())
    second = started(zygote, command, {"TRIAL": "2"}, free_port())
    assert first["counter"] == second["counter"] == 1, "module state starts fresh"
    assert second["left_before"] == [], "an earlier trial's files are gone"
    assert max(second["fds"]) <= 3, f"only stdio (and the listing itself): {second['fds']}"
    assert (second["trial"], second["earlier"]) == ("2", None)
    assert second["argv"] == ["--flag"] and second["pid_is_session_leader"]


def test_a_stopped_warm_sut_takes_its_process_group_with_it(warm):
    zygote, command = warm
    port = free_port()
    sut = SystemUnderTest.start(command, {"SUT_PORT": str(port)}, port, True, 30, zygote)
    pid = sut.process.pid
    sut.stop()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_only_python_commands_can_start_warm():
    assert script_argv("python app.py --x") == ["app.py", "--x"]
    assert script_argv("/usr/bin/python3 -m pkg.app") == ["-m", "pkg.app"]
    for command in ("node app.js", "python", "python -m"):
        with pytest.raises(ValueError, match="preloaded SUT command"):
            script_argv(command)


def test_a_module_that_cannot_be_imported_fails_the_start_clearly():
    with pytest.raises(RuntimeError, match="warm SUT parent did not start"):
        Zygote(["no_such_module_here"], start_timeout=60)


def test_the_greeter_scenarios_pass_with_warm_starts():
    sut = f"{sys.executable} {GREETER / 'sut.py'}"
    result = run(load_dir(GREETER / "scenarios"), sut, trials=2, preload=["slack_sdk"])
    assert result.overall.satisfaction == 1.0, [t.error for t in result.trajectories]
    broken = run(
        load_dir(GREETER / "scenarios"), sut + " --broken", trials=2, preload=["slack_sdk"]
    )
    assert broken.overall.satisfaction == 0.0
