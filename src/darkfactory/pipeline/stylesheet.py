"""Model stylesheet (spec §8): CSS-like rules that give nodes their LLM model, provider and effort.

    * { llm_model: claude-sonnet-4-5; llm_provider: anthropic; }
    .code { llm_model: claude-opus-4-6; }
    #critical_review { llm_model: gpt-5.2; reasoning_effort: high; }

Selectors are `*` (specificity 0), a shape name (1), `.class` (2) and `#node_id` (3). For each
property a node has not set itself, the matching rule of highest specificity wins, and among equal
specificity the later rule; failing any rule, a graph-level attribute of the same name applies.
"""

from __future__ import annotations

from dataclasses import dataclass

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedInput

from darkfactory.pipeline.graph import Graph, Node
from darkfactory.pipeline.parser import unescape

PROPERTIES = ("llm_model", "llm_provider", "reasoning_effort")

GRAMMAR = r"""
stylesheet: rule+
rule: selector "{" declaration (";" declaration)* ";"? "}"
selector: UNIVERSAL | NAME | "#" NAME -> id_selector | "." CLASS -> class_selector
declaration: NAME ":" (STRING | BARE)
UNIVERSAL: "*"
NAME: /[A-Za-z_][A-Za-z0-9_]*/
CLASS: /[a-z0-9-]+/
BARE: /[A-Za-z0-9_][A-Za-z0-9_.:\/\-]*/
STRING: /"(\\.|[^"\\])*"/s
COMMENT: /\/\*(.|\n)*?\*\//
%import common.WS
%ignore WS
%ignore COMMENT
"""

_PARSER = Lark(GRAMMAR, start="stylesheet", parser="lalr", lexer="contextual")


class StylesheetError(ValueError):
    """A stylesheet that does not parse, with 1-based line and column inside the stylesheet."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(f"line {line}, column {column}: {message}")
        self.message = message
        self.line = line
        self.column = column


@dataclass(frozen=True)
class Selector:
    kind: str  # "universal", "shape", "class" or "id"
    name: str = ""

    @property
    def specificity(self) -> int:
        return {"universal": 0, "shape": 1, "class": 2, "id": 3}[self.kind]

    def matches(self, node: Node) -> bool:
        if self.kind == "shape":
            return node.shape == self.name
        if self.kind == "class":
            return self.name in node.classes
        if self.kind == "id":
            return node.id == self.name
        return True


@dataclass(frozen=True)
class Rule:
    selector: Selector
    declarations: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Stylesheet:
    rules: tuple[Rule, ...] = ()

    def properties_for(self, node: Node) -> dict[str, str]:
        """Every property the stylesheet gives `node`, the winning rule's value for each."""
        matching = [r for r in self.rules if r.selector.matches(node)]
        resolved: dict[str, str] = {}
        for rule in sorted(matching, key=lambda r: r.selector.specificity):  # stable: order kept
            resolved.update(rule.declarations)
        return resolved


def parse_stylesheet(text: str) -> Stylesheet:
    """Parse a `model_stylesheet`; blank text is an empty stylesheet. Raises StylesheetError."""
    if not text.strip():
        return Stylesheet()
    try:
        tree = _PARSER.parse(text)
    except UnexpectedInput as exc:
        raise _syntax_error(exc, text) from None
    return Stylesheet(tuple(_rule(r) for r in tree.children))


def apply_stylesheet(graph: Graph) -> Graph:
    """A copy of `graph` whose nodes carry their resolved model properties (§8.5)."""
    stylesheet = parse_stylesheet(graph.model_stylesheet)
    result = graph.copy()
    for node in result.nodes.values():
        styled = stylesheet.properties_for(node)
        for prop in PROPERTIES:
            if prop in node.attrs:
                continue
            if prop in styled:
                node.attrs[prop] = styled[prop]
            elif prop in graph.attrs:
                node.attrs[prop] = graph.attrs[prop]
    return result


def _rule(tree: Tree) -> Rule:
    selector_tree, *declarations = tree.children
    return Rule(_selector(selector_tree), tuple(_declaration(d) for d in declarations))


def _selector(tree: Tree) -> Selector:
    token = tree.children[0]
    if tree.data == "id_selector":
        return Selector("id", str(token))
    if tree.data == "class_selector":
        return Selector("class", str(token))
    if token.type == "UNIVERSAL":
        return Selector("universal")
    return Selector("shape", str(token))


def _declaration(tree: Tree) -> tuple[str, str]:
    prop, value = tree.children
    if prop not in PROPERTIES:
        raise StylesheetError(
            f"unknown property {str(prop)!r}; expected one of {', '.join(PROPERTIES)}",
            prop.line or 1,
            prop.column or 1,
        )
    assert isinstance(value, Token)
    return str(prop), unescape(value[1:-1]) if value.type == "STRING" else str(value)


def _syntax_error(exc: UnexpectedInput, text: str) -> StylesheetError:
    token = getattr(exc, "token", None)
    if (token is not None and token.type == "$END") or (exc.line or -1) < 1:
        line = text.count("\n") + 1
        return StylesheetError("unexpected end of stylesheet", line, len(text) - text.rfind("\n"))
    if isinstance(exc, UnexpectedCharacters):
        char = text[exc.pos_in_stream]
        message = "unterminated string" if char == '"' else f"unexpected character {char!r}"
        return StylesheetError(message, exc.line, exc.column)
    return StylesheetError(f"unexpected {str(token)!r}", exc.line, exc.column)
