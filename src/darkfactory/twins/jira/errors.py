"""Jira's error answers: ``{"errorMessages": [...], "errors": {field: message}}`` with a status."""

from __future__ import annotations

from darkfactory.twins.kit.errors import TwinError


class JiraError(TwinError):
    """A Jira error answer: messages about the request, and per-field ``errors``."""

    def __init__(self, status: int, *messages: str, errors: dict[str, str] | None = None) -> None:
        super().__init__(str(status), status, "; ".join(messages) or "error")
        self.detail["messages"] = list(messages)
        self.detail["errors"] = dict(errors or {})

    def body(self) -> dict:
        return {"errorMessages": self.detail["messages"], "errors": self.detail["errors"]}


def bad_request(*messages: str, errors: dict[str, str] | None = None, **fields: str) -> JiraError:
    """A 400: messages about the request, and field errors (``errors=`` or as keywords)."""
    return JiraError(400, *messages, errors={**(errors or {}), **fields})


def invalid_payload() -> JiraError:
    """A body that is not the JSON the resource takes."""
    return bad_request(
        "Invalid request payload. Refer to the REST API documentation and try again."
    )


def cannot_set(*field_ids: str) -> JiraError:
    """Fields a request may not set: not on the screen for what it does, or not fields at all."""
    return bad_request(
        errors={
            f: f"Field '{f}' cannot be set. It is not on the appropriate screen, or unknown."
            for f in field_ids
        }
    )


def not_found(message: str) -> JiraError:
    return JiraError(404, message)


def forbidden(message: str = "You do not have permission to perform this operation.") -> JiraError:
    return JiraError(403, message)


def issue_not_found() -> JiraError:
    return not_found("Issue does not exist or you do not have permission to see it.")


def project_not_found(key: str) -> JiraError:
    return not_found(f"No project could be found with key '{key}'.")


def unauthorized() -> JiraError:
    return JiraError(
        401, "You are not authenticated. Authentication required to perform this operation."
    )
