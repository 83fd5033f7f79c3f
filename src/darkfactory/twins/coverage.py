"""Coverage tables: each twin's operations against its vendor's list, written to docs/coverage/.

A twin takes part by having a ``coverage`` module with ``operations()`` returning the vendor's
operation names (from the official SDK or the published spec) and ``implemented()`` returning the
names the twin serves; ``PACKAGE`` names the distribution the list is read from, and the table
records its version, since a newer SDK release lists more operations.
``python -m darkfactory.twins.coverage [DIR]`` regenerates every table.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import sys
from itertools import groupby
from pathlib import Path

from darkfactory.twins.registry import TWINS

DEFAULT_DIR = Path("docs/coverage")


def counted_against(module) -> str:
    """The source of a coverage module's list, with the version of the SDK it is read from."""
    package = getattr(module, "PACKAGE", None)
    if package is None:
        return module.SOURCE
    return f"{module.SOURCE}, {package} {importlib.metadata.version(package)},"


def table(twin: str) -> str | None:
    """The Markdown coverage table of one twin, or None if it has no coverage module."""
    name = f"darkfactory.twins.{twin}.coverage"
    if importlib.util.find_spec(name) is None:
        return None
    module = importlib.import_module(name)
    listed = sorted(set(module.operations()))
    served = set(module.implemented())
    done = [op for op in listed if op in served]
    extra = sorted(served - set(listed))
    lines = [
        f"# {module.TITLE}",
        "",
        f"**{len(done)} of {len(listed)}** operations of {counted_against(module)} are implemented "
        f"({len(done) / len(listed):.0%}).",
        "",
        "Regenerate with `python -m darkfactory.twins.coverage` (or `make coverage`).",
        "",
        "| family | implemented | operations |",
        "|---|---|---|",
    ]
    for family, group in groupby(listed, key=module.family):
        ops = list(group)
        marks = ", ".join(f"`{op}` ✅" if op in served else f"`{op}`" for op in ops)
        lines.append(f"| {family} | {sum(op in served for op in ops)}/{len(ops)} | {marks} |")
    if extra:
        lines += ["", "Also served, beyond that list: " + ", ".join(f"`{op}`" for op in extra)]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    folder = Path(argv[0]) if argv else DEFAULT_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for twin in TWINS:
        text = table(twin)
        if text is not None:
            path = folder / f"{twin}.md"
            path.write_text(text)
            print(f"{path}: {text.splitlines()[2]}")


if __name__ == "__main__":
    main()
