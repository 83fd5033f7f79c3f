"""A document's tabs: a tree of titled tabs, each with content of its own, and the requests that
add, delete and rename them.

The first tab of a document is ``t.0``; others get ``t.`` and twelve characters. A tab's
``index`` is its place among its siblings and ``nestingLevel`` its depth, both derived from the
tree rather than stored.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from darkfactory.twins.google import masks
from darkfactory.twins.google.docs.edits import Document, EditError

FIRST_TAB_ID = "t.0"
SETTABLE = ("title", "iconEmoji", "index", "parentTabId")


@dataclass
class Tab:
    properties: dict  # tabId, title and (when set) iconEmoji
    doc: Document
    children: list[Tab] = field(default_factory=list)


@dataclass
class Placed:
    """A tab with its place in the tree."""

    tab: Tab
    siblings: list[Tab]
    parent: Tab | None
    level: int

    @property
    def properties(self) -> dict:
        out = dict(self.tab.properties)
        out["index"] = self.siblings.index(self.tab)
        if self.parent is not None:
            out["parentTabId"] = self.parent.properties["tabId"]
            out["nestingLevel"] = self.level
        return out


def walk(tabs: list[Tab], parent: Tab | None = None, level: int = 0) -> Iterator[Placed]:
    """Every tab, depth first in reading order."""
    for tab in tabs:
        yield Placed(tab, tabs, parent, level)
        yield from walk(tab.children, tab, level + 1)


def find(tabs: list[Tab], tab_id: str | None) -> Placed:
    """The tab ``tab_id`` names; the first tab when none is named."""
    for placed in walk(tabs):
        if not tab_id or placed.tab.properties["tabId"] == tab_id:
            return placed
    raise EditError(f"Tab {tab_id} not found.")


def selected(tabs: list[Tab], criteria: dict | None) -> list[Tab]:
    """The tabs a ``tabsCriteria`` names (every tab when it names none)."""
    wanted = (criteria or {}).get("tabIds") or []
    if not wanted:
        return [placed.tab for placed in walk(tabs)]
    return [find(tabs, tab_id).tab for tab_id in wanted]


JOINERS = {0x200D, 0xFE0F, 0x20E3}  # zero-width joiner, emoji presentation, keycap


def _check_emoji(emoji: str | None) -> None:
    """An icon is one emoji: a short run of pictographs (and the joiners between them)."""
    if not emoji:
        return
    pictographs = [c for c in emoji if ord(c) not in JOINERS]
    emoji_like = all(ord(c) >= 0x2190 or c in "#*0123456789" for c in pictographs)
    if len(emoji) > 8 or not pictographs or not emoji_like or emoji.isalnum():
        raise EditError(f"Invalid icon emoji: {emoji}")


def _siblings(tabs: list[Tab], parent_id: str | None) -> tuple[list[Tab], int]:
    """The list a tab under ``parent_id`` goes into, and the level of its members."""
    if not parent_id:
        return tabs, 0
    parent = find(tabs, parent_id)
    return parent.tab.children, parent.level + 1


def _place(tabs: list[Tab], tab: Tab, parent_id: str | None, index: int | None) -> None:
    siblings, level = _siblings(tabs, parent_id)
    if level + _depth(tab) > 2:
        raise EditError("Tabs can be nested at most 3 levels deep.")
    if index is None:
        index = len(siblings)
    if not 0 <= index <= len(siblings):
        raise EditError(
            f"Tab index {index} must be between 0 and the number of sibling tabs, {len(siblings)}."
        )
    siblings.insert(index, tab)


def _depth(tab: Tab) -> int:
    return max((1 + _depth(child) for child in tab.children), default=0)


def add_tab(tabs: list[Tab], properties: dict, tab_id: str, doc: Document) -> dict:
    """A new empty tab; its full properties."""
    if properties.get("tabId"):
        raise EditError("The tab ID is assigned by the server and cannot be set.")
    _check_emoji(properties.get("iconEmoji"))
    count = sum(1 for _ in walk(tabs))
    tab = Tab({"tabId": tab_id, "title": properties.get("title") or f"Tab {count + 1}"}, doc)
    if properties.get("iconEmoji"):
        tab.properties["iconEmoji"] = properties["iconEmoji"]
    _place(tabs, tab, properties.get("parentTabId"), properties.get("index"))
    return find(tabs, tab_id).properties


def delete_tab(tabs: list[Tab], tab_id: str) -> None:
    """Remove a tab and its children; a document keeps at least one tab."""
    if not tab_id:
        raise EditError("The tab ID must be specified.")
    placed = find(tabs, tab_id)
    if len(tabs) == 1 and placed.siblings is tabs:
        raise EditError("Cannot delete the last tab of a document.")
    placed.siblings.remove(placed.tab)


def update_properties(tabs: list[Tab], properties: dict, fields: str) -> None:
    """Change a tab's title, icon, or place (``index``, ``parentTabId``) as the mask says."""
    if not properties.get("tabId"):
        raise EditError("The tab ID must be specified.")
    placed = find(tabs, properties["tabId"])
    for path in masks.paths(fields, SETTABLE):
        if path[0] not in (*SETTABLE, "tabId", "nestingLevel"):
            raise EditError(f"Invalid field mask: {'.'.join(path)}")
        if path[0] in ("tabId", "nestingLevel"):
            raise EditError(f"The field {path[0]} cannot be updated.")
    wanted = {path[0] for path in masks.paths(fields, SETTABLE)}
    tab = placed.tab
    if "title" in wanted:
        if not properties.get("title"):
            raise EditError("The tab title must not be empty.")
        tab.properties["title"] = properties["title"]
    if "iconEmoji" in wanted:
        _check_emoji(properties.get("iconEmoji"))
        tab.properties.pop("iconEmoji", None)
        if properties.get("iconEmoji"):
            tab.properties["iconEmoji"] = properties["iconEmoji"]
    if wanted & {"index", "parentTabId"}:
        parent_id = (
            properties.get("parentTabId")
            if "parentTabId" in wanted
            else placed.parent and placed.parent.properties["tabId"]
        )
        if parent_id and any(p.tab.properties["tabId"] == parent_id for p in walk([tab])):
            raise EditError("A tab cannot be moved under itself or its children.")
        index = properties.get("index", 0) if "index" in wanted else None
        placed.siblings.remove(tab)
        _place(tabs, tab, parent_id, index)
