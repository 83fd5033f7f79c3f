"""RFC 6238 one-time passwords (HMAC-SHA1, 30 s steps, 6 digits), as authenticator apps use."""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct

STEP_S = 30
DIGITS = 6


def step_of(epoch: float) -> int:
    return int(epoch // STEP_S)


def code_at(secret: str, step: int) -> str:
    """The code of a base32 ``secret`` for one time ``step`` (RFC 4226 dynamic truncation)."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**DIGITS).zfill(DIGITS)


def now(secret: str, epoch: float) -> str:
    return code_at(secret, step_of(epoch))


def matching_step(secret: str, code: str, epoch: float, window: int = 1) -> int | None:
    """The step within ``window`` steps of ``epoch`` whose code is ``code``, else None."""
    current = step_of(epoch)
    for step in range(current - window, current + window + 1):
        if hmac.compare_digest(code_at(secret, step), str(code)):
            return step
    return None
