"""Warm SUT starts: a parent that has imported the SUT's modules forks a fresh child per trial.

A Python SUT spends most of a short trial starting up and importing. A ``Zygote`` runs
``python -m darkfactory.forkserver MODULE ...`` once: that process imports the modules and
waits. For each trial it forks a child, the way a zygote or ``multiprocessing``'s forkserver
does. The child starts a session of its own, gets the trial's environment, working directory and
output file, closes every other descriptor the parent held, and runs the SUT's script (or
``-m`` module) as ``__main__``. Nothing of an earlier trial can reach it: the parent never runs
trial code, so the child sees the modules as freshly imported, and every trial has its own
``TMPDIR``. Modules that read their configuration at import time must not be preloaded, since
they would keep the parent's.

Children are reaped by the parent, so a trial watches its child by pid.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from darkfactory.forkserver import READY


class WarmProcess:
    """A child of the zygote, watched by pid like a ``subprocess.Popen``."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = -1  # reaped by the zygote; its status is not ours to read
        return self.returncode

    def wait(self, timeout: float) -> int:
        deadline = time.monotonic() + timeout
        while self.poll() is None:
            if time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.01)
        return self.returncode


def script_argv(command: str) -> list[str]:
    """The argv a preloaded SUT runs with, from ``python SCRIPT ARGS`` or ``python -m MOD ARGS``:
    the interpreter is the zygote's own."""
    argv = shlex.split(command)
    runs_python = len(argv) >= 2 and "python" in Path(argv[0]).name
    if not runs_python or (argv[1] == "-m" and len(argv) < 3):
        raise ValueError(
            f"a preloaded SUT command is `python SCRIPT ...` or `python -m MODULE ...`: {command!r}"
        )
    return argv[1:]


class Zygote:
    """The warm parent of a run's SUTs: ``with Zygote(["slack_bolt"]) as z: z.spawn(...)``."""

    def __init__(self, modules: list[str], start_timeout: float = 60.0) -> None:
        self.modules = list(modules)
        self._lock = threading.Lock()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "darkfactory.forkserver", *self.modules],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        answer = self._read(start_timeout)
        if answer != READY:
            self.close()
            raise RuntimeError(f"the warm SUT parent did not start: {answer}")

    def _read(self, timeout: float) -> dict[str, Any]:
        line: list[str] = []
        reader = threading.Thread(target=lambda: line.append(self.process.stdout.readline()))
        reader.start()
        reader.join(timeout)
        if not line or not line[0]:
            return {"error": f"no answer within {timeout:.0f}s (exit {self.process.poll()})"}
        return json.loads(line[0])

    def spawn(self, command: str, env: dict[str, str], log: str) -> WarmProcess:
        """Fork a child that runs ``command``'s script with ``env`` (over this process's own),
        writing its output to ``log``."""
        request = {
            "argv": script_argv(command),
            "env": {**os.environ, **env},
            "cwd": os.getcwd(),
            "log": log,
        }
        with self._lock:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
            answer = self._read(30)
        if "pid" not in answer:
            raise RuntimeError(f"the warm SUT parent could not start the SUT: {answer['error']}")
        return WarmProcess(answer["pid"])

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process.stdout.close()

    def __enter__(self) -> Zygote:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
