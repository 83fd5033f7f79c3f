"""Attachments: multipart upload to an issue (with ``X-Atlassian-Token: no-check``), metadata,
content download and removal."""

from __future__ import annotations

from urllib.parse import quote

from starlette.datastructures import UploadFile
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.jira.api import actor, no_content, rest
from darkfactory.twins.jira.errors import JiraError, bad_request, forbidden
from darkfactory.twins.jira.issues.operations import issue_for, writer
from darkfactory.twins.jira.state import state_of
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call

UPLOAD_LIMIT = 10 * 1024 * 1024


def _visible(call: Call) -> tuple[str, dict, dict]:
    account_id = actor(call)
    state = state_of(call)
    attachment = state.attachment(call.path_params["id"])
    issue = state.issue(attachment["issueId"], account_id)
    return account_id, attachment, issue


@operation("addAttachment")
def add_attachment(call: Call):
    if call.headers.get("x-atlassian-token", "").lower() != "no-check":
        raise JiraError(403, "XSRF check failed")
    account_id, issue, _ = issue_for(
        call,
        "CREATE_ATTACHMENTS",
        "You do not have permission to create attachments for this issue.",
    )
    files = [
        v for _, v in (call.form.multi_items() if call.form else []) if isinstance(v, UploadFile)
    ]
    if call.body_error or not files:
        raise bad_request("No attachments provided.")
    out = writer(call)
    made = []
    for upload in files:
        content = upload.file.read()
        if len(content) > UPLOAD_LIMIT:
            raise JiraError(413, "The attachment is too large.")
        attachment = state_of(call).attach(
            account_id, issue, upload.filename or "file", upload.content_type or "", content
        )
        made.append(out.attachment(attachment))
    return JSONResponse(made)


@operation("getAttachment")
def get_attachment(call: Call) -> dict:
    _, attachment, _ = _visible(call)
    return writer(call).attachment(attachment)


@operation("getAttachmentContent")
def get_attachment_content(call: Call) -> Response:
    _, attachment, _ = _visible(call)
    content = state_of(call).attachment_content(attachment["id"])
    return Response(
        content,
        media_type=attachment["mimeType"],
        headers={"Content-Disposition": content_disposition(attachment["filename"])},
    )


def content_disposition(filename: str) -> str:
    """``attachment`` with the file's name: quoted ASCII, and for any other name also the UTF-8
    ``filename*`` of RFC 6266/5987 (with ``_`` standing in the ASCII fallback)."""
    fallback = "".join(c if " " <= c <= "~" and c not in '"\\' else "_" for c in filename)
    if fallback == filename:
        return f'attachment; filename="{filename}"'
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


@operation("removeAttachment")
def remove_attachment(call: Call):
    account_id, attachment, issue = _visible(call)
    state = state_of(call)
    project = state.project(issue["project"])
    own = attachment["author"] == account_id and state.may(
        account_id, "DELETE_OWN_ATTACHMENTS", project, issue
    )
    if not (own or state.may(account_id, "DELETE_ALL_ATTACHMENTS", project, issue)):
        raise forbidden("You do not have permission to delete this attachment.")
    state.remove_attachment(account_id, attachment)
    return no_content()


@operation("getAttachmentMeta")
def get_attachment_meta(call: Call) -> dict:
    actor(call)
    return {"enabled": True, "uploadLimit": UPLOAD_LIMIT}


def routes() -> list[Route]:
    return [
        *rest("/issue/{issueIdOrKey}/attachments", add_attachment, "POST"),
        *rest("/attachment/meta", get_attachment_meta, "GET"),
        *rest("/attachment/content/{id}", get_attachment_content, "GET"),
        *rest("/attachment/{id}", get_attachment, "GET"),
        *rest("/attachment/{id}", remove_attachment, "DELETE"),
    ]
