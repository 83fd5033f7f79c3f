"""The exception a twin raises to answer with its own service's error."""

from __future__ import annotations

from typing import Any


class TwinError(Exception):
    """An error answer in the twin's dialect: ``code`` is the service's own error code.

    ``status`` is the HTTP status; ``detail`` carries extra fields the twin's renderer puts in the
    envelope (Slack's ``needed``/``provided``, Okta's ``errorCauses``, ...).
    """

    def __init__(self, code: str, status: int = 400, message: str = "", **detail: Any) -> None:
        super().__init__(message or code)
        self.code = code
        self.status = status
        self.message = message or code
        self.detail = detail
