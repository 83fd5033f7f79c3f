"""The pipeline graph model: a parsed DOT digraph with typed accessors for Attractor's attributes.

A `Graph` holds its graph-level attributes, its nodes by id in declaration order and its edges in
declaration order. Attribute values keep the type they were written with (spec §2.4): `str`,
`int`, `float`, `bool` or `Duration`; the typed accessors (`node.max_retries`, `edge.weight`,
`graph.goal`, ...) coerce leniently so that `max_retries="3"` and `max_retries=3` mean the same.
Source positions (`line`, `column`) are kept for diagnostics but take no part in equality.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Generic, TypeVar

SHAPE_TO_HANDLER_TYPE: dict[str, str] = {
    "Mdiamond": "start",
    "Msquare": "exit",
    "box": "codergen",
    "hexagon": "wait.human",
    "diamond": "conditional",
    "component": "parallel",
    "tripleoctagon": "parallel.fan_in",
    "parallelogram": "tool",
    "house": "stack.manager_loop",
}
DEFAULT_HANDLER_TYPE = "codergen"
START_IDS = ("start", "Start")
EXIT_IDS = ("exit", "end")

T = TypeVar("T")
_DURATION = re.compile(r"^(-?\d+)(ms|s|m|h|d)$")
_UNIT_SECONDS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


class Duration(str):
    """A duration literal such as `900s`, `15m`, `250ms` (§2.4); a `str` that knows its length."""

    def __new__(cls, text: str) -> Duration:
        if not _DURATION.match(text):
            raise ValueError(f"not a duration: {text!r} (expected e.g. 250ms, 900s, 15m, 2h, 1d)")
        return super().__new__(cls, text)

    @property
    def amount(self) -> int:
        return int(_DURATION.match(self).group(1))  # type: ignore[union-attr]

    @property
    def unit(self) -> str:
        return _DURATION.match(self).group(2)  # type: ignore[union-attr]

    @property
    def seconds(self) -> float:
        return self.amount * _UNIT_SECONDS[self.unit]

    @property
    def milliseconds(self) -> int:
        return round(self.seconds * 1000)

    def __repr__(self) -> str:
        return f"Duration({str(self)!r})"


Value = str | int | float | bool | Duration


def parse_duration(value: Value | None) -> Duration | None:
    """A Duration from a duration literal, a string holding one, or a bare number of seconds."""
    if value is None or value == "":
        return None
    if isinstance(value, Duration):
        return value
    if isinstance(value, bool):
        raise ValueError(f"not a duration: {value!r}")
    if isinstance(value, int):
        return Duration(f"{value}s")
    text = str(value).strip()
    if re.fullmatch(r"-?\d+", text):
        return Duration(f"{text}s")
    return Duration(text)


def as_bool(value: Value | None, default: bool = False) -> bool:
    """`true`/`false` whether written as a DOT boolean, a quoted string or 0/1."""
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value != 0
    return str(value).strip().lower() in ("true", "yes", "1")


def as_int(value: Value | None, default: int | None = None) -> int | None:
    """An integer from an int, a whole float or a numeric string; `default` when unset."""
    if value is None or value == "" or isinstance(value, bool):
        return default
    if isinstance(value, int):
        return value
    try:
        return int(float(value)) if isinstance(value, float) else int(str(value).strip())
    except ValueError:
        return default


def as_str(value: Value | None, default: str = "") -> str:
    """A string view of an attribute value (booleans as `true`/`false`)."""
    if value is None:
        return default
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def as_count(value: Value | None) -> int:
    """An integer attribute, 0 when unset or unreadable."""
    return as_int(value, 0) or 0


class _Attr(Generic[T]):
    """One attribute read through ``convert``: ``goal = _Attr(as_str)`` is ``attrs["goal"]``."""

    def __init__(self, convert: Callable[[Value | None], T]) -> None:
        self.convert = convert
        self.key = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.key = name

    def __get__(self, owner: _Attributed | None, kind: type | None = None) -> T:
        if owner is None:  # read on the class itself
            return self  # type: ignore[return-value]
        return self.convert(owner.attrs.get(self.key))

    def __set__(self, owner: _Attributed, value: object) -> None:
        raise AttributeError(f"{self.key!r} is read from attrs: set attrs[{self.key!r}] instead")


@dataclass
class _Attributed:
    """Shared attribute access for graphs, nodes and edges."""

    attrs: dict[str, Value] = field(default_factory=dict)

    def get(self, key: str, default: Value | None = None) -> Value | None:
        return self.attrs.get(key, default)

    def str_attr(self, key: str, default: str = "") -> str:
        return as_str(self.attrs.get(key), default)


@dataclass
class Node(_Attributed):
    """A pipeline stage: `id [attr=value, ...]` (§2.6)."""

    id: str = ""
    line: int | None = field(default=None, compare=False)
    column: int | None = field(default=None, compare=False)

    @property
    def label(self) -> str:
        return self.str_attr("label") or self.id

    @property
    def shape(self) -> str:
        return self.str_attr("shape") or "box"

    type = _Attr(as_str)

    @property
    def handler_type(self) -> str:
        """Explicit `type`, else the §2.8 shape mapping, else codergen."""
        return self.type or SHAPE_TO_HANDLER_TYPE.get(self.shape, DEFAULT_HANDLER_TYPE)

    prompt = _Attr(as_str)

    @property
    def max_retries(self) -> int | None:
        """The node's own `max_retries`, or None when it inherits the graph default."""
        return as_int(self.attrs.get("max_retries"))

    goal_gate = _Attr(as_bool)
    retry_target = _Attr(as_str)
    fallback_retry_target = _Attr(as_str)
    fidelity = _Attr(as_str)
    thread_id = _Attr(as_str)

    @property
    def classes(self) -> list[str]:
        """Class names from the comma-separated `class` attribute (§2.12)."""
        return [c.strip() for c in self.str_attr("class").split(",") if c.strip()]

    timeout = _Attr(parse_duration)
    llm_model = _Attr(as_str)
    llm_provider = _Attr(as_str)

    @property
    def reasoning_effort(self) -> str:
        return self.str_attr("reasoning_effort") or "high"

    auto_status = _Attr(as_bool)
    allow_partial = _Attr(as_bool)

    @property
    def is_start(self) -> bool:
        return self.shape == "Mdiamond"

    @property
    def is_exit(self) -> bool:
        return self.shape == "Msquare"


@dataclass
class Edge(_Attributed):
    """A transition `source -> target [attr=value, ...]` (§2.7)."""

    source: str = ""
    target: str = ""
    line: int | None = field(default=None, compare=False)
    column: int | None = field(default=None, compare=False)

    label = _Attr(as_str)
    condition = _Attr(as_str)
    weight = _Attr(as_count)
    fidelity = _Attr(as_str)
    thread_id = _Attr(as_str)
    loop_restart = _Attr(as_bool)


class EdgeList(list[Edge]):
    """A list of edges that counts its changes, so that lookups by endpoint can be cached."""

    version = 0


def _counting(name: str):
    """The list method `name`, counting each call as a change."""
    base = getattr(list, name)

    def method(self: EdgeList, *args, **kwargs):
        self.version += 1
        return base(self, *args, **kwargs)

    return method


for _name in ("append", "extend", "insert", "remove", "pop", "clear", "sort", "reverse",
              "__setitem__", "__delitem__", "__iadd__", "__imul__"):  # fmt: skip
    setattr(EdgeList, _name, _counting(_name))


@dataclass
class Graph(_Attributed):
    """One `digraph`: graph attributes, nodes by id and edges, both in declaration order.

    `outgoing_edges`/`incoming_edges` are answered from an index rebuilt whenever the edge list
    changes; edges are values: replace an edge rather than changing its source or target.
    """

    name: str = ""
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)

    def __setattr__(self, name: str, value: object) -> None:
        if name == "edges" and not isinstance(value, EdgeList):
            value = EdgeList(value)  # type: ignore[arg-type]
        super().__setattr__(name, value)

    # -- graph attributes (§2.5) ------------------------------------------------------------
    goal = _Attr(as_str)
    label = _Attr(as_str)
    model_stylesheet = _Attr(as_str)

    @property
    def default_max_retries(self) -> int:
        value = self.attrs.get("default_max_retries", self.attrs.get("default_max_retry"))
        return as_int(value, 0) or 0

    retry_target = _Attr(as_str)
    fallback_retry_target = _Attr(as_str)
    default_fidelity = _Attr(as_str)

    def max_retries_for(self, node: Node) -> int:
        """The node's `max_retries`, inheriting `default_max_retries` when the node omits it."""
        own = node.max_retries
        return self.default_max_retries if own is None else own

    # -- structure --------------------------------------------------------------------------
    def node(self, node_id: str) -> Node | None:
        return self.nodes.get(node_id)

    def add_node(self, node: Node) -> Node:
        self.nodes[node.id] = node
        return node

    def add_edge(self, edge: Edge) -> Edge:
        self.edges.append(edge)
        return edge

    def outgoing_edges(self, node_id: str) -> list[Edge]:
        return list(self._edge_index()[0].get(node_id, ()))

    def incoming_edges(self, node_id: str) -> list[Edge]:
        return list(self._edge_index()[1].get(node_id, ()))

    def _edge_index(self) -> tuple[dict[str, list[Edge]], dict[str, list[Edge]]]:
        edges: EdgeList = self.edges  # type: ignore[assignment]
        key = (id(edges), edges.version)
        cached = self.__dict__.get("_index")
        if cached is None or cached[0] != key:
            outgoing: dict[str, list[Edge]] = {}
            incoming: dict[str, list[Edge]] = {}
            for edge in edges:
                outgoing.setdefault(edge.source, []).append(edge)
                incoming.setdefault(edge.target, []).append(edge)
            cached = (key, (outgoing, incoming))
            self.__dict__["_index"] = cached
        return cached[1]

    def start_candidates(self) -> list[Node]:
        """Nodes that count as a start node: shape=Mdiamond, else id `start`/`Start` (§7.2)."""
        by_shape = [n for n in self.nodes.values() if n.is_start]
        return by_shape or [n for n in self.nodes.values() if n.id in START_IDS]

    def exit_candidates(self) -> list[Node]:
        """Nodes that count as the terminal node: shape=Msquare, else id `exit`/`end` (§7.2)."""
        by_shape = [n for n in self.nodes.values() if n.is_exit]
        return by_shape or [n for n in self.nodes.values() if n.id in EXIT_IDS]

    def start_node(self) -> Node | None:
        candidates = self.start_candidates()
        return candidates[0] if candidates else None

    def exit_node(self) -> Node | None:
        candidates = self.exit_candidates()
        return candidates[0] if candidates else None

    def is_exit_node(self, node: Node) -> bool:
        if node.is_exit:
            return True
        return node.id in EXIT_IDS and not any(n.is_exit for n in self.nodes.values())

    def copy(self) -> Graph:
        """A copy sharing nothing mutable, for transforms that must not modify their input (§9.1).

        Attribute values are immutable, so copying each attribute map is enough.
        """
        return replace(
            self,
            attrs=dict(self.attrs),
            nodes={k: replace(n, attrs=dict(n.attrs)) for k, n in self.nodes.items()},
            edges=[replace(e, attrs=dict(e.attrs)) for e in self.edges],
        )
