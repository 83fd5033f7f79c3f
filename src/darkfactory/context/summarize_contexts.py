"""Pyramid summaries of the store's contexts: for each, a line (its title, size and kinds of
turn), a paragraph (how it starts and ends) and a page (a line per turn)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from darkfactory.context.pyramid import ROOT, TAG, Summary
from darkfactory.context.store import ContextStore

TEXT_KEYS = ("text", "prompt", "goal", "question", "output", "error", "status", "name", "node")
TURN_LINE = 160


def summarize_contexts(store: ContextStore, context_ids: list[int] | None = None) -> list[Summary]:
    """The given contexts (default: every context of the store but pyramids), under a root entry
    for the store."""
    if context_ids is None:
        found, _ = store.contexts(limit=1_000_000)
        tags = {c.context_id: store.metadata(c.context_id).get("client_tag") for c in found}
        context_ids = sorted(context_id for context_id, tag in tags.items() if tag != TAG)
    contexts = [_context(store, context_id) for context_id in context_ids]
    line = f"{len(contexts)} contexts of the store {store.path}"
    listing = "\n".join(f"- {c.path}: {c.line}" for c in contexts)
    root = Summary(ROOT, ROOT, "store", line, f"{line}\n{listing[:600]}", f"{line}\n{listing}")
    return [root, *contexts]


def _context(store: ContextStore, context_id: int) -> Summary:
    head = store.context(context_id)
    turns = store.turns(context_id, limit=head.head_depth + 1)
    title = store.metadata(context_id).get("title") or (turns[0].type_id if turns else "empty")
    kinds = Counter(t.type_id.rsplit(".", 1)[-1] for t in turns)
    counted = ", ".join(f"{n} {kind}" for kind, n in kinds.most_common())
    line = f"context {context_id}: {title}, {len(turns)} turns"
    said = [(t, text) for t in turns if (text := _text(t.data))]
    opening = f"Starts: {said[0][1][:300]}" if said else ""
    ending = f"Ends: {said[-1][1][:300]}" if len(said) > 1 else ""
    paragraph = "\n".join(part for part in (f"{line} ({counted})", opening, ending) if part)
    page = "\n".join(f"{t.depth:>4} {t.type_id}: {_text(t.data)[:TURN_LINE]}" for t in turns)
    return Summary(f"context-{context_id}", ROOT, "context", line, paragraph, page)


def _text(data: Any) -> str:
    """What a turn says, in one line: the first of its usual text fields."""
    if not isinstance(data, dict):
        return str(data or "")
    for key in TEXT_KEYS:
        if data.get(key):
            return " ".join(str(data[key]).split())
    return ""
