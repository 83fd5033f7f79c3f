"""Node handlers (spec §4): the interface, the registry, and the built-in handler types.

A handler returns an Outcome, or None to defer to the status-file contract (Appendix C): the
engine then reads the `status.json` the stage left behind, or synthesizes SUCCESS for
`auto_status=true` nodes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from darkfactory.pipeline.context import Context
from darkfactory.pipeline.graph import SHAPE_TO_HANDLER_TYPE, Graph, Node
from darkfactory.pipeline.outcome import Outcome


class Handler(Protocol):
    def execute(
        self, node: Node, context: Context, graph: Graph, logs_root: Path
    ) -> Outcome | None: ...


class HandlerRegistry:
    """Type string -> handler; resolution by explicit type, then shape, then the default."""

    def __init__(self, default_handler: Handler):
        self.handlers: dict[str, Handler] = {}
        self.default_handler = default_handler

    def register(self, type_string: str, handler: Handler) -> None:
        self.handlers[type_string] = handler

    def resolve(self, node: Node) -> Handler:
        if node.type and node.type in self.handlers:
            return self.handlers[node.type]
        handler_type = SHAPE_TO_HANDLER_TYPE.get(node.shape)
        if handler_type in self.handlers:
            return self.handlers[handler_type]
        return self.default_handler

    def __contains__(self, type_string: str) -> bool:
        return type_string in self.handlers
