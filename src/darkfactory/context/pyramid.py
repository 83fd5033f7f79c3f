"""Pyramid summaries: a line, a paragraph and a page for every entry of a tree, kept as turns.

A pyramid is a context of its own: its first turn names what was summarised (a directory, or the
store's contexts), then one ``Summary`` turn per entry, parents before children. A reader lists
the one-line summaries under an entry quickly and expands any entry to its paragraph or page.

    pyramid_id = store_pyramid(store, "src/", summarize_tree(Path("src")))
    pyramid = Pyramid.load(store, pyramid_id)
    pyramid.children(".")      # the short ones
    pyramid.expand("agent", "page")
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from darkfactory.context.store import ContextStore, NewTurn
from darkfactory.context.types import TypeRegistry

LEVELS = ("line", "paragraph", "page")
ROOT = "."
TAG = "darkfactory-pyramid"  # the client tag of every pyramid's context
BUNDLE = "darkfactory-pyramid-1"

TYPES = TypeRegistry()
PYRAMID = TYPES.declare(
    "darkfactory.context.Pyramid", 1, source="string", summaries="u32", context_metadata="map?"
)
SUMMARY = TYPES.declare(
    "darkfactory.context.Summary",
    1,
    path="string",
    parent="string",
    kind="string",
    line="string",
    paragraph="string",
    page="string",
)


@dataclass(frozen=True)
class Summary:
    """One entry of a pyramid: ``path`` under ``parent`` (``"."`` is the root, its own parent)."""

    path: str
    parent: str
    kind: str  # directory, file, store or context
    line: str
    paragraph: str
    page: str


def store_pyramid(store: ContextStore, source: str, summaries: list[Summary]) -> int:
    """Write ``summaries`` as a new pyramid context; its id."""
    store.publish_bundle(TYPES.bundle(BUNDLE))
    context = store.create_context()
    title = f"summaries of {source}"
    head = {
        "source": source,
        "summaries": len(summaries),
        "context_metadata": {"client_tag": TAG, "title": title},
    }
    turns = [NewTurn(PYRAMID.type_id, PYRAMID.version, head)]
    turns += [NewTurn(SUMMARY.type_id, SUMMARY.version, asdict(s)) for s in summaries]
    store.append_many(context.context_id, turns)
    return context.context_id


def newest_pyramid(store: ContextStore) -> int | None:
    """The id of the pyramid written last, or None when the store has none."""
    contexts, _ = store.contexts(limit=1, tag=TAG)
    return contexts[0].context_id if contexts else None


class UnknownEntry(LookupError):
    """The pyramid has no summary of that path."""


class Pyramid:
    """A pyramid read back from the store."""

    def __init__(self, source: str, summaries: list[Summary]) -> None:
        self.source = source
        self.entries = {s.path: s for s in summaries}
        self.kids: dict[str, list[Summary]] = {}
        for summary in summaries:
            if summary.path != summary.parent:
                self.kids.setdefault(summary.parent, []).append(summary)

    @classmethod
    def load(cls, store: ContextStore, context_id: int) -> Pyramid:
        head = store.context(context_id)
        turns = store.turns(context_id, limit=head.head_depth + 1)
        if not turns or turns[0].type_id != PYRAMID.type_id:
            raise UnknownEntry(f"context {context_id} is not a pyramid of summaries")
        summaries = [Summary(**t.data) for t in turns[1:] if t.type_id == SUMMARY.type_id]
        return cls(turns[0].data["source"], summaries)

    @classmethod
    def newest(cls, store: ContextStore) -> Pyramid | None:
        """The pyramid written last, or None when the store has none."""
        context_id = newest_pyramid(store)
        return None if context_id is None else cls.load(store, context_id)

    def get(self, path: str) -> Summary:
        key = normal(path)
        if key not in self.entries:
            raise UnknownEntry(f"no summary of {path!r} in the summaries of {self.source}")
        return self.entries[key]

    def children(self, path: str = ROOT) -> list[Summary]:
        """The entries directly under ``path``, in the order they were summarised."""
        return self.kids.get(self.get(path).path, [])

    def expand(self, path: str, level: str) -> str:
        if level not in LEVELS:
            raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
        return getattr(self.get(path), level)


def normal(path: str) -> str:
    """``./a/b/`` and ``a/b`` name the same entry."""
    parts = [p for p in path.strip().split("/") if p not in ("", ".")]
    return "/".join(parts) or ROOT
