"""Deterministic token counts and the prompt-cache rules of the LLM twins.

A piece of text costs ``ceil(UTF-8 bytes / 4)`` tokens. A prompt's input tokens are the sum over
its pieces in order: each tool definition (compact JSON), each system block, each message part
(text, thinking, a tool call's name + compact JSON arguments, a tool result's content), then the
output schema (compact JSON) if any. Output tokens are counted the same way over the answer's
text and tool calls; reasoning tokens over its thinking.

Prompt caching works on token prefixes of that piece sequence, per provider and model (a token
is 4 bytes of a piece's text, a piece's kind opening it), remembered until a time on the
universe clock:

* ``automatic`` (OpenAI, Gemini): the prefixes ending at each piece and every ``BLOCK`` tokens
  from ``MIN_CACHED`` on, inside pieces too, are remembered for ``AUTOMATIC_TTL`` seconds after
  their last use; a request reports as cached the longest remembered prefix it starts with.
  OpenAI rounds that down to ``MIN_CACHED`` plus a multiple of ``OPENAI_INCREMENT``.
* ``explicit`` (Anthropic): prefixes ending at a block marked ``cache_control`` are written, for
  the mark's TTL (``5m`` or ``1h``) after their last use. A read is the longest remembered prefix
  ending at a mark or at one of the ``LOOKBACK`` blocks before a mark (so last turn's breakpoint
  is still found when the mark has moved on); the part up to the last mark beyond the read is a
  cache write (when that prefix has the model's minimum length), and is remembered; the part
  up to the last ``1h`` mark is written for an hour.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from darkfactory.twins.llm.prompt import Prompt, Reply, compact

MIN_CACHED = 1024
OPENAI_INCREMENT = 128
BLOCK = 128
LOOKBACK = 20
AUTOMATIC_TTL = 300.0
TTLS = {"5m": 300.0, "1h": 3600.0}


def count(text: str) -> int:
    return in_bytes(text.encode("utf-8"))


def in_bytes(data: bytes) -> int:
    """The tokens of a piece's UTF-8 text: a token per 4 bytes begun."""
    return -(-len(data) // 4)


@dataclass(frozen=True)
class Prefix:
    """The prompt up to a token: its hash, its tokens, whether it ends a piece, and the cache
    TTL of the piece it ends when that piece is marked (``""`` otherwise)."""

    digest: str
    tokens: int
    mark: str = ""
    end: bool = True

    @property
    def marked(self) -> bool:
        return bool(self.mark)


def encoded(prompt: Prompt) -> list[bytes]:
    """The UTF-8 text of each of the prompt's pieces, in order, that its tokens are counted
    over: encoded once for a request's input tokens and its cache prefixes alike."""
    return [piece.tokens_text().encode() for piece in prompt.pieces()]


def prefixes(prompt: Prompt, texts: list[bytes] | None = None) -> list[Prefix]:
    """The prefixes caching counts: at the end of each piece, and every ``BLOCK`` tokens from
    ``MIN_CACHED`` on. ``texts`` are the pieces' ``encoded`` texts, when already at hand."""
    found = []
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{prompt.provider}\0{prompt.model}".encode())
    tokens = 0
    texts = encoded(prompt) if texts is None else texts
    for piece, data in zip(prompt.pieces(), texts, strict=True):
        digest.update(b"\0" + type(piece).__name__.encode() + b"\0")
        fed = 0  # bytes of ``data`` hashed so far
        for boundary in _blocks(tokens, in_bytes(data)):
            digest.update(data[fed : (boundary - tokens) * 4])
            fed = (boundary - tokens) * 4
            found.append(Prefix(digest.hexdigest(), boundary, end=False))
        digest.update(data[fed:])
        tokens += in_bytes(data)
        found.append(Prefix(digest.hexdigest(), tokens, piece.cache_mark))
    return found


def _blocks(before: int, added: int) -> range:
    """The block boundaries (``MIN_CACHED`` and every ``BLOCK`` tokens after it) that a piece of
    ``added`` tokens, coming after ``before`` tokens, passes or ends at."""
    first = max(before + 1, MIN_CACHED)
    first += -(first - MIN_CACHED) % BLOCK
    return range(first, before + added + 1, BLOCK)


def cacheable(prompt: Prompt, explicit: bool, size: int) -> bool:
    """Whether a prefix of ``prompt`` (``size`` input tokens) may be read or written: under
    explicit caching one of its pieces is marked, else it reaches ``MIN_CACHED`` tokens. (Its
    pieces' prefixes may stop short of ``size``: those of a prompt said to be cacheable are
    still each held to ``MIN_CACHED``.)"""
    if explicit:
        return any(piece.cache_mark for piece in prompt.pieces())
    return size >= MIN_CACHED


def consulted(found: list[Prefix], explicit: bool) -> list[Prefix]:
    """The prefixes whose being remembered can change a request's usage: under explicit
    caching the piece ends a mark reaches back to, else those from ``MIN_CACHED`` on."""
    if not explicit:
        return [p for p in found if p.tokens >= MIN_CACHED]
    ends = [p for p in found if p.end]
    return [ends[j] for j in _reachable(ends)]


def _reachable(ends: list[Prefix]) -> list[int]:
    """The indexes of the piece ends that a mark, or one of the ``LOOKBACK`` ends before a
    mark, stands at."""
    marks = [i for i, p in enumerate(ends) if p.marked]
    return sorted({j for i in marks for j in range(max(i - LOOKBACK, 0), i + 1)})


def input_tokens(prompt: Prompt, texts: list[bytes] | None = None) -> int:
    """The prompt's input tokens; ``texts`` are its pieces' ``encoded`` texts, when at hand."""
    total = sum(in_bytes(data) for data in (encoded(prompt) if texts is None else texts))
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


def explicit_read_write(
    known: set[str], found: list[Prefix], minimum: int = MIN_CACHED
) -> tuple[int, int, int]:
    """(cache read, cache write, of which written for an hour) tokens under explicit
    ``cache_control`` marks, prefixes of fewer than ``minimum`` tokens not being cached."""
    ends = [p for p in found if p.end]
    hits = [ends[j].tokens for j in _reachable(ends) if ends[j].digest in known]
    read = max(hits, default=0)
    marked = [p for p in ends if p.marked and p.tokens >= minimum]
    last = marked[-1] if marked else None
    if last is None or last.digest in known:
        return read, 0, 0
    hour = [p.tokens for p in marked if p.mark == "1h" and p.tokens > read]
    return read, last.tokens - read, max(hour, default=read) - read


def remembered(found: list[Prefix], explicit: bool, minimum: int = MIN_CACHED) -> list[Prefix]:
    """The prefixes a request leaves in the cache: under explicit caching the marked ones of at
    least ``minimum`` tokens, else all from ``MIN_CACHED``."""
    if explicit:
        return [p for p in found if p.marked and p.tokens >= minimum]
    return [p for p in found if p.tokens >= MIN_CACHED]


def ttl(prefix: Prefix) -> float:
    """How long a remembered prefix lives after its last use, in seconds."""
    return TTLS.get(prefix.mark, AUTOMATIC_TTL)
