"""Fuzzy text matching shared by edit_file and apply_patch: whitespace runs compare equal, and
so do Unicode punctuation and its ASCII equivalent (curly quotes, dashes, non-breaking space)."""

from __future__ import annotations

import re

EQUIVALENTS = {
    "'": "\u2018\u2019\u201a\u201b\u2032",
    '"': "\u201c\u201d\u201e\u201f\u2033",
    "-": "\u2010\u2011\u2012\u2013\u2014\u2015\u2212",
    " ": "\u00a0\u2007\u202f\u3000",
}
INDENT = r"[^\S\n]*"  # spaces and tabs, not line breaks
CANONICAL = {variant: plain for plain, variants in EQUIVALENTS.items() for variant in variants}


def canonical(text: str) -> str:
    """``text`` with Unicode punctuation replaced by ASCII and whitespace runs collapsed."""
    return " ".join("".join(CANONICAL.get(c, c) for c in text).split())


def _char_pattern(char: str) -> str:
    plain = CANONICAL.get(char, char)
    variants = EQUIVALENTS.get(plain)
    return f"[{re.escape(plain + variants)}]" if variants else re.escape(char)


def fuzzy_spans(text: str, needle: str) -> list[tuple[int, int]]:
    """Where ``needle`` occurs in ``text`` when whitespace and punctuation are compared loosely:
    non-overlapping (start, end) spans, in order. Leading and trailing whitespace of the needle
    stands for whatever spaces and tabs the line has there."""
    words = "".join(CANONICAL.get(c, c) for c in needle).split()
    if not words:
        return []
    pattern = r"\s+".join("".join(_char_pattern(c) for c in word) for word in words)
    if needle[0].isspace():  # the needle's indentation replaces the line's own
        pattern = INDENT + pattern
    if needle[-1].isspace():
        pattern += INDENT + ("\n" if needle.endswith("\n") else "")
    return [m.span() for m in re.finditer(pattern, text)]
