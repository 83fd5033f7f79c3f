"""Okta's error answers: ``errorCode`` (E0000007 ...), ``errorSummary`` and ``errorCauses``."""

from __future__ import annotations

from darkfactory.twins.kit.errors import TwinError


class OktaError(TwinError):
    """An Okta error answer: ``errorCode`` (E0000007 ...), ``errorSummary`` and ``errorCauses``."""

    def __init__(self, code: str, status: int, summary: str, causes: list[str] = ()) -> None:
        super().__init__(code, status, summary, causes=list(causes))


def not_found(resource_id: str, kind: str = "") -> OktaError:
    return OktaError("E0000007", 404, f"Not found: Resource not found: {resource_id} ({kind})")


def not_allowed(
    summary: str = "This operation is not allowed in the user's current status.",
) -> OktaError:
    return OktaError("E0000038", 403, summary)


def validation(summary: str, *causes: str) -> OktaError:
    return OktaError("E0000001", 400, f"Api validation failed: {summary}", causes)


class OAuthError(TwinError):
    """An OAuth 2.0 / OIDC error: ``{"error": "invalid_grant", "error_description": ...}``."""

    def __init__(self, code: str, description: str, status: int = 400) -> None:
        super().__init__(code, status, description)
