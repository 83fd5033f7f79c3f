"""The run directory of spec §5.6: checkpoint, manifest, one folder per stage, artifacts.

Every file here is written atomically (temp file, then rename), so a crash at any instant leaves
either the previous version or the new one, never a torn file. None is fsynced by the engine: the
checkpoint log (`checkpoint_log`) already holds every outcome.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from darkfactory.pipeline.outcome import Outcome


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

    def write_status(self, node_id: str, outcome: Outcome) -> None:
        atomic_write_json(self.stage_dir(node_id) / "status.json", outcome.to_status())

    def read_status(self, node_id: str) -> Outcome | None:
        """The outcome a stage (or an external tool) left in status.json, if any."""
        path = self.root / node_id / "status.json"
        if not path.exists():
            return None
        return Outcome.from_status(json.loads(path.read_text(encoding="utf-8")))

    def clear_status(self, node_id: str) -> None:
        (self.root / node_id / "status.json").unlink(missing_ok=True)

    def write_manifest(self, manifest: dict[str, Any]) -> None:
        atomic_write_json(self.manifest_path, manifest)

    def read_manifest(self) -> dict[str, Any]:
        return json.loads(self.manifest_path.read_text(encoding="utf-8"))
