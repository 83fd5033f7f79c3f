"""The agents' workspace: a git repository with one commit per stage that changed it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

AUTHOR = ["-c", "user.name=darkfactory", "-c", "user.email=factory@darkfactory.invalid"]


def git(workspace: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *AUTHOR, *args], cwd=workspace, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def create(workspace: Path, start: Path | None = None) -> str:
    """A new repository with a first commit, a copy of ``start`` when given; returns its hash."""
    workspace.mkdir(parents=True, exist_ok=True)
    if start is not None:
        shutil.copytree(start, workspace, dirs_exist_ok=True)
    git(workspace, "init", "-q", "-b", "main")
    git(workspace, "add", "-A")
    git(workspace, "commit", "-q", "--allow-empty", "-m", "The factory's workspace")
    return head(workspace)


def head(workspace: Path) -> str:
    return git(workspace, "rev-parse", "HEAD")


def commit(workspace: Path, message: str) -> str | None:
    """Commit everything the stage changed; the new hash, or None when nothing changed."""
    if not git(workspace, "status", "--porcelain"):
        return None
    git(workspace, "add", "-A")
    git(workspace, "commit", "-q", "-m", message)
    return head(workspace)


def diff(workspace: Path, commit_hash: str) -> str:
    """What ``commit_hash`` changed, as a patch."""
    return git(workspace, "show", "--format=%s%n", commit_hash)
