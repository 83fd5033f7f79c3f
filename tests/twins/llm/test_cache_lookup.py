"""The cache is asked only about the prefixes that can change a request's usage."""

from __future__ import annotations

import hashlib
import itertools
import random

import pytest

from darkfactory.twins.llm import tokens
from darkfactory.twins.llm.prompt import Message, Prompt, Text


def _prompt(sizes: list[int], marks: dict[int, str]) -> Prompt:
    """A prompt of one text piece per size (in tokens), the pieces at ``marks`` marked."""
    parts = [Text(f"{i:04d}" * size, marks.get(i, "")) for i, size in enumerate(sizes)]
    return Prompt("anthropic", "claude", messages=[Message("user", parts)])


def _usage(found, known, explicit):
    if explicit:
        return tokens.explicit_read_write(known, found, 64), tokens.remembered(found, True, 64)
    return tokens.automatic_read(known, found, 128), tokens.remembered(found, False)


EXPLICIT = [
    ([10, 50, 80], {1: "5m"}),
    ([30] * 30, {25: "5m", 29: "1h"}),  # the first mark's lookback starts past the first piece
    ([5] * 45, {2: "1h", 44: "5m"}),  # pieces between the marks' reaches are never read
]


@pytest.mark.parametrize(("sizes", "marks"), EXPLICIT)
def test_explicit_usage_is_the_same_knowing_only_the_consulted_prefixes(sizes, marks):
    found = tokens.prefixes(_prompt(sizes, marks))
    digests = [p.digest for p in found]
    asked = {p.digest for p in tokens.consulted(found, True)}
    assert asked < set(digests)  # the lookup is narrower than every prefix
    pick = random.Random(7)
    for _ in range(200):
        known = {d for d in digests if pick.random() < 0.3}
        assert _usage(found, known & asked, True) == _usage(found, known, True)


def test_automatic_usage_is_the_same_knowing_only_the_consulted_prefixes():
    found = tokens.prefixes(_prompt([600, 700, 300], {}))
    asked = {p.digest for p in tokens.consulted(found, False)}
    assert asked and all(p.tokens >= tokens.MIN_CACHED for p in found if p.digest in asked)
    for known in itertools.combinations([p.digest for p in found], 2):
        assert _usage(found, set(known) & asked, False) == _usage(found, set(known), False)


@pytest.mark.parametrize(
    ("sizes", "marks", "explicit"),
    [([500, 523], {}, False), ([3000], {}, True), ([5], {}, True)],
)
def test_a_prompt_nothing_of_which_can_be_cached_reads_and_writes_nothing(sizes, marks, explicit):
    prompt = _prompt(sizes, marks)
    assert not tokens.cacheable(prompt, explicit, tokens.input_tokens(prompt))
    found = tokens.prefixes(prompt)
    every = {p.digest for p in found}
    assert _usage(found, every, explicit) == _usage([], set(), explicit)


@pytest.mark.parametrize(
    ("sizes", "marks", "explicit"),
    [([500, 524], {}, False), ([3000], {0: "5m"}, True)],
)
def test_a_prompt_at_the_threshold_is_cacheable(sizes, marks, explicit):
    prompt = _prompt(sizes, marks)
    assert tokens.cacheable(prompt, explicit, tokens.input_tokens(prompt))
    assert tokens.remembered(tokens.prefixes(prompt), explicit, 64)


def test_a_schema_taking_a_prompt_past_the_threshold_leaves_its_pieces_uncached():
    prompt = _prompt([1000], {})
    prompt.output_schema = {"type": "object", "description": "x" * 400}
    size = tokens.input_tokens(prompt)
    assert size >= tokens.MIN_CACHED and tokens.cacheable(prompt, False, size)
    found = tokens.prefixes(prompt)
    assert tokens.consulted(found, False) == [] and tokens.remembered(found, False) == []


@pytest.mark.parametrize("sizes", [[1300], [1000, 30, 300], [1023, 1, 129, 128], [2, 2500]])
def test_each_prefix_is_the_digest_of_the_prompt_cut_at_its_token(sizes):
    prompt = _prompt(sizes, {})
    found = tokens.prefixes(prompt)
    stream = b"anthropic\0claude"  # what is hashed: the prompt's pieces, each opened by its kind
    starts = []  # (tokens before a piece, where its text starts in the stream, its length)
    before = 0
    for piece in prompt.pieces():
        stream += b"\0Text\0"
        starts.append((before, len(stream), len(piece.text.encode())))
        stream += piece.text.encode()
        before += tokens.count(piece.text)

    def cut_at(token: int) -> bytes:
        before, at, length = next(s for s in reversed(starts) if s[0] < token)
        return stream[: at + min((token - before) * 4, length)]

    ends = list(itertools.accumulate(tokens.count(p.text) for p in prompt.pieces()))
    blocks = list(range(tokens.MIN_CACHED, ends[-1] + 1, tokens.BLOCK))
    assert [p.tokens for p in found if p.end] == ends
    assert [p.tokens for p in found if not p.end] == blocks
    for prefix in found:
        expected = hashlib.blake2b(cut_at(prefix.tokens), digest_size=16).hexdigest()
        assert prefix.digest == expected, prefix.tokens
