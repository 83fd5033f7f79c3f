"""Checkpoints (spec §5.3): the serializable state saved after every node, for resume."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from darkfactory.pipeline.rundir import atomic_write_json


@dataclass
class Checkpoint:
    current_node: str = ""
    completed_nodes: list[str] = field(default_factory=list)
    node_retries: dict[str, int] = field(default_factory=dict)
    context_values: dict[str, Any] = field(default_factory=dict)
    logs: list[str] = field(default_factory=list)
    next_node: str = ""  # where execution continues; "" once the run has finished
    node_outcomes: dict[str, dict[str, Any]] = field(default_factory=dict)
    status: str = "running"  # running | success | fail
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
        }

    def save(self, path: str | Path) -> None:
        atomic_write_json(Path(path), self.to_dict(), durable=True, indent=None)

    @classmethod
    def load(cls, path: str | Path) -> Checkpoint:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(
            current_node=data.get("current_node", ""),
            completed_nodes=list(data.get("completed_nodes", [])),
            node_retries={k: int(v) for k, v in data.get("node_retries", {}).items()},
            context_values=dict(data.get("context", {})),
            logs=list(data.get("logs", [])),
            next_node=data.get("next_node", ""),
            node_outcomes=dict(data.get("node_outcomes", {})),
            status=data.get("status", "running"),
            timestamp=data.get("timestamp", ""),
        )
