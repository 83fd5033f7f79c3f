"""Warm SUT starts: a parent that has imported the SUT's modules forks a fresh child per trial.

A Python SUT spends most of a short trial starting up and importing. A ``Zygote`` runs
``python -m darkfactory.scenarios.zygote MODULE ...`` once: that process imports the modules and
waits. For each trial it forks a child, the way a zygote or ``multiprocessing``'s forkserver
does. The child starts a session of its own, gets the trial's environment, working directory and
output file, closes every other descriptor the parent held, and runs the SUT's script (or
``-m`` module) as ``__main__``. Nothing of an earlier trial can reach it: the parent never runs
trial code, so the child sees the modules as freshly imported, and every trial has its own
``TMPDIR``. Modules that read their configuration at import time must not be preloaded, since
they would keep the parent's.

The parent speaks JSON lines on its standard input and output: a request
``{"argv", "env", "cwd", "log"}`` is answered ``{"pid": N}``, or ``{"error": "..."}``. Children
are reaped by the parent (``SIGCHLD`` ignored), so a trial watches its child by pid.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import runpy
import shlex
import signal
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import Any

READY = {"ready": True}


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
            [sys.executable, "-m", __name__, *self.modules],
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


def _child(request: dict[str, Any]) -> None:
    """In the forked child: become the trial's SUT, never to return."""
    code = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the SUT waits for its own children
        os.setsid()
        output = os.open(request["log"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        nothing = os.open(os.devnull, os.O_RDONLY)
        os.dup2(nothing, 0)
        os.dup2(output, 1)
        os.dup2(output, 2)
        os.closerange(3, os.sysconf("SC_OPEN_MAX"))
        os.environ.clear()
        os.environ.update(request["env"])
        os.chdir(request["cwd"])
        import tempfile

        tempfile.tempdir = None  # read TMPDIR again: the trial's own
        argv = request["argv"]
        if argv[0] == "-m":
            sys.argv = argv[1:]
            runpy.run_module(argv[1], run_name="__main__", alter_sys=True)
        else:
            sys.argv = argv
            sys.path[0] = str(Path(argv[0]).resolve().parent)
            runpy.run_path(argv[0], run_name="__main__")
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if not isinstance(exc.code, int | None):
            print(exc.code, file=sys.stderr)
    except BaseException:
        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        os._exit(code)


def main(modules: list[str]) -> None:
    """The zygote itself: import ``modules``, then fork a child per request on stdin."""
    for module in modules:
        importlib.import_module(module)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped as they end
    print(json.dumps(READY), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            _child(request)
        print(json.dumps({"pid": pid}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
