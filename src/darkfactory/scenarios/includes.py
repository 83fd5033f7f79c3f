"""Shared pieces of scenarios: YAML fragments and Python check libraries in a ``_shared/`` folder.

A scenario's ``include: [NAME, ...]`` names files in the nearest ``_shared/`` folder at or above
its own. A YAML fragment may hold ``fixtures`` (merged under the scenario's own), ``setup`` steps
(run before the scenario's own), ``checks`` (added after its own) and ``sut`` (its ``slack_app``,
unless the scenario declares one, and ``grant``, added to the scenario's). A ``.py`` file is a
check library: its functions are defined before every check and ``wait_for`` predicate of the
scenario, in the sandbox.

``universe: {fixture: NAME}`` names a universe fixture file in the same folder: the company's
``people``, ``groups``, ``projects`` and ``channels`` (see ``darkfactory.twins.kit.company``),
under which the scenario's own ``fixtures: {company: ...}`` options are laid.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

SHARED = "_shared"
FRAGMENT_KEYS = {"fixtures", "setup", "checks", "sut"}


class IncludeError(ValueError):
    """An include that cannot be found or read; the message says which and why."""


def shared_folder(scenario_path: Path) -> Path | None:
    for folder in scenario_path.resolve().parents:
        if (folder / SHARED).is_dir():
            return folder / SHARED
    return None


def _shared_file(name: str, scenario_path: str, key: str) -> Path:
    folder = shared_folder(Path(scenario_path))
    if folder is None:
        raise IncludeError(f"{key}: no {SHARED}/ folder at or above {scenario_path}")
    path = (folder / name).resolve()
    if folder.resolve() not in path.parents or not path.is_file():
        raise IncludeError(f"{key}: no file {name!r} in {folder}")
    return path


def apply_fixture(data: dict[str, Any], scenario_path: str) -> dict[str, Any]:
    """The header ``data`` with its universe fixture file, if it names one, as the company's
    fixture options."""
    universe = data.get("universe")
    if not isinstance(universe, dict) or universe.get("fixture") is None:
        return data
    name = universe["fixture"]
    if not isinstance(name, str):
        raise IncludeError("universe.fixture: a file name in _shared/")
    path = _shared_file(name, scenario_path, "universe.fixture")
    try:
        declared = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise IncludeError(f"universe.fixture {name!r}: invalid YAML: {exc}") from None
    if not isinstance(declared, dict):
        raise IncludeError(f"universe.fixture {name!r}: a mapping of the company's pieces")
    fixtures = dict(universe.get("fixtures") or {})
    fixtures["company"] = _merge(declared, fixtures.get("company") or {})
    return {**data, "universe": {**universe, "fixtures": fixtures}}


def apply(data: dict[str, Any], scenario_path: str) -> dict[str, Any]:
    """The header ``data`` with its includes merged in, and ``library`` holding their Python."""
    names = data.get("include", [])
    if not names:
        return data
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise IncludeError("include: a list of file names in _shared/")
    libraries, fragments = [], []
    for name in names:
        path = _shared_file(name, scenario_path, "include")
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".py":
            libraries.append(text)
        else:
            fragments.append(_fragment(name, text))
    merged = dict(data)
    universe = dict(merged.get("universe") or {})
    for fragment in fragments:
        universe["fixtures"] = _merge(fragment.get("fixtures", {}), universe.get("fixtures", {}))
        universe["setup"] = [*fragment.get("setup", []), *universe.get("setup", [])]
        merged["checks"] = [*(merged.get("checks") or []), *fragment.get("checks", [])]
        if fragment.get("sut"):
            shared, sut = fragment["sut"], dict(merged.get("sut") or {})
            sut = {**shared, **sut, "grant": [*sut.get("grant", []), *shared.get("grant", [])]}
            merged["sut"] = sut
    merged["universe"] = universe
    merged["library"] = "\n\n".join(libraries)
    return merged


def _fragment(name: str, text: str) -> dict[str, Any]:
    try:
        fragment = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise IncludeError(f"include {name!r}: invalid YAML: {exc}") from None
    if not isinstance(fragment, dict) or not set(fragment) <= FRAGMENT_KEYS:
        raise IncludeError(f"include {name!r}: a mapping of {sorted(FRAGMENT_KEYS)}")
    return fragment


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """``over`` laid on ``base``, mapping by mapping."""
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged
