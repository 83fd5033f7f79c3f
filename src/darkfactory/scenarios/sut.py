"""The system under test: a command started per trial, its output kept in a file.

Each trial's SUT gets a ``TMPDIR`` of its own, removed when it stops. A SUT is started cold, as a
new process running the command, or warm, forked by a ``Zygote`` that has imported its modules.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

from darkfactory.scenarios.zygote import Zygote


class SystemUnderTest:
    """One SUT process; output goes to a temporary file so it can be read at any moment."""

    def __init__(
        self, command: str, env: dict[str, str], port: int, zygote: Zygote | None = None
    ) -> None:
        self.command = command
        self.port = port
        self._tmp = tempfile.mkdtemp(prefix="sut-tmp-")
        env = {**env, "TMPDIR": self._tmp}
        descriptor, self._log = tempfile.mkstemp(prefix="sut-", suffix=".log")
        with os.fdopen(descriptor, "wb") as log:
            if zygote is not None:
                self.process = zygote.spawn(command, env, self._log)
                return
            self.process = subprocess.Popen(
                command,
                shell=True,
                env={**os.environ, **env},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    @classmethod
    def start(
        cls,
        command: str,
        env: dict[str, str],
        port: int,
        wait_port: bool,
        timeout: float,
        zygote: Zygote | None = None,
    ) -> SystemUnderTest:
        """Start ``command`` with ``env`` (forked from ``zygote`` when given) and wait (unless
        told not to) until it listens."""
        sut = cls(command, env, port, zygote)
        if wait_port:
            try:
                sut.wait_listening(timeout)
            except RuntimeError:
                sut.stop()
                raise
        return sut

    def wait_listening(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"the SUT exited with {self.process.returncode} before "
                    f"listening on port {self.port}: {self.output()[-500:]}"
                )
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError(f"the SUT did not listen on port {self.port} within {timeout:.0f}s")

    def output(self) -> str:
        with open(self._log, encoding="utf-8", errors="replace") as log:
            return log.read()

    def stop(self) -> str:
        """Stop the SUT (its whole process group) and return everything it printed."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)
        text = self.output()
        os.unlink(self._log)
        shutil.rmtree(self._tmp, ignore_errors=True)
        return text
