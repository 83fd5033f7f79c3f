"""Deterministic token counts and the prompt-cache rules of the LLM twins.

A piece of text costs ``ceil(UTF-8 bytes / 4)`` tokens. A prompt's input tokens are the sum over
its pieces in order: each tool definition (compact JSON), each system block, each message part
(text, thinking, a tool call's name + compact JSON arguments, a tool result's content), then the
output schema (compact JSON) if any. Output tokens are counted the same way over the answer's
text and tool calls; reasoning tokens over its thinking.

Prompt caching works on prefixes of that piece sequence, per provider and model:

* ``automatic`` (OpenAI, Gemini): every prefix of at least ``MIN_CACHED`` tokens is remembered;
  a request reports as cached the longest remembered prefix it starts with. OpenAI rounds that
  down to ``MIN_CACHED`` plus a multiple of ``OPENAI_INCREMENT``.
* ``explicit`` (Anthropic): prefixes ending at a block marked ``cache_control`` are written. A
  read is the longest remembered prefix ending at a mark or at one of the ``LOOKBACK`` blocks
  before a mark (so last turn's breakpoint is still found when the mark has moved on); the part
  up to the last mark beyond the read is a cache write (when that prefix has at least
  ``MIN_CACHED`` tokens), and is remembered.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

from darkfactory.twins.llm.prompt import Prompt, Reply, compact

MIN_CACHED = 1024
OPENAI_INCREMENT = 128
LOOKBACK = 20


def count(text: str) -> int:
    return math.ceil(len(text.encode("utf-8")) / 4)


@dataclass(frozen=True)
class Prefix:
    """The prompt up to the end of one piece: its hash, its tokens, and whether it is marked."""

    digest: str
    tokens: int
    marked: bool


def prefixes(prompt: Prompt) -> list[Prefix]:
    found = []
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{prompt.provider}\0{prompt.model}".encode())
    tokens = 0
    for piece in prompt.pieces():
        text = piece.tokens_text()
        digest.update(b"\0" + type(piece).__name__.encode() + b"\0" + text.encode())
        tokens += count(text)
        found.append(Prefix(digest.copy().hexdigest(), tokens, piece.cache_mark))
    return found


def input_tokens(prompt: Prompt) -> int:
    total = sum(count(piece.tokens_text()) for piece in prompt.pieces())
    if prompt.output_schema is not None:
        total += count(compact(prompt.output_schema))
    return total


def output_tokens(reply: Reply) -> tuple[int, int]:
    """(visible output tokens, reasoning tokens) of a reply."""
    visible = count(reply.text) + sum(count(c.tokens_text()) for c in reply.tool_calls)
    return visible, count(reply.thinking)


def automatic_read(known: set[str], found: list[Prefix], increment: int = 1) -> int:
    """Cached tokens under automatic caching: the longest remembered prefix, in increments."""
    hits = [p.tokens for p in found if p.digest in known and p.tokens >= MIN_CACHED]
    if not hits:
        return 0
    best = max(hits)
    return MIN_CACHED + (best - MIN_CACHED) // increment * increment


def explicit_read_write(known: set[str], found: list[Prefix]) -> tuple[int, int]:
    """(cache read, cache write) tokens under explicit ``cache_control`` marks."""
    marks = [i for i, p in enumerate(found) if p.marked]
    reachable = {j for i in marks for j in range(max(i - LOOKBACK, 0), i + 1)}
    hits = [found[j].tokens for j in reachable if found[j].digest in known]
    read = max(hits, default=0)
    marked = [found[i] for i in marks if found[i].tokens >= MIN_CACHED]
    last = marked[-1] if marked else None
    write = last.tokens - read if last is not None and last.digest not in known else 0
    return read, write


def remembered(found: list[Prefix], explicit: bool) -> list[Prefix]:
    """The prefixes a request leaves in the cache."""
    return [p for p in found if p.tokens >= MIN_CACHED and (p.marked or not explicit)]
