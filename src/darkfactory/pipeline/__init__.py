"""Attractor: DOT-defined pipelines of LLM, tool and human stages (attractor-spec.md).

Front end: `graph` (the model), `dot` (parser and serializer), `validation` (lint rules and
diagnostics), `stylesheet` (model stylesheet), `conditions` (edge condition language),
`transforms` (AST transforms run between parsing and validation). The engine executes the result.
"""

from darkfactory.pipeline.graph import (
    SHAPE_TO_HANDLER_TYPE,
    Duration,
    Edge,
    Graph,
    Node,
    Value,
    parse_duration,
)

__all__ = [
    "SHAPE_TO_HANDLER_TYPE",
    "Duration",
    "Edge",
    "Graph",
    "Node",
    "Value",
    "parse_duration",
]
