"""Checkpoints (spec §5.3): the serializable state saved after every node, for resume.

During a run the engine appends to `checkpoint.db` (see `checkpoint_log`); `checkpoint.json` is
the same document written once the run ends, for people and tools. `Checkpoint.load` reads
whichever is freshest: the log when the run directory has one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from darkfactory.pipeline.checkpoint_log import FILE_NAME, read_log
from darkfactory.pipeline.rundir import atomic_write_json


def _read(path: Path) -> dict[str, Any] | None:
    """The checkpoint document of the run directory `path` (or of its `checkpoint.json` or log):
    the log's when it has begun one, else the json's; None when there is neither."""
    folder = path if path.is_dir() else path.parent
    log = folder / FILE_NAME
    data = read_log(log) if log.exists() else None
    json_path = path if path.suffix == ".json" else folder / "checkpoint.json"
    if data is None and json_path.is_file():
        data = json.loads(json_path.read_text(encoding="utf-8"))
    return data


@dataclass
class Checkpoint:
    current_node: str = ""
    completed_nodes: list[str] = field(default_factory=list)
    node_retries: dict[str, int] = field(default_factory=dict)
    context_values: dict[str, Any] = field(default_factory=dict)
    logs: list[str] = field(default_factory=list)
    next_node: str = ""  # where execution continues; "" once the run has finished
    node_outcomes: dict[str, dict[str, Any]] = field(default_factory=dict)
    status: str = "running"  # running | success | fail | stopped (no edge matched; see reason)
    reason: str = ""  # why a run that did not succeed ended
    timestamp: str = field(default_factory=lambda: datetime.now(UTC).isoformat())

    def to_dict(self) -> dict[str, Any]:
        return {
            "timestamp": self.timestamp,
            "current_node": self.current_node,
            "completed_nodes": list(self.completed_nodes),
            "node_retries": dict(self.node_retries),
            "context": self.context_values,
            "logs": list(self.logs),
            "next_node": self.next_node,
            "node_outcomes": self.node_outcomes,
            "status": self.status,
            "reason": self.reason,
        }

    def save(self, path: str | Path, durable: bool = True) -> None:
        atomic_write_json(Path(path), self.to_dict(), durable=durable, indent=None)

    @staticmethod
    def exists(path: str | Path) -> bool:
        """Whether the run directory `path` (or its `checkpoint.json`) has a checkpoint."""
        return _read(Path(path)) is not None

    @classmethod
    def load(cls, path: str | Path) -> Checkpoint:
        """The checkpoint of a run directory, or of the `checkpoint.json` or log `path` names."""
        data = _read(Path(path))
        if data is None:
            raise FileNotFoundError(f"no checkpoint at {path}")
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Checkpoint:
        return cls(
            current_node=data.get("current_node", ""),
            completed_nodes=list(data.get("completed_nodes", [])),
            node_retries={k: int(v) for k, v in data.get("node_retries", {}).items()},
            context_values=dict(data.get("context", {})),
            logs=list(data.get("logs", [])),
            next_node=data.get("next_node", ""),
            node_outcomes=dict(data.get("node_outcomes", {})),
            status=data.get("status", "running"),
            reason=data.get("reason", "") or "",
            timestamp=data.get("timestamp", ""),
        )
