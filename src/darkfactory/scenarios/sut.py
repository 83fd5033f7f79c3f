"""The system under test: a command started per trial, its output kept in a file."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import tempfile
import time


class SystemUnderTest:
    """One SUT process; output goes to a temporary file so it can be read at any moment."""

    def __init__(self, command: str, env: dict[str, str], port: int) -> None:
        self.command = command
        self.port = port
        descriptor, self._log = tempfile.mkstemp(prefix="sut-", suffix=".log")
        with os.fdopen(descriptor, "wb") as log:
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
        cls, command: str, env: dict[str, str], port: int, wait_port: bool, timeout: float
    ) -> SystemUnderTest:
        """Start ``command`` with ``env`` and wait (unless told not to) until it listens."""
        sut = cls(command, env, port)
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
        return text
