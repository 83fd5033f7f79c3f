"""A Ray cluster of separate ``ray start`` nodes on this machine, and a loopback-only namespace.

``LocalCluster`` starts a head and further nodes as their own processes, exactly as a cluster
of machines would be started, bound to 127.0.0.1, and stops every process it started, by pid,
when it closes. ``loopback_only`` wraps a command so it runs in a new network namespace with only
loopback (and a new pid namespace, so nothing it starts outlives it): Ray then binds to 127.0.0.1
and its probe of a public address for the local IP finds no route. It needs root.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from darkfactory.twins.kit.server import free_port

STOP_SECONDS = 10.0


def loopback_only(argv: list[str]) -> list[str]:
    """``argv`` to run in fresh network and pid namespaces whose only interface is loopback."""
    return [
        "unshare",
        "--net",
        "--pid",
        "--fork",
        "--mount-proc",
        "sh",
        "-c",
        'ip link set lo up && exec "$@"',
        "sh",
        *argv,
    ]


class LocalCluster:
    """A head plus ``nodes - 1`` worker nodes, each ``ray start``-ed with ``cpus`` CPUs."""

    def __init__(self, nodes: int = 2, cpus: int = 1) -> None:
        self.nodes, self.cpus = nodes, cpus
        self.port = free_port()
        self.address = f"127.0.0.1:{self.port}"
        # Ray's socket paths live under its temp dir and must stay short.
        self.temp = tempfile.mkdtemp(prefix="dfray-", dir="/tmp")

    def __enter__(self) -> LocalCluster:
        try:
            self._start(["--head", "--port", str(self.port), "--include-dashboard=false"])
            for _ in range(self.nodes - 1):
                self._start(["--address", self.address])
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _start(self, role: list[str]) -> None:
        ray = Path(sys.executable).with_name("ray")
        command = [
            str(ray),
            "start",
            *role,
            "--node-ip-address",
            "127.0.0.1",
            "--num-cpus",
            str(self.cpus),
            "--temp-dir",
            self.temp,
            "--disable-usage-stats",
        ]
        env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0"}
        subprocess.run(command, check=True, capture_output=True, env=env, timeout=180)

    def pids(self) -> list[int]:
        """The processes of this cluster: every one whose command line names its temp dir, and
        their descendants (Ray's agents and workers retitle themselves ``ray::...``)."""
        parents, roots = {}, set()
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit() or int(entry.name) == os.getpid():
                continue
            try:
                command = (entry / "cmdline").read_bytes()
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            pid = int(entry.name)
            parents[pid] = int(stat.rsplit(")", 1)[1].split()[1])
            if self.temp.encode() in command:
                roots.add(pid)
        mine = set(roots)
        grew = True
        while grew:
            found = {pid for pid, parent in parents.items() if parent in mine} - mine
            mine |= found
            grew = bool(found)
        return sorted(mine)

    def stop(self) -> None:
        """Stop every process this cluster started (SIGTERM, then SIGKILL), and its files."""
        deadline = time.monotonic() + STOP_SECONDS
        for sig in (signal.SIGTERM, signal.SIGKILL):
            for pid in self.pids():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, sig)
            while self.pids() and time.monotonic() < deadline:
                time.sleep(0.1)
            deadline = time.monotonic() + STOP_SECONDS
        shutil.rmtree(self.temp, ignore_errors=True)
