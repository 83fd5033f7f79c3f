"""Google's error answers, each API in its own layout.

Drive writes ``{"error": {"code", "message", "status", "errors": [...]}}``, where ``reason`` is
the per-error reason (``notFound``, ``insufficientFilePermissions``, ``userRateLimitExceeded``
...). The Admin SDK's Directory methods (``directory.*``) write that layout without
``status``. Sheets and Docs write the ``google.rpc`` model, ``{"error": {"code", "message",
"status", "details": [...]}}``: a field's violation as ``BadRequest``, a quota as Google words
it with an ``ErrorInfo`` ``RATE_LIMIT_EXCEEDED``. ``status`` is the canonical gRPC status name
derived from the HTTP code unless given. Raise ``GoogleError`` (or one of the constructors
below) from any handler; ``respond`` answers it in the layout of the API called.
"""

from __future__ import annotations

from starlette.responses import JSONResponse

from darkfactory.twins.kit.errors import TwinError

STATUS_NAMES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    409: "ABORTED",
    412: "FAILED_PRECONDITION",
    416: "OUT_OF_RANGE",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    501: "UNIMPLEMENTED",
    503: "UNAVAILABLE",
}


class GoogleError(TwinError):
    """One Google error answer; ``location`` names the offending parameter when there is one."""

    def __init__(
        self,
        status: int,
        reason: str,
        message: str,
        *,
        domain: str = "global",
        location: str | None = None,
        location_type: str = "parameter",
        status_name: str | None = None,
        retry_after: int = 0,
    ) -> None:
        super().__init__(reason, status, message)
        self.domain = domain
        self.location = location
        self.location_type = location_type
        self.status_name = status_name or STATUS_NAMES.get(status, "UNKNOWN")
        self.retry_after = retry_after

    def body(self) -> dict:
        item = {"domain": self.domain, "reason": self.code, "message": self.message}
        if self.location:
            item |= {"location": self.location, "locationType": self.location_type}
        return {
            "error": {
                "code": self.status,
                "message": self.message,
                "errors": [item],
                "status": self.status_name,
            }
        }

    def rpc_body(self) -> dict:
        """The ``google.rpc`` layout; a parameter or field named in ``location`` is a
        ``BadRequest`` field violation."""
        error = {"code": self.status, "message": self.message, "status": self.status_name}
        if self.location and self.status == 400:
            violation = {"field": self.location, "description": self.message}
            error["details"] = [{"@type": RPC + "BadRequest", "fieldViolations": [violation]}]
        return {"error": error}

    def response(self, body: dict | None = None) -> JSONResponse:
        headers = {"Retry-After": str(self.retry_after)} if self.retry_after else None
        return JSONResponse(body or self.body(), self.status, headers=headers)


RPC = "type.googleapis.com/google.rpc."
RPC_APIS = {"sheets": "sheets.googleapis.com", "docs": "docs.googleapis.com"}
READS = ("get", "batchGet", "search")
QUOTA_HELP = {
    "@type": RPC + "Help",
    "links": [
        {
            "description": "Request a higher quota limit.",
            "url": "https://cloud.google.com/docs/quota#requesting_higher_quota",
        }
    ],
}


def _quota_body(error: GoogleError, operation: str, project: str) -> dict:
    """A per-user quota answer as Sheets and Docs word it: the metric (read or write requests),
    its limit, the service and the consumer project."""
    service = RPC_APIS[operation.split(".", 1)[0]]
    kind = "Read" if operation.rpartition(".")[2].startswith(READS) else "Write"
    message = (
        f"Quota exceeded for quota metric '{kind} requests' and limit '{kind} requests per minute"
        f" per user' of service '{service}' for consumer 'project_number:{project}'."
    )
    info = {
        "@type": RPC + "ErrorInfo",
        "reason": "RATE_LIMIT_EXCEEDED",
        "domain": "googleapis.com",
        "metadata": {
            "quota_location": "global",
            "quota_metric": f"{service}/{kind.lower()}_requests",
            "quota_limit": f"{kind}RequestsPerMinutePerUser",
            "quota_limit_value": "60",
            "consumer": f"projects/{project}",
            "service": service,
        },
    }
    return {
        "error": {
            "code": error.status,
            "message": message,
            "status": "RESOURCE_EXHAUSTED",
            "details": [info, QUOTA_HELP],
        }
    }


def _drive_v2(error: GoogleError) -> GoogleError:
    """Drive v2 words a file it cannot find without v3's full stop, naming the ``file``."""
    if error.status != 404 or not error.message.startswith("File not found: "):
        return error
    message = error.message.removesuffix(".")
    return GoogleError(404, error.code, message, location="file")


def respond(error: GoogleError, operation: str, project: str) -> JSONResponse:
    """``error`` in the layout of the API ``operation`` belongs to (``sheets.spreadsheets.get``);
    ``project`` is the number of the consumer project a quota is counted against."""
    if operation.startswith("drive.v2."):
        return _drive_v2(error).response()
    if operation.startswith("directory."):
        body = error.body()
        del body["error"]["status"]
        return error.response(body)
    if operation.split(".", 1)[0] not in RPC_APIS:
        return error.response()
    if error.domain == "usageLimits":
        return error.response(_quota_body(error, operation, project))
    return error.response(error.rpc_body())


def as_google(error: TwinError) -> GoogleError:
    """Any TwinError in Google's dialect (a plain one keeps its code as the reason)."""
    if isinstance(error, GoogleError):
        return error
    return GoogleError(error.status, error.code, error.message)


def bad_request(message: str, reason: str = "badRequest", location: str | None = None):
    return GoogleError(400, reason, message, location=location)


def invalid_parameter(name: str, message: str | None = None) -> GoogleError:
    return GoogleError(400, "invalid", message or f"Invalid value for: {name}", location=name)


def required(name: str, message: str | None = None) -> GoogleError:
    return GoogleError(400, "required", message or f"Required parameter: {name}", location=name)


def not_found(message: str, location: str | None = None) -> GoogleError:
    return GoogleError(404, "notFound", message, location=location)


def forbidden(message: str, reason: str = "forbidden") -> GoogleError:
    return GoogleError(403, reason, message)


def unauthenticated(message: str | None = None) -> GoogleError:
    return GoogleError(
        401,
        "authError",
        message
        or "Request had invalid authentication credentials. Expected OAuth 2 access token, "
        "login cookie or other valid authentication credential. See "
        "https://developers.google.com/identity/sign-in/web/devconsole-project.",
        location="Authorization",
        location_type="header",
    )


def insufficient_scopes() -> GoogleError:
    return GoogleError(
        403,
        "insufficientPermissions",
        "Request had insufficient authentication scopes.",
        status_name="PERMISSION_DENIED",
    )


class OAuthError(TwinError):
    """An OAuth 2.0 token-endpoint error: ``{"error": "invalid_grant", "error_description"}``."""

    def __init__(self, code: str, description: str, status: int = 400) -> None:
        super().__init__(code, status, description)

    def response(self) -> JSONResponse:
        return JSONResponse({"error": self.code, "error_description": self.message}, self.status)
