"""Deterministic identifiers: the same seed and the same sequence of creations give the same ids.

Each kind of id has its own counter in the store; the n-th id of a kind is a keyed hash of
(seed, kind, n) rendered in the alphabet and length a service uses: the hash's digits in the
alphabet's base, least significant first.
"""

from __future__ import annotations

import functools
import hashlib

from darkfactory.twins.kit.store import Store

UPPER_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
LOWER_ALNUM = "0123456789abcdefghijklmnopqrstuvwxyz"
MIXED_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
HEX = "0123456789abcdef"


class Ids:
    def __init__(self, store: Store, seed: int) -> None:
        self.store = store
        self.seed = seed

    def sequence(self, kind: str) -> int:
        """The next number (1, 2, ...) in the counter for ``kind``."""
        value = self.given(kind) + 1
        self.store.set_setting(f"ids.{kind}", value)
        return value

    def given(self, kind: str) -> int:
        """How many numbers the counter for ``kind`` has given."""
        return int(self.store.setting(f"ids.{kind}", 0))

    def token(self, kind: str, length: int, alphabet: str = UPPER_ALNUM, prefix: str = "") -> str:
        """A fresh deterministic id: ``prefix`` + ``length`` characters from ``alphabet``."""
        return prefix + self.derive(f"{kind}:{self.sequence(kind)}", length, alphabet)

    def derive(self, material: str, length: int, alphabet: str = UPPER_ALNUM) -> str:
        """A deterministic string for ``material`` under this universe's seed."""
        digest = hashlib.blake2b(f"{self.seed}:{material}".encode(), digest_size=32).digest()
        number = int.from_bytes(digest, "big")
        if alphabet == HEX:  # the same digits, least significant first, written by ``format``
            return f"{number:064x}"[::-1][:length].ljust(length, "0")
        pairs = _pairs(alphabet)
        base = len(pairs)
        chars = []
        for _ in range(length // 2):
            number, index = divmod(number, base)
            chars.append(pairs[index])
        if length % 2:
            chars.append(alphabet[number % len(alphabet)])
        return "".join(chars)


@functools.lru_cache(maxsize=16)
def _pairs(alphabet: str) -> tuple[str, ...]:
    """Every two digits in ``alphabet``, least significant first, indexed by their value: a
    number's digits two at a time, in half the divisions of a big number."""
    return tuple(low + high for high in alphabet for low in alphabet)
