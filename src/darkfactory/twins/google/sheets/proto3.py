"""Sheets JSON as Google writes it (see ``google.proto3``): a ``GridRange``'s,
``DimensionRange``'s or ``GridCoordinate``'s ``sheetId`` of 0, the ``GridProperties`` counts and
flags at their defaults, a colour's components at zero, a table column's or slicer's
``columnIndex`` of 0 and a post author's ``me: false`` are left out; every ``xColor`` comes with
its ``xColorStyle`` mirror."""

from __future__ import annotations

from typing import Any

from darkfactory.twins.google import proto3

SHEETS = proto3.Dialect(
    "sheets",
    "v4",
    {
        "GridRange": {"sheetId"},
        "DimensionRange": {"sheetId"},
        "GridCoordinate": {"sheetId"},
        "GridProperties": {
            "frozenRowCount",
            "frozenColumnCount",
            "hideGridlines",
            "rowGroupControlAfter",
            "columnGroupControlAfter",
        },
        "Color": {"red", "green", "blue"},
        "TableColumnProperties": {"columnIndex"},
        "SlicerSpec": {"columnIndex"},
        "PostAuthor": {"me"},
    },
    mirrors=True,
)


def render(value: Any, schema: str) -> Any:
    """``value`` (of the Sheets v4 discovery ``schema``) as Google writes it."""
    return proto3.render(value, schema, SHEETS)
