"""Docs JSON as Google writes it (see ``google.proto3``): an index, a nesting level, a tab's
place or a dimension at 0 and a colour's components at zero are left out, and so is every empty
string, list and map; a style's flags set to ``false`` stay, as Docs keeps what was set."""

from __future__ import annotations

from typing import Any

from darkfactory.twins.google import proto3

DOCS = proto3.Dialect(
    "docs",
    "v1",
    {
        "StructuralElement": {"startIndex"},
        "ParagraphElement": {"startIndex"},
        "TableRow": {"startIndex"},
        "TableCell": {"startIndex"},
        "Range": {"startIndex"},
        "TabProperties": {"index", "nestingLevel"},
        "Bullet": {"nestingLevel"},
        "Dimension": {"magnitude"},
        "RgbColor": {"red", "green", "blue"},
    },
    drop_empty=True,
)


def render(value: Any, schema: str) -> Any:
    """``value`` (of the Docs v1 discovery ``schema``) as Google writes it."""
    return proto3.render(value, schema, DOCS)
