"""The source tree keeps its shape: modules say what they are, and packages depend downward."""

from __future__ import annotations

import ast
from pathlib import Path

import darkfactory

ROOT = Path(darkfactory.__file__).parent

# Who may import whom, as the design lays the packages out; a package may also use whatever the
# packages below it may use. ``cli`` is the thin layer over all of them.
BELOW: dict[str, set[str]] = {
    "cli": {"factory", "pipeline", "scenarios", "context", "agent", "llm", "twins", "sandbox"},
    "factory": {"pipeline", "scenarios", "context"},
    "pipeline": {"agent"},
    "agent": {"llm"},
    "scenarios": {"twins", "llm", "context", "sandbox", "forkserver"},
    "llm": set(),
    "context": set(),
    "twins": set(),
    "sandbox": set(),
    "forkserver": set(),
}


def allowed(package: str) -> set[str]:
    """Every package ``package`` may import: those below it, and theirs in turn."""
    seen: set[str] = set()
    todo = list(BELOW.get(package, ()))
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(BELOW.get(name, ()))
    return seen


def modules() -> list[Path]:
    return sorted(ROOT.rglob("*.py"))


def package_of(path: Path) -> str:
    parts = path.relative_to(ROOT).parts
    return parts[0] if len(parts) > 1 else parts[0].removesuffix(".py")


def imported_packages(path: Path) -> set[str]:
    """The top-level packages of ours that ``path`` imports by absolute name."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module]
        else:
            continue
        found |= {n.split(".")[1] for n in names if n.startswith("darkfactory.")}
    return found


def test_the_layering_allows_downward_edges_only():
    assert "twins" in allowed("factory")
    assert "factory" not in allowed("scenarios")
    assert allowed("twins") == set()


def test_every_module_opens_with_a_one_line_summary():
    missing = []
    for path in modules():
        doc = ast.get_docstring(ast.parse(path.read_text()), clean=False)
        if not doc or not doc.splitlines()[0].strip():
            missing.append(str(path.relative_to(ROOT)))
    assert not missing, "modules without a first-line docstring:\n" + "\n".join(missing)


def test_packages_import_only_what_lies_below_them():
    wrong = []
    for path in modules():
        package = package_of(path)
        if package in ("__init__", "__main__"):
            continue
        for other in imported_packages(path) - {package} - allowed(package):
            wrong.append(f"{path.relative_to(ROOT)} imports {other}")
    assert not wrong, "\n".join(wrong)
