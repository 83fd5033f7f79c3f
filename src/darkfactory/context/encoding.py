"""How a turn's payload is stored: canonical JSON bytes, named by their BLAKE3 hash, compressed
with zlib when that makes a large payload smaller."""

from __future__ import annotations

import json
import zlib
from typing import Any

import blake3

ENCODING_JSON = 2  # canonical JSON (cxdb: 1 = msgpack)
COMPRESSION_NONE, COMPRESSION_ZLIB = 0, 2
COMPRESS_OVER = 512  # bytes; smaller payloads are stored as they are


def canonical(data: Any) -> bytes:
    """The bytes a payload is hashed and stored as: compact JSON with sorted keys."""
    try:
        return json.dumps(
            data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
        ).encode()
    except (TypeError, ValueError) as exc:
        raise ValueError(f"turn data must be JSON: {exc}") from exc


def packed(raw: bytes) -> tuple[str, int, int, bytes]:
    """A blob row for ``raw``: its BLAKE3 hex hash, compression, length, and stored bytes
    (zlib when that makes a payload over ``COMPRESS_OVER`` bytes smaller)."""
    compression, stored = COMPRESSION_NONE, raw
    if len(raw) > COMPRESS_OVER:
        smaller = zlib.compress(raw, 6)
        if len(smaller) < len(raw):
            compression, stored = COMPRESSION_ZLIB, smaller
    return blake3.blake3(raw).hexdigest(), compression, len(raw), stored
