"""A factory project as a user makes one: ``factory init``, then the onboarding example's spec,
holdout scenarios, scripted coder and settings copied in; and ``factory run`` as a process."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from darkfactory.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "factory"


@pytest.fixture
def project(tmp_path) -> Path:
    """An initialised project holding the example's parts; ``../onboarding`` is the example app."""
    directory = tmp_path / "factory"
    result = CliRunner().invoke(main, ["factory", "init", str(directory)])
    assert result.exit_code == 0, result.output
    (tmp_path / "onboarding").symlink_to(ROOT / "examples" / "onboarding")
    for part in ("spec", "holdout", "models"):
        shutil.rmtree(directory / part)
        shutil.copytree(EXAMPLE / part, directory / part)  # symlinks followed
    shutil.copy(EXAMPLE / "factory.toml", directory / "factory.toml")
    return directory


def factory_env() -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    for secret in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "GOOGLE_API_KEY"):
        env.pop(secret, None)
    return env


@pytest.fixture
def factory_run() -> Iterator[Callable[..., subprocess.Popen]]:
    """``factory_run(project, *args)``: ``darkfactory factory run PROJECT ARGS`` as its own
    process group, which the test's end kills with everything it started."""
    started: list[subprocess.Popen] = []

    def start(project: Path, *args: str) -> subprocess.Popen:
        command = [sys.executable, "-m", "darkfactory", "factory", "run", str(project), *args]
        process = subprocess.Popen(
            command,
            env=factory_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        kill(process)


def kill(process: subprocess.Popen) -> None:
    """``kill -9`` the process and every process it started, even those in sessions of their own
    (the scenario runner starts each system under test in one)."""
    for pid in [process.pid, *descendants(process.pid)]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    process.communicate()


def descendants(pid: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, queue = [], [pid]
    while queue:
        children = parents.get(queue.pop(), [])
        found += children
        queue += children
    return found


def finish(process: subprocess.Popen, timeout: float = 600) -> tuple[int, str]:
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out[-3000:] + err[-3000:]
