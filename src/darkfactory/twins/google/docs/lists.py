"""Lists: createParagraphBullets (leading tabs become nesting levels) and deleteParagraphBullets."""

from __future__ import annotations

from darkfactory.twins.google.docs.edits import (
    Document,
    check_range,
    delete_range,
    overlapping,
)


def create_bullets(doc: Document, start: int, end: int, preset: str, list_id: str) -> None:
    """Make the paragraphs of a range a list; leading tabs become nesting levels, removed."""
    check_range(doc, start, end)
    doc.lists[list_id] = {"listProperties": {"nestingLevels": nesting_levels(preset)}}
    for placed in reversed(overlapping(doc, start, end)):
        text = placed.paragraph.text
        tabs = len(text) - len(text.lstrip("\t"))
        placed.paragraph.bullet = {"listId": list_id, "textStyle": {"underline": False}}
        if tabs:
            placed.paragraph.bullet["nestingLevel"] = tabs
            delete_range(doc, placed.start, placed.start + tabs)
    for placed in overlapping(doc, start, end):
        level = (placed.paragraph.bullet or {}).get("nestingLevel", 0)
        if placed.paragraph.bullet and placed.paragraph.bullet.get("listId") == list_id:
            placed.paragraph.style |= {
                "indentFirstLine": {"magnitude": 18 + 36 * level, "unit": "PT"},
                "indentStart": {"magnitude": 36 + 36 * level, "unit": "PT"},
            }


def delete_bullets(doc: Document, start: int, end: int) -> None:
    check_range(doc, start, end)
    for placed in overlapping(doc, start, end):
        placed.paragraph.bullet = None
        for key in ("indentFirstLine", "indentStart"):
            placed.paragraph.style.pop(key, None)


GLYPHS = {"BULLET": ("●", "○", "■"), "NUMBERED": ("DECIMAL", "ALPHA", "ROMAN")}


def nesting_levels(preset: str) -> list[dict]:
    numbered = preset.startswith("NUMBERED")
    levels = []
    for level in range(9):
        entry = {
            "bulletAlignment": "START",
            "indentFirstLine": {"magnitude": 18 + 36 * level, "unit": "PT"},
            "indentStart": {"magnitude": 36 + 36 * level, "unit": "PT"},
            "textStyle": {"underline": False},
            "startNumber": 1,
        }
        if numbered:
            glyph = GLYPHS["NUMBERED"][level % 3]
            entry |= {"glyphType": glyph, "glyphFormat": f"%{level}."}
        else:
            entry |= {"glyphSymbol": GLYPHS["BULLET"][level % 3], "glyphFormat": f"%{level}"}
        levels.append(entry)
    return levels
