"""Deterministic text embeddings for the twins' embedding models.

Each lower-cased word and each pair of neighbouring words is hashed to a dimension and a sign;
the sums are scaled to unit length. Texts sharing words therefore have a high cosine similarity,
so retrieval code behaves sensibly, and the same text always gives the same vector.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import re

WORD = re.compile(r"\w+")


def embed(text: str, dimensions: int) -> list[float]:
    words = WORD.findall(text.lower())
    features = words + [f"{a} {b}" for a, b in itertools.pairwise(words)]
    vector = [0.0] * dimensions
    for feature in features:
        digest = int.from_bytes(hashlib.blake2b(feature.encode(), digest_size=8).digest(), "big")
        vector[digest % dimensions] += 1.0 if digest >> 63 else -1.0
    norm = math.sqrt(sum(v * v for v in vector))
    if not norm:
        return [1.0] + [0.0] * (dimensions - 1)
    return [round(v / norm, 6) for v in vector]
