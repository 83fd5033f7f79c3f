"""Loop detection (§2.10): spot the same one, two or three tool calls cycling.

A call's signature is its name plus a hash of its arguments in canonical JSON, so argument
order does not matter but any changed value does.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

PATTERN_LENGTHS = (1, 2, 3)


def tool_call_signature(name: str, arguments: Any) -> str:
    canonical = json.dumps(arguments, sort_keys=True, separators=(",", ":"), default=str)
    return f"{name}:{hashlib.sha256(canonical.encode()).hexdigest()[:16]}"


def detect_loop(signatures: Sequence[str], window_size: int) -> bool:
    """True when the last ``window_size`` signatures repeat a pattern of length 1, 2 or 3."""
    if window_size <= 0 or len(signatures) < window_size:
        return False
    recent = list(signatures[-window_size:])
    for length in PATTERN_LENGTHS:
        if window_size % length or length >= window_size:
            continue
        pattern = recent[:length]
        if all(recent[i : i + length] == pattern for i in range(length, window_size, length)):
            return True
    return False
