"""AST transforms (spec §9.1 to 9.4): rewrite the parsed graph before it is validated.

    pipeline = prepare_pipeline(dot_source, transforms=[MyTransform()])
    pipeline.graph, pipeline.diagnostics

A transform is an object with `apply(graph) -> Graph` or a plain function `graph -> Graph`; it
returns a new graph and leaves its input alone. The built-in transforms run first (variable
expansion, then the model stylesheet), then custom ones in registration order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

from darkfactory.pipeline.graph import Edge, Graph
from darkfactory.pipeline.parser import parse_dot
from darkfactory.pipeline.stylesheet import StylesheetError, apply_stylesheet
from darkfactory.pipeline.validation import Diagnostic, LintRule, validate


class Transform(Protocol):
    def apply(self, graph: Graph) -> Graph: ...


TransformLike = Transform | Callable[[Graph], Graph]


class VariableExpansionTransform:
    """Replaces `$goal` in every node's prompt with the graph's goal (§9.2)."""

    def apply(self, graph: Graph) -> Graph:
        result = graph.copy()
        for node in result.nodes.values():
            if "$goal" in node.prompt:
                node.attrs["prompt"] = node.prompt.replace("$goal", graph.goal)
        return result


class StylesheetTransform:
    """Resolves llm_model, llm_provider and reasoning_effort per node from the stylesheet (§8)."""

    def apply(self, graph: Graph) -> Graph:
        try:
            return apply_stylesheet(graph)
        except StylesheetError:
            return graph  # left for the stylesheet_syntax rule to report


@dataclass
class GraphMergeTransform:
    """Splices another pipeline between two nodes of this one, ids prefixed (§9.4).

    The edge `after -> before` (if any) is replaced by the other graph's body: its start node's
    outgoing edges leave from `after`, edges into its exit node arrive at `before`, and its own
    start and exit nodes are dropped.
    """

    other: Graph
    prefix: str
    after: str
    before: str

    def apply(self, graph: Graph) -> Graph:
        result = graph.copy()
        start, exit_node = self.other.start_node(), self.other.exit_node()
        ends = {n.id for n in (start, exit_node) if n is not None}
        outer = {start.id: self.after} if start else {}
        if exit_node:
            outer[exit_node.id] = self.before
        result.edges = [
            e for e in result.edges if (e.source, e.target) != (self.after, self.before)
        ]
        for node in self.other.copy().nodes.values():
            if node.id in ends:
                continue
            node.id = self.prefix + node.id
            if node.id in result.nodes:
                raise ValueError(f"merged node {node.id!r} already exists; choose another prefix")
            result.add_node(node)
        for edge in self.other.edges:
            source = outer.get(edge.source, self.prefix + edge.source)
            target = outer.get(edge.target, self.prefix + edge.target)
            result.add_edge(Edge(dict(edge.attrs), source, target, edge.line, edge.column))
        return result


BUILT_IN_TRANSFORMS: tuple[Transform, ...] = (VariableExpansionTransform(), StylesheetTransform())


def run_transform(transform: TransformLike, graph: Graph) -> Graph:
    apply = getattr(transform, "apply", None)
    return apply(graph) if apply is not None else transform(graph)  # type: ignore[operator]


class TransformRegistry:
    """Built-in transforms, then registered ones, in registration order (§9.3)."""

    def __init__(self, transforms: Iterable[TransformLike] = ()) -> None:
        self.custom: list[TransformLike] = list(transforms)

    def register_transform(self, transform: TransformLike) -> None:
        self.custom.append(transform)

    def apply(self, graph: Graph) -> Graph:
        for transform in (*BUILT_IN_TRANSFORMS, *self.custom):
            graph = run_transform(transform, graph)
        return graph


@dataclass
class PreparedPipeline:
    graph: Graph
    diagnostics: list[Diagnostic]


def prepare_pipeline(
    dot_source: str,
    transforms: Iterable[TransformLike] = (),
    extra_rules: Iterable[LintRule] | None = None,
) -> PreparedPipeline:
    """Parse, transform and validate (§9.1). Raises ParseError for DOT that does not parse."""
    graph = TransformRegistry(transforms).apply(parse_dot(dot_source))
    return PreparedPipeline(graph, validate(graph, extra_rules))
