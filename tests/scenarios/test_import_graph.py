"""The scenarios package's modules import each other without a cycle, type-only imports included."""

from __future__ import annotations

import ast
from pathlib import Path

import darkfactory.scenarios

PACKAGE = "darkfactory.scenarios"
FOLDER = Path(darkfactory.scenarios.__file__).parent


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """The package's modules that ``path`` imports, at run time or for type checking."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        found |= {n.removeprefix(PACKAGE + ".") for n in names if n.startswith(PACKAGE + ".")}
    return found & modules


def graph() -> dict[str, set[str]]:
    files = {p.stem: p for p in FOLDER.glob("*.py") if p.stem != "__init__"}
    return {name: imports_of(path, set(files)) for name, path in files.items()}


def cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path of module names, or None."""
    state: dict[str, str] = {}

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = "open"
        for nxt in sorted(edges[node]):
            if state.get(nxt) == "open":
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt, [*path, nxt])):
                return found
        state[node] = "done"
        return None

    for start in sorted(edges):
        if start not in state and (found := visit(start, [start])):
            return found
    return None


def test_the_cycle_finder_finds_a_cycle():
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) is not None
    assert cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_scenario_modules_import_each_other_without_a_cycle():
    edges = graph()
    assert {"trial", "steps", "context", "capabilities"} <= set(edges)
    assert cycle(edges) is None, " -> ".join(cycle(edges))
