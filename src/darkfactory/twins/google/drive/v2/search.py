"""Drive v2's words in ``q`` and ``orderBy`` turned into v3's, which ``drive.query`` evaluates.

v2 searches ``title`` where v3 searches ``name``, and its times are ``...Date``; quoted strings
are left as they are.
"""

from __future__ import annotations

import re

QUERY_WORDS = {
    "title": "name",
    "modifiedDate": "modifiedTime",
    "createdDate": "createdTime",
    "lastViewedByMeDate": "viewedByMeTime",
    "sharedWithMeDate": "sharedWithMeTime",
}
ORDER_WORDS = QUERY_WORDS | {
    "title_natural": "name_natural",
    "lastViewedByMe": "viewedByMeTime",
    "modifiedByMeDate": "modifiedByMeTime",
}
QUOTED = re.compile(r"('(?:[^'\\]|\\.)*')")
WORD = re.compile(r"\b[A-Za-z_]+\b")


def _words(text: str, words: dict[str, str]) -> str:
    return WORD.sub(lambda m: words.get(m.group(0), m.group(0)), text)


def query(q: str) -> str:
    """A v2 ``q`` in v3's words."""
    parts = QUOTED.split(q)
    return "".join(part if i % 2 else _words(part, QUERY_WORDS) for i, part in enumerate(parts))


def order(spec: str) -> str:
    """A v2 ``orderBy`` in v3's words."""
    return _words(spec, ORDER_WORDS)
