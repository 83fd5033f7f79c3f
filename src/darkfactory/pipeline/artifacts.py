"""Artifact store (spec §5.5): named storage for large stage outputs, file-backed above 100KB."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from darkfactory.pipeline.rundir import atomic_write_json

FILE_BACKING_THRESHOLD = 100 * 1024


class ArtifactNotFound(KeyError):
    pass


@dataclass(frozen=True)
class ArtifactInfo:
    id: str
    name: str
    size_bytes: int
    is_file_backed: bool
    stored_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat())


class ArtifactStore:
    def __init__(self, base_dir: str | Path | None = None, threshold: int = FILE_BACKING_THRESHOLD):
        self.base_dir = Path(base_dir) if base_dir is not None else None
        self.threshold = threshold
        self._artifacts: dict[str, tuple[ArtifactInfo, Any]] = {}
        self._lock = threading.RLock()

    def store(self, artifact_id: str, name: str, data: Any) -> ArtifactInfo:
        encoded = json.dumps(data, default=str)
        size = len(encoded.encode("utf-8"))
        file_backed = size > self.threshold and self.base_dir is not None
        stored: Any = data
        if file_backed:
            assert self.base_dir is not None
            stored = self.base_dir / "artifacts" / f"{artifact_id}.json"
            atomic_write_json(stored, data)
        info = ArtifactInfo(artifact_id, name, size, file_backed)
        with self._lock:
            self._artifacts[artifact_id] = (info, stored)
        return info

    def retrieve(self, artifact_id: str) -> Any:
        with self._lock:
            if artifact_id not in self._artifacts:
                raise ArtifactNotFound(f"Artifact not found: {artifact_id}")
            info, stored = self._artifacts[artifact_id]
        if info.is_file_backed:
            return json.loads(Path(stored).read_text(encoding="utf-8"))
        return stored

    def has(self, artifact_id: str) -> bool:
        with self._lock:
            return artifact_id in self._artifacts

    def list(self) -> list[ArtifactInfo]:
        with self._lock:
            return [info for info, _ in self._artifacts.values()]

    def remove(self, artifact_id: str) -> None:
        with self._lock:
            info, stored = self._artifacts.pop(artifact_id, (None, None))
        if info is not None and info.is_file_backed:
            Path(stored).unlink(missing_ok=True)

    def clear(self) -> None:
        for info in self.list():
            self.remove(info.id)
