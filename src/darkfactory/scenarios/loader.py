"""Reading scenario files: Markdown with a YAML header, with errors that point at the line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from darkfactory.scenarios import includes
from darkfactory.scenarios.includes import SHARED, IncludeError
from darkfactory.scenarios.model import Scenario
from darkfactory.twins.kit import company

FENCE = "---"


class ScenarioError(Exception):
    """A malformed scenario file: ``path:line: message``."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message


def load(path: str | Path) -> Scenario:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(str(path), 1, f"cannot read: {exc}") from exc
    return parse(text, str(path))


def load_dir(directory: str | Path) -> list[Scenario]:
    """Every ``*.md`` scenario under ``directory``, sorted by path; ids must be unique."""
    files = sorted(Path(directory).rglob("*.md"))
    scenarios = [load(f) for f in files if f.name.lower() != "readme.md" and SHARED not in f.parts]
    seen: dict[str, str] = {}
    for scenario in scenarios:
        if scenario.id in seen:
            raise ScenarioError(
                scenario.path, 2, f"id {scenario.id!r} is also used by {seen[scenario.id]}"
            )
        seen[scenario.id] = scenario.path
    return scenarios


def parse(text: str, path: str = "<scenario>") -> Scenario:
    lines = text.splitlines()
    if not lines or lines[0].strip() != FENCE:
        raise ScenarioError(path, 1, "a scenario starts with a '---' line opening its YAML header")
    try:
        end = next(i for i, line in enumerate(lines[1:], start=1) if line.strip() == FENCE)
    except StopIteration:
        raise ScenarioError(
            path, len(lines), "the YAML header is never closed with '---'"
        ) from None
    header = "\n".join(lines[1:end])
    try:
        node = yaml.compose(header, Loader=yaml.SafeLoader)
        data = yaml.safe_load(header)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 2) if mark else 2
        raise ScenarioError(path, line, f"invalid YAML: {exc.problem or exc}") from None
    if not isinstance(data, dict):
        raise ScenarioError(path, 2, "the header must be a mapping of fields")
    story = "\n".join(lines[end + 1 :]).strip()
    try:
        data = includes.apply(data, path)
    except IncludeError as exc:
        raise ScenarioError(path, _line_of(node, ["include"]) + 2, str(exc)) from None
    try:
        data = includes.apply_fixture(data, path)
        fixtures = (data.get("universe") or {}).get("fixtures")
        if isinstance(fixtures, dict):
            company.options(fixtures)
    except (IncludeError, ValueError) as exc:
        line = _line_of(node, ["universe", "fixture"]) + 2
        raise ScenarioError(path, line, str(exc)) from None
    try:
        return Scenario.model_validate({**data, "story": story, "path": path})
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = [p for p in error["loc"] if not isinstance(p, str) or not p[0].isupper()]
        line = _line_of(node, loc) + 2
        where = ".".join(str(p) for p in loc) or "header"
        raise ScenarioError(path, line, f"{where}: {error['msg']}") from None


def _line_of(node: Any, loc: list[Any]) -> int:
    """The 0-based header line of the deepest YAML node that ``loc`` reaches."""
    line = node.start_mark.line if node is not None else 0
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if k.value == part), None)
            if match is None:
                break
            node = match[1]
            line = match[0].start_mark.line
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            node = node.value[part]
            line = node.start_mark.line
        else:
            break
    return line
