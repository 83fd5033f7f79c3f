"""How the HTTP API shows contexts and turns, in the shapes cxdb's server answers with.

A context is shown with its head, its creation time (ISO and unix ms) and, from its first turn's
``context_metadata``, its client tag, title, labels and provenance. A turn is shown ``typed``
(its payload as ``data``, with the type it is read as), ``raw`` (its stored bytes: hash,
encoding, length, then base64, hex or only the length) or ``both``.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from darkfactory.context.encoding import COMPRESSION_NONE, ENCODING_JSON
from darkfactory.context.store import Context, Turn

VIEWS = ("typed", "raw", "both")
BYTES_RENDERS = ("base64", "hex", "len_only")
TYPE_HINT_MODES = ("inherit", "latest", "explicit")


def iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, UTC).isoformat(timespec="milliseconds")[:-6] + "Z"


def context_view(context: Context, meta: dict[str, Any], provenance: bool = False) -> dict:
    """A context as the listing and ``GET /v1/contexts/{id}`` show it."""
    shown: dict[str, Any] = {
        "context_id": str(context.context_id),
        "head_turn_id": str(context.head_turn_id),
        "head_depth": context.head_depth,
        "created_at": iso(context.created_at_ms),
        "created_at_unix_ms": context.created_at_ms,
        "is_live": False,  # no writer holds a session open: writes come through HTTP or files
    }
    for field in ("client_tag", "title", "labels"):
        if meta.get(field):
            shown[field] = meta[field]
    if provenance and isinstance(meta.get("provenance"), dict):
        shown["provenance"] = meta["provenance"]
    return shown


@dataclass(frozen=True)
class TurnView:
    """What a turns request asked to see: the view, how to name the type a turn is read as,
    and how to render its bytes."""

    view: str = "typed"
    type_hint_mode: str = "inherit"
    as_type: tuple[str, int] | None = None
    bytes_render: str = "base64"

    def render(self, turn: Turn, raw: bytes, latest: int | None) -> dict[str, Any]:
        """``turn`` (whose stored bytes are ``raw``, read for the raw views only; ``latest``: the
        newest registered version of its type) in this view."""
        shown: dict[str, Any] = {
            "turn_id": str(turn.turn_id),
            "parent_turn_id": str(turn.parent_turn_id),
            "depth": turn.depth,
            "declared_type": {"type_id": turn.type_id, "type_version": turn.type_version},
        }
        if self.view in ("typed", "both"):
            type_id, version = self.as_type or (turn.type_id, turn.type_version)
            if self.type_hint_mode == "latest" and latest is not None:
                version = latest
            shown["decoded_as"] = {"type_id": type_id, "type_version": version}
            shown["data"] = turn.data
        if self.view in ("raw", "both"):
            shown.update(
                content_hash_b3=turn.content_hash,
                encoding=ENCODING_JSON,
                compression=COMPRESSION_NONE,
                uncompressed_len=len(raw),
            )
            if self.bytes_render == "hex":
                shown["bytes_hex"] = raw.hex()
            elif self.bytes_render == "len_only":
                shown["bytes_len"] = len(raw)
            else:
                shown["bytes_b64"] = base64.b64encode(raw).decode()
        return shown
