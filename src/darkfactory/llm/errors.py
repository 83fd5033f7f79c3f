"""The error taxonomy, and how a provider's HTTP error answer becomes one of its errors."""

from __future__ import annotations

from typing import Any


class SDKError(Exception):
    """Base of every error the library raises."""

    retryable = False

    def __init__(self, message: str, cause: BaseException | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.cause = cause


class ProviderError(SDKError):
    """An error answer from an LLM provider. Unknown kinds default to retryable."""

    retryable = True

    def __init__(
        self,
        message: str,
        *,
        provider: str,
        status_code: int | None = None,
        error_code: str | None = None,
        retryable: bool | None = None,
        retry_after: float | None = None,
        raw: dict[str, Any] | None = None,
        cause: BaseException | None = None,
    ) -> None:
        super().__init__(message, cause)
        self.provider = provider
        self.status_code = status_code
        self.error_code = error_code
        if retryable is not None:
            self.retryable = retryable
        self.retry_after = retry_after
        self.raw = raw


class AuthenticationError(ProviderError):
    retryable = False


class AccessDeniedError(ProviderError):
    retryable = False


class NotFoundError(ProviderError):
    retryable = False


class InvalidRequestError(ProviderError):
    retryable = False


class RateLimitError(ProviderError):
    retryable = True


class ServerError(ProviderError):
    retryable = True


class ContentFilterError(ProviderError):
    retryable = False


class ContextLengthError(ProviderError):
    retryable = False


class QuotaExceededError(ProviderError):
    retryable = False


class RequestTimeoutError(SDKError):
    retryable = False


class AbortError(SDKError):
    retryable = False


class NetworkError(SDKError):
    retryable = True


class StreamError(SDKError):
    retryable = True


class InvalidToolCallError(SDKError):
    retryable = False


class UnsupportedToolChoiceError(SDKError):
    retryable = False


class NoObjectGeneratedError(SDKError):
    retryable = False

    def __init__(self, message: str, text: str = "", cause: BaseException | None = None) -> None:
        super().__init__(message, cause)
        self.text = text


class ConfigurationError(SDKError):
    retryable = False


class ProviderRequestTimeoutError(ProviderError, RequestTimeoutError):
    """HTTP 408 / DEADLINE_EXCEEDED from a provider: both a provider error and a timeout."""

    retryable = False


BY_STATUS: dict[int, type[ProviderError]] = {
    400: InvalidRequestError,
    401: AuthenticationError,
    403: AccessDeniedError,
    404: NotFoundError,
    408: ProviderRequestTimeoutError,
    413: ContextLengthError,
    422: InvalidRequestError,
    429: RateLimitError,
}

BY_GRPC_STATUS: dict[str, type[ProviderError]] = {
    "NOT_FOUND": NotFoundError,
    "INVALID_ARGUMENT": InvalidRequestError,
    "FAILED_PRECONDITION": InvalidRequestError,
    "UNAUTHENTICATED": AuthenticationError,
    "PERMISSION_DENIED": AccessDeniedError,
    "RESOURCE_EXHAUSTED": RateLimitError,
    "UNAVAILABLE": ServerError,
    "DEADLINE_EXCEEDED": ProviderRequestTimeoutError,
    "INTERNAL": ServerError,
}

# Provider error codes that name the kind more precisely than the status does.
BY_ERROR_CODE: dict[str, type[ProviderError]] = {
    "insufficient_quota": QuotaExceededError,
    "billing_hard_limit_reached": QuotaExceededError,
    "billing_error": QuotaExceededError,
    "context_length_exceeded": ContextLengthError,
    "string_above_max_length": ContextLengthError,
    "content_filter": ContentFilterError,
    "content_policy_violation": ContentFilterError,
    "model_not_found": NotFoundError,
    "invalid_api_key": AuthenticationError,
    "authentication_error": AuthenticationError,
    "permission_error": AccessDeniedError,
    "not_found_error": NotFoundError,
    "request_too_large": ContextLengthError,
}

# Error types that only restate a status: they decide when there is none (an error event inside
# a stream).
BY_ERROR_TYPE: dict[str, type[ProviderError]] = {
    "invalid_request_error": InvalidRequestError,
    "rate_limit_error": RateLimitError,
    "rate_limit_exceeded": RateLimitError,
    "overloaded_error": ServerError,
    "api_error": ServerError,
    "server_error": ServerError,
    "timeout_error": ServerError,
}

BY_MESSAGE: list[tuple[tuple[str, ...], type[ProviderError]]] = [
    (
        ("context length", "too many tokens", "context window", "prompt is too long"),
        ContextLengthError,
    ),
    (("content filter", "safety"), ContentFilterError),
    (("not found", "does not exist"), NotFoundError),
    (("unauthorized", "invalid key", "invalid api key", "api key not valid"), AuthenticationError),
]


def classify(
    status: int | None, message: str, error_code: str | None, grpc_status: str | None = None
) -> type[ProviderError]:
    """The error class for an answer: provider error code, then (without a status) the error
    type, then (for ambiguous statuses) message signals, then HTTP status, then gRPC status."""
    if error_code in BY_ERROR_CODE:
        return BY_ERROR_CODE[error_code]
    if status is None and error_code in BY_ERROR_TYPE:
        return BY_ERROR_TYPE[error_code]
    if status is None or status in (400, 422) or (status not in BY_STATUS and status < 500):
        lowered = message.lower()
        for needles, kind in BY_MESSAGE:
            if any(n in lowered for n in needles):
                return kind
    if status in BY_STATUS:
        return BY_STATUS[status]
    if status is not None and status >= 500:
        return ServerError
    return BY_GRPC_STATUS.get(grpc_status or "", ProviderError)


def error_from_status(
    *,
    provider: str,
    status_code: int | None,
    message: str,
    error_code: str | None = None,
    grpc_status: str | None = None,
    retry_after: float | None = None,
    raw: dict[str, Any] | None = None,
) -> ProviderError:
    kind = classify(status_code, message, error_code, grpc_status)
    return kind(
        message,
        provider=provider,
        status_code=status_code,
        error_code=error_code or grpc_status,
        retry_after=retry_after,
        raw=raw,
    )
