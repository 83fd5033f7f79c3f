"""Deterministic ids: the hash's digits in the alphabet's base, the same for every alphabet."""

from __future__ import annotations

import hashlib
import random

from darkfactory.twins.kit.ids import HEX, LOWER_ALNUM, MIXED_ALNUM, UPPER_ALNUM, Ids


def digits(seed: int, material: str, length: int, alphabet: str) -> str:
    """The id as the definition reads: the hash's digits, least significant first."""
    digest = hashlib.blake2b(f"{seed}:{material}".encode(), digest_size=32).digest()
    number = int.from_bytes(digest, "big")
    chars = []
    for _ in range(length):
        number, index = divmod(number, len(alphabet))
        chars.append(alphabet[index])
    return "".join(chars)


def test_every_alphabet_and_length_gives_the_hashs_digits():
    rng = random.Random(23)
    ids = Ids(None, seed=7)  # derive() never touches the store
    for alphabet in (HEX, UPPER_ALNUM, LOWER_ALNUM, MIXED_ALNUM):
        for _ in range(300):
            material, length = f"kind:{rng.randint(1, 10**6)}", rng.randint(1, 90)
            assert ids.derive(material, length, alphabet) == digits(7, material, length, alphabet)


def test_a_hex_id_longer_than_the_hash_is_padded_with_zeros():
    derived = Ids(None, seed=1).derive("openai.resp_:1", 70, HEX)
    assert derived[64:] == "000000" and derived == digits(1, "openai.resp_:1", 70, HEX)
