"""Pyramid summaries of a codebase, read from the files themselves: no model needed, so a tree of
thousands of files is summarised in a moment.

A Python module says what it is in its docstring and defines; a Markdown file in its headings; an
OpenAPI document in its title and operations; any other text in its first lines. A directory is
what its README or ``__init__.py`` says, then the lines of what it holds.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from darkfactory.context.pyramid import ROOT, Summary

SKIPPED = {"__pycache__", "node_modules", ".git", ".venv", "runs"}
LINE, PARAGRAPH, PAGE = 120, 700, 4000  # the most characters each level holds
PAGE_LINES = 60
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


def summarize_tree(root: Path) -> list[Summary]:
    """Every directory and text file under ``root`` (hidden ones and caches left out), parents
    before their children."""
    summaries: list[Summary] = []
    _directory(root, root, summaries)
    return summaries


def _directory(root: Path, folder: Path, out: list[Summary]) -> Summary:
    path = _relative(root, folder)
    slot = len(out)
    out.append(Summary(path, path, "directory", "", "", ""))  # filled in once its children are
    children = []
    for entry in _entries(folder):
        if entry.is_dir():
            children.append(_directory(root, entry, out))
        elif (summary := _file(root, entry)) is not None:
            out.append(summary)
            children.append(summary)
    parent = _relative(root, folder.parent) if folder != root else ROOT
    out[slot] = _folder_summary(folder, path, parent, children)
    return out[slot]


def _entries(folder: Path) -> Iterator[Path]:
    for entry in sorted(folder.iterdir()):
        if not entry.name.startswith(".") and entry.name not in SKIPPED and not entry.is_symlink():
            yield entry


def _folder_summary(folder: Path, path: str, parent: str, children: list[Summary]) -> Summary:
    own = next(
        (c for c in children if c.path.rsplit("/", 1)[-1].lower() in ("readme.md", "__init__.py")),
        None,
    )
    files = sum(c.kind == "file" for c in children)
    folders = len(children) - files
    counted = f"{files} files, {folders} directories"
    line = own.line if own and own.line else f"{folder.name}/: {counted}"
    listing = [f"- {_name(c)}: {c.line}" for c in children]
    paragraph = f"{line} ({counted})\n" + "\n".join(listing[:12])
    page = f"{own.paragraph if own else line}\n\n" + "\n".join(listing)
    return _summary(path, parent, "directory", line, paragraph, page)


def _file(root: Path, file: Path) -> Summary | None:
    try:
        text = file.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return None
    reader = READERS.get(file.suffix.lower(), _plain)
    line, paragraph, page = reader(text) or _plain(text)
    path = _relative(root, file)
    parent = _relative(root, file.parent)
    return _summary(path, parent, "file", line or file.name, paragraph, page)


def _python(text: str) -> tuple[str, str, str] | None:
    try:
        module = ast.parse(text)
    except (SyntaxError, ValueError):
        return None
    doc = (ast.get_docstring(module) or "").strip()
    defined = [node for node in module.body if isinstance(node, DEFINITIONS)]
    names = ", ".join(node.name for node in defined)
    line = _first_line(doc) or (f"defines {names}" if names else _first_line(text))
    paragraph = _first_paragraph(doc) + (f"\nDefines: {names}" if names else "")
    page = [doc, ""] if doc else []
    for node in defined:
        page.append(_signature(node))
        said = _first_line(ast.get_docstring(node) or "")
        page += [f"    {said}"] if said else []
    return line, paragraph, "\n".join(page)


DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _signature(node: ast.AST) -> str:
    if isinstance(node, ast.ClassDef):
        bases = ", ".join(ast.unparse(b) for b in node.bases)
        return f"class {node.name}({bases})" if bases else f"class {node.name}"
    prefix = "async def" if isinstance(node, ast.AsyncFunctionDef) else "def"
    returns = f" -> {ast.unparse(node.returns)}" if node.returns else ""
    return f"{prefix} {node.name}({ast.unparse(node.args)}){returns}"


def _markdown(text: str) -> tuple[str, str, str]:
    lines = text.splitlines()
    headings = [line for line in lines if line.startswith("#")]
    title = headings[0].lstrip("#").strip() if headings else _first_line(text)
    body = "\n".join(line for line in lines if not line.startswith("#"))
    outline = "\n".join(headings)
    return title, _first_paragraph(body), f"{outline}\n\n" + "\n".join(lines[:PAGE_LINES])


def _yaml(text: str) -> tuple[str, str, str] | None:
    try:
        return _openapi(yaml.safe_load(text))
    except yaml.YAMLError:
        return None


def _json(text: str) -> tuple[str, str, str] | None:
    try:
        return _openapi(json.loads(text))
    except ValueError:
        return None


def _openapi(document: Any) -> tuple[str, str, str] | None:
    """An OpenAPI document: its title, what it says of itself, and its operations."""
    if not isinstance(document, dict) or "openapi" not in document:
        return None
    info = document.get("info") or {}
    operations = [
        f"{method.upper()} {path}: {op.get('summary') or op.get('operationId', '')}"
        for path, item in (document.get("paths") or {}).items()
        for method, op in (item or {}).items()
        if method in HTTP_METHODS and isinstance(op, dict)
    ]
    title = f"{info.get('title', 'an API')} {info.get('version', '')}".strip()
    line = f"OpenAPI {document['openapi']} document of {title}: {len(operations)} operations"
    schemas = ", ".join((document.get("components") or {}).get("schemas") or {})
    paragraph = f"{line}. {_first_paragraph(info.get('description') or '')}"
    paragraph += f"\nSchemas: {schemas}" if schemas else ""
    return line, paragraph, f"{paragraph}\n\n" + "\n".join(operations)


def _plain(text: str) -> tuple[str, str, str]:
    lines = text.splitlines()
    return _first_line(text), _first_paragraph(text), "\n".join(lines[:PAGE_LINES])


READERS = {".py": _python, ".md": _markdown, ".json": _json, ".yaml": _yaml, ".yml": _yaml}


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def _first_paragraph(text: str) -> str:
    paragraph: list[str] = []
    for line in text.strip().splitlines():
        if not line.strip() and paragraph:
            break
        paragraph += [line.strip()] if line.strip() else []
    return " ".join(paragraph)


def _name(summary: Summary) -> str:
    name = summary.path.rsplit("/", 1)[-1]
    return f"{name}/" if summary.kind == "directory" else name


def _relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix() if path != root else ROOT


def _summary(path: str, parent: str, kind: str, line: str, paragraph: str, page: str) -> Summary:
    """The entry, each level cut to the length it may have."""
    return Summary(
        path, parent, kind, _cut(line, LINE), _cut(paragraph, PARAGRAPH), _cut(page, PAGE)
    )


def _cut(text: str, limit: int) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
