"""Keys made from the universe's seed: the same seed, the same RSA key, for each purpose (the
service account's key, the signing key of ID tokens)."""

from __future__ import annotations

import functools
import hashlib

from Cryptodome.PublicKey import RSA


class _SeededBytes:
    """A deterministic byte stream (SHAKE-256 of the material and a counter) for key generation."""

    def __init__(self, material: str) -> None:
        self.material = material
        self.calls = 0

    def __call__(self, count: int) -> bytes:
        self.calls += 1
        return hashlib.shake_256(f"{self.material}:{self.calls}".encode()).digest(count)


@functools.cache
def seeded_key(seed: int, purpose: str) -> str:
    """An RSA key (PKCS#8 PEM) for ``purpose``: the same seed, the same key."""
    key = RSA.generate(2048, randfunc=_SeededBytes(f"{seed}:{purpose}"))
    return key.export_key(format="PEM", pkcs=8).decode()
