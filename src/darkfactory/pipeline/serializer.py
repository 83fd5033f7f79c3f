"""Graph -> DOT text in Attractor's subset, such that `parse_dot(to_dot(g)) == g`.

The output is flat: graph attributes in one `graph [...]` block, then every node with its full
attributes, then every edge. Values keep their §2.4 type: strings are quoted and escaped, integers,
floats, booleans and durations are written bare.
"""

from __future__ import annotations

import math
from decimal import Decimal

from darkfactory.pipeline.graph import Duration, Graph, Value, as_str
from darkfactory.pipeline.parser import IDENTIFIER

_KEYWORDS = {"strict", "digraph", "graph", "node", "edge", "subgraph"}


def to_dot(graph: Graph, for_graphviz: bool = False) -> str:
    """DOT source for `graph`; raises ValueError for what DOT cannot spell (bad IDs, NaN).

    `for_graphviz` quotes every key and value, since Graphviz itself reads `900s` as a badly
    delimited number and `stack.child_dotfile` as a syntax error.
    """
    block = _graphviz_block if for_graphviz else _block
    name = f" {_identifier(graph.name)}" if graph.name else ""
    lines = [f"digraph{name} {{"]
    if graph.attrs:
        lines.append(f"    graph {block(graph.attrs)}")
    for node in graph.nodes.values():
        attrs = f" {block(node.attrs)}" if node.attrs else ""
        lines.append(f"    {_identifier(node.id)}{attrs}")
    for edge in graph.edges:
        attrs = f" {block(edge.attrs)}" if edge.attrs else ""
        lines.append(f"    {_identifier(edge.source)} -> {_identifier(edge.target)}{attrs}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def format_value(value: Value) -> str:
    """One attribute value as DOT text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Duration):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    return quote(str(value))


def quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped.replace(chr(9), chr(92) + "t")}"'


def _float(value: float) -> str:
    if not math.isfinite(value):
        raise ValueError(f"DOT has no literal for the float {value!r}")
    text = format(Decimal(repr(value)), "f")
    return text if "." in text else f"{text}.0"


def _block(attrs: dict[str, Value]) -> str:
    pairs = ", ".join(f"{_key(k)}={format_value(v)}" for k, v in attrs.items())
    return f"[{pairs}]"


def _graphviz_block(attrs: dict[str, Value]) -> str:
    pairs = ", ".join(f"{quote(_key(k))}={quote(as_str(v))}" for k, v in attrs.items())
    return f"[{pairs}]"


def _key(key: str) -> str:
    if not all(IDENTIFIER.fullmatch(part) for part in key.split(".")):
        raise ValueError(f"attribute key {key!r} is not an identifier or dotted identifier")
    return key


def _identifier(name: str) -> str:
    if not IDENTIFIER.fullmatch(name) or name in _KEYWORDS:
        raise ValueError(f"{name!r} is not a valid DOT identifier for Attractor")
    return name
