"""A warm forking parent: imports modules once, then forks a child per request to run a script.

``python -m darkfactory.forkserver MODULE ...`` imports the modules, says it is ready and reads
JSON lines on its standard input: a request ``{"argv", "env", "cwd", "log"}`` is answered
``{"pid": N}`` once the child is forked. The child starts a session of its own, takes the
request's environment, working directory and output file, closes every other descriptor it
inherited, and runs ``argv`` (a script, or ``-m`` and a module) as ``__main__``. Children are
reaped as they end (``SIGCHLD`` ignored). It imports nothing of darkfactory, so a child holds
only the standard library and the modules asked for. ``darkfactory.scenarios.zygote`` drives it.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import runpy
import signal
import sys
import traceback
from pathlib import Path
from typing import Any

READY = {"ready": True}


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
