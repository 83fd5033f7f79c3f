"""The no-op handlers: start (§4.3), exit (§4.4) and conditional (§4.7)."""

from __future__ import annotations

from pathlib import Path

from darkfactory.pipeline.context import Context
from darkfactory.pipeline.graph import Graph, Node
from darkfactory.pipeline.outcome import Outcome


class StartHandler:
    def execute(self, node: Node, context: Context, graph: Graph, logs_root: Path) -> Outcome:
        return Outcome(notes="Pipeline started")


class ExitHandler:
    """Goal gates are the engine's business (§3.4); the exit stage itself does nothing."""

    def execute(self, node: Node, context: Context, graph: Graph, logs_root: Path) -> Outcome:
        return Outcome(notes="Pipeline exit reached")


class ConditionalHandler:
    """Routing happens in the engine's edge selection; this stage only passes through."""

    def execute(self, node: Node, context: Context, graph: Graph, logs_root: Path) -> Outcome:
        return Outcome(notes=f"Conditional node evaluated: {node.id}")
