"""The run directory of spec §5.6: checkpoint, manifest, one folder per stage, artifacts.

The manifest, `checkpoint.json` and stage files are written atomically (temp file, then rename),
so a crash at any instant leaves either the previous version or the new one, never a torn file.
A stage's `status.json` is written in place, in one write: the checkpoint log (`checkpoint_log`),
not this file, is what resume reads, and a node whose status a crash may have torn is one the log
has not recorded yet, so resume runs it again and rewrites the file. None is fsynced by the engine.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from darkfactory.pipeline.outcome import Outcome

STATUS_FILE = "status.json"
_WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)


def atomic_write_text(path: Path, text: str, durable: bool = False) -> None:
    """Write to a temp file beside `path` (fsynced when `durable`), then rename it over `path`."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except FileNotFoundError:  # the first file of its folder
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_json(path: Path, data: Any, durable: bool = False, indent: int | None = 2) -> None:
    atomic_write_text(path, json.dumps(data, indent=indent, default=str) + "\n", durable)


class RunDir:
    """Paths and files of one run, rooted at `logs_root`."""

    def __init__(self, root: str | Path):
        self.root = Path(root)
        self._root = str(self.root)  # for the per-node paths, joined as strings

    @property
    def checkpoint_path(self) -> Path:
        return self.root / "checkpoint.json"

    @property
    def manifest_path(self) -> Path:
        return self.root / "manifest.json"

    @property
    def artifacts_dir(self) -> Path:
        return self.root / "artifacts"

    def stage_dir(self, node_id: str) -> Path:
        path = self.root / node_id
        path.mkdir(parents=True, exist_ok=True)
        return path

    def write_stage_file(self, node_id: str, name: str, text: str) -> Path:
        path = self.stage_dir(node_id) / name
        atomic_write_text(path, text)
        return path

    def status_path(self, node_id: str) -> str:
        return f"{self._root}/{node_id}/{STATUS_FILE}"

    def write_status(self, node_id: str, outcome: Outcome) -> dict[str, Any]:
        """Write the stage's status.json in place (see the module's note); returns its document."""
        document = outcome.to_status()
        data = memoryview((json.dumps(document, default=str) + "\n").encode())
        path = self.status_path(node_id)
        try:
            fd = os.open(path, _WRITE_FLAGS, 0o666)
        except FileNotFoundError:  # the stage's first file
            os.makedirs(os.path.dirname(path), exist_ok=True)
            fd = os.open(path, _WRITE_FLAGS, 0o666)
        try:
            while data:
                data = data[os.write(fd, data) :]
        finally:
            os.close(fd)
        return document

    def read_status(self, node_id: str) -> Outcome | None:
        """The outcome a stage (or an external tool) left in status.json, if any."""
        try:
            with open(self.status_path(node_id), encoding="utf-8") as handle:
                text = handle.read()
        except FileNotFoundError:
            return None
        return Outcome.from_status(json.loads(text))

    def clear_status(self, node_id: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.status_path(node_id))

    def write_manifest(self, manifest: dict[str, Any]) -> None:
        atomic_write_json(self.manifest_path, manifest)

    def read_manifest(self) -> dict[str, Any]:
        return json.loads(self.manifest_path.read_text(encoding="utf-8"))
