"""A factory project as a user makes one: ``factory init``, then the onboarding example's spec,
holdout scenarios, scripted coder and settings copied in; and ``factory run`` as a process."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
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


def factory_run(project: Path, *args: str, **popen) -> subprocess.Popen:
    """``darkfactory factory run PROJECT ARGS`` as its own process."""
    command = [sys.executable, "-m", "darkfactory", "factory", "run", str(project), *args]
    return subprocess.Popen(
        command,
        env=factory_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )


def finish(process: subprocess.Popen, timeout: float = 600) -> tuple[int, str]:
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out[-3000:] + err[-3000:]
