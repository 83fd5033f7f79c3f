"""Deterministic identifiers: the same seed and the same sequence of creations give the same ids.

Each kind of id has its own counter in the store; the n-th id of a kind is a keyed hash of
(seed, kind, n) rendered in the alphabet and length a service uses: the hash's digits in the
alphabet's base, least significant first.
"""

from __future__ import annotations

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
        key = f"ids.{kind}"
        value = int(self.store.setting(key, 0)) + 1
        self.store.set_setting(key, value)
        return value

    def token(self, kind: str, length: int, alphabet: str = UPPER_ALNUM, prefix: str = "") -> str:
        """A fresh deterministic id: ``prefix`` + ``length`` characters from ``alphabet``."""
        return prefix + self.derive(f"{kind}:{self.sequence(kind)}", length, alphabet)

    def derive(self, material: str, length: int, alphabet: str = UPPER_ALNUM) -> str:
        """A deterministic string for ``material`` under this universe's seed."""
        digest = hashlib.blake2b(f"{self.seed}:{material}".encode(), digest_size=32).digest()
        number = int.from_bytes(digest, "big")
        if alphabet == HEX:  # the same digits, least significant first, written by ``format``
            return f"{number:064x}"[::-1][:length].ljust(length, "0")
        chars = []
        for _ in range(length):
            number, index = divmod(number, len(alphabet))
            chars.append(alphabet[index])
        return "".join(chars)
