"""DOT parser for Attractor's subset (spec §2): a lark LALR grammar, then a scoped walk to a Graph.

    graph = parse_dot(source)          # raises ParseError(message, line, column)

The walk applies what DOT means beyond its syntax: chained edges become one edge per pair (§2.9),
`node [...]`/`edge [...]` defaults apply to later statements in their scope (§2.11), subgraphs are
flattened and give their members the class derived from their label (§2.10), and bare values are
typed as integer, float, boolean, duration or bare string (§2.4). A node first named by an edge is
created there, as in Graphviz, with the defaults then in scope.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from darkfactory.pipeline.graph import Duration, Edge, Graph, Node, Value

GRAMMAR = r"""
dotfile: graph+
graph: STRICT? (DIGRAPH | GRAPH) NAME? "{" stmt* "}"
?stmt: (graph_attrs | node_defaults | edge_defaults | subgraph | edge_stmt | node_stmt
        | attr_decl) ";"?
graph_attrs: GRAPH attr_block
node_defaults: NODE attr_block
edge_defaults: EDGE attr_block
attr_decl: NAME "=" value
subgraph: SUBGRAPH NAME? "{" stmt* "}"
node_stmt: NAME attr_block?
edge_stmt: NAME (EDGEOP NAME)+ attr_block?
attr_block: "[" attr ("," attr)* "]"
attr: NAME "=" value
?value: STRING | BARE

STRICT: "strict"
DIGRAPH: "digraph"
GRAPH: "graph"
NODE: "node"
EDGE: "edge"
SUBGRAPH: "subgraph"
EDGEOP: "->" | "--"
NAME: /[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/
BARE: /-?[A-Za-z0-9_.][A-Za-z0-9_.:\-]*/
STRING: /"[^"\\]*+(?:\\.[^"\\]*+)*+"/s
LINE_COMMENT: /\/\/[^\n]*/
BLOCK_COMMENT: /\/\*[\s\S]*?\*\//

%import common.WS
%ignore WS
%ignore LINE_COMMENT
%ignore BLOCK_COMMENT
"""

_PARSER = Lark(GRAMMAR, start="dotfile", parser="lalr", lexer="contextual")

IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_INTEGER = re.compile(r"-?[0-9]+")
_FLOAT = re.compile(r"-?[0-9]*\.[0-9]+")
_DURATION = re.compile(r"-?[0-9]+(ms|s|m|h|d)")
_BARE = re.compile(r"[A-Za-z_][A-Za-z0-9_.:\-]*")
_ESCAPES = {'"': '"', "n": "\n", "t": "\t"}
_TOKEN_NAMES = {
    "NAME": "an identifier",
    "BARE": "a value",
    "STRING": "a quoted string",
    "EDGEOP": "'->'",
    "LSQB": "'['",
    "RSQB": "']'",
    "LBRACE": "'{'",
    "RBRACE": "'}'",
    "EQUAL": "'='",
    "COMMA": "','",
    "SEMICOLON": "';'",
    "DIGRAPH": "'digraph'",
    "GRAPH": "'graph'",
    "NODE": "'node'",
    "EDGE": "'edge'",
    "SUBGRAPH": "'subgraph'",
    "STRICT": "'strict'",
    "$END": "end of input",
}


class ParseError(Exception):
    """A DOT source Attractor cannot accept, with the 1-based line and column of the problem."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(f"line {line}, column {column}: {message}")
        self.message = message
        self.line = line
        self.column = column


def parse_dot(source: str) -> Graph:
    """Parse one `digraph` in Attractor's DOT subset into a Graph."""
    try:
        tree = _PARSER.parse(source)
    except UnexpectedInput as exc:
        raise _syntax_error(exc, source) from None
    graphs = tree.children
    if len(graphs) > 1:
        raise _error_at(graphs[1].children[0], "only one digraph per file is allowed")
    try:
        return _Builder().build(graphs[0])
    except RecursionError:
        raise ParseError("subgraphs are nested too deeply", 1, 1) from None


def parse_file(path: str | Path) -> Graph:
    return parse_dot(Path(path).read_text(encoding="utf-8"))


def typed_value(token: Token) -> Value:
    """The §2.4 value a STRING or bare token stands for."""
    text = str(token)
    if token.type == "STRING":
        return unescape(text[1:-1])
    if text in ("true", "false"):
        return text == "true"
    if _INTEGER.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    if _DURATION.fullmatch(text):
        return Duration(text)
    if _BARE.fullmatch(text):
        return text
    raise _error_at(token, f"invalid value {text!r}: quote it, or write a number or duration")


def unescape(body: str) -> str:
    """Undo `\\"`, `\\n`, `\\t` and `\\\\`; any other backslash stays as written.

    Whole-string replacements, not a match per escape, so a long value costs a few copies of
    itself: `\\\\` pairs are parked on a character the body lacks while the others are undone.
    """
    if "\\" not in body:
        return body
    parked = next(c for c in map(chr, itertools.count(0xE000)) if c not in body)
    body = body.replace("\\\\", parked)
    for escape, char in _ESCAPES.items():
        body = body.replace("\\" + escape, char)
    return body.replace(parked, "\\")


@dataclass
class _Scope:
    """What a `{ ... }` body has in force: defaults, derived classes, where attributes go."""

    attrs: dict[str, Value]
    node_defaults: dict[str, Value] = field(default_factory=dict)
    edge_defaults: dict[str, Value] = field(default_factory=dict)
    classes: tuple[str, ...] = ()

    def child(self, label: str | None) -> _Scope:
        derived = derive_class(label) if label else ""
        classes = (*self.classes, derived) if derived else self.classes
        return _Scope({}, dict(self.node_defaults), dict(self.edge_defaults), classes)


def derive_class(label: str) -> str:
    """`Loop A` -> `loop-a`: lowercase, spaces to hyphens, drop all but [a-z0-9-] (§2.10)."""
    return re.sub(r"[^a-z0-9-]", "", label.lower().replace(" ", "-"))


class _Builder:
    """Walks the parse tree in order, keeping scopes, and fills a Graph."""

    def build(self, tree: Tree) -> Graph:
        head = [c for c in tree.children if isinstance(c, Token)]
        if head[0].type == "STRICT":
            raise _error_at(head[0], "'strict' graphs are not supported")
        if head[0].type == "GRAPH":
            raise _error_at(head[0], "undirected graphs are not supported; use 'digraph'")
        name = next((str(t) for t in head if t.type == "NAME"), "")
        if name and not IDENTIFIER.fullmatch(name):
            raise _error_at(head[-1], f"graph name {name!r} must be an identifier")
        self.graph = Graph(name=name)
        self._body(tree, _Scope(self.graph.attrs))
        return self.graph

    def _body(self, tree: Tree, scope: _Scope) -> None:
        for stmt in tree.children:
            if isinstance(stmt, Tree):
                getattr(self, f"_{stmt.data}")(stmt, scope)

    def _graph_attrs(self, stmt: Tree, scope: _Scope) -> None:
        scope.attrs.update(_attrs(stmt.children[1]))

    def _node_defaults(self, stmt: Tree, scope: _Scope) -> None:
        scope.node_defaults.update(_attrs(stmt.children[1]))

    def _edge_defaults(self, stmt: Tree, scope: _Scope) -> None:
        scope.edge_defaults.update(_attrs(stmt.children[1]))

    def _attr_decl(self, stmt: Tree, scope: _Scope) -> None:
        key, value = stmt.children
        scope.attrs[str(key)] = typed_value(value)

    def _subgraph(self, stmt: Tree, scope: _Scope) -> None:
        self._body(stmt, scope.child(_subgraph_label(stmt)))

    def _node_stmt(self, stmt: Tree, scope: _Scope) -> None:
        name, *block = stmt.children
        node = self._member(name, scope)
        if block:
            node.attrs.update(_attrs(block[0]))
            _add_classes(node, scope.classes)

    def _edge_stmt(self, stmt: Tree, scope: _Scope) -> None:
        block = stmt.children[-1] if isinstance(stmt.children[-1], Tree) else None
        names = [t for t in stmt.children if isinstance(t, Token) and t.type == "NAME"]
        for op in (t for t in stmt.children if isinstance(t, Token) and t.type == "EDGEOP"):
            if op == "--":
                raise _error_at(op, "undirected edge '--' is not supported; use '->'")
        attrs = {**scope.edge_defaults, **(_attrs(block) if block else {})}
        for name in names:
            self._member(name, scope)
        for source, target in itertools.pairwise(names):
            edge = Edge(dict(attrs), str(source), str(target), source.line, source.column)
            self.graph.add_edge(edge)

    def _member(self, name: Token, scope: _Scope) -> Node:
        """The node called `name`, created with the scope's defaults if new; joins the scope."""
        if not IDENTIFIER.fullmatch(name):
            raise _error_at(name, f"node ID {str(name)!r} must be an identifier, without dots")
        node = self.graph.node(str(name))
        if node is None:
            node = Node(dict(scope.node_defaults), str(name), name.line, name.column)
            self.graph.add_node(node)
        _add_classes(node, scope.classes)
        return node


def _subgraph_label(stmt: Tree) -> str | None:
    """The subgraph's own `label`, wherever in its body it is set."""
    label: Value | None = None
    for child in stmt.children:
        if isinstance(child, Tree) and child.data == "attr_decl" and child.children[0] == "label":
            label = typed_value(child.children[1])
        elif isinstance(child, Tree) and child.data == "graph_attrs":
            label = _attrs(child.children[1]).get("label", label)
    return None if label is None else str(label)


def _add_classes(node: Node, classes: tuple[str, ...]) -> None:
    missing = [c for c in classes if c not in node.classes]
    if missing:
        node.attrs["class"] = ",".join([*node.classes, *missing])


def _attrs(block: Tree) -> dict[str, Value]:
    return {str(attr.children[0]): typed_value(attr.children[1]) for attr in block.children}


def _error_at(token: Token, message: str) -> ParseError:
    return ParseError(message, token.line or 1, token.column or 1)


def _syntax_error(exc: UnexpectedInput, source: str) -> ParseError:
    if isinstance(exc, UnexpectedEOF) or (
        isinstance(exc, UnexpectedToken) and exc.token.type == "$END"
    ):
        line = source.count("\n") + 1
        column = len(source) - source.rfind("\n")
        return ParseError(f"unexpected end of input; expected {_expected(exc)}", line, column)
    if isinstance(exc, UnexpectedCharacters):
        return ParseError(_character_message(source, exc.pos_in_stream), exc.line, exc.column)
    assert isinstance(exc, UnexpectedToken)
    return ParseError(
        f"unexpected {str(exc.token)!r}; expected {_expected(exc)}", exc.line, exc.column
    )


def _character_message(source: str, pos: int) -> str:
    rest = source[pos:]
    if rest.startswith("--"):
        return "undirected edge '--' is not supported; use '->'"
    if rest.startswith('"'):
        return "unterminated string"
    if rest.startswith("/*"):
        return "unterminated comment"
    if rest.startswith("<"):
        return "HTML labels are not supported; use a quoted string"
    return f"unexpected character {rest[:1]!r}"


def _expected(exc: UnexpectedInput) -> str:
    names = sorted({_TOKEN_NAMES.get(t, t) for t in getattr(exc, "expected", None) or ()})
    return " or ".join(names) if names else "more input"
