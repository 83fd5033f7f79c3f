"""Files API: ``POST /v1/files`` (multipart upload), ``GET /v1/files[/{id}]``, ``DELETE`` and
``GET /v1/files/{id}/content``.

A file keeps its bytes as uploaded; a ``batch`` file must be named ``.jsonl`` but its lines are
only checked when a batch reads it (``batches.py``), as OpenAI does. Batches store their output
and error files here too (purpose ``batch_output``).
"""

from __future__ import annotations

from typing import Any

from starlette.datastructures import UploadFile
from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.kit import TwinError, operation
from darkfactory.twins.kit.ids import MIXED_ALNUM
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.openai.api import authorize, cursor_page, invalid, missing

SCHEMA = """
CREATE TABLE IF NOT EXISTS openai_files (
    id TEXT PRIMARY KEY, filename TEXT NOT NULL, purpose TEXT NOT NULL, content BLOB NOT NULL,
    created INTEGER NOT NULL, expires INTEGER
);
"""
PURPOSES = ("assistants", "batch", "fine-tune", "vision", "user_data", "evals")
BATCH_FILE_DAYS = 30
MAX_LIST = 10_000


def file_json(row: Any) -> dict[str, Any]:
    return {
        "id": row["id"],
        "object": "file",
        "bytes": len(row["content"]),
        "created_at": row["created"],
        "expires_at": row["expires"],
        "filename": row["filename"],
        "purpose": row["purpose"],
        "status": "processed",
        "status_details": None,
    }


def store_file(call: Call, filename: str, purpose: str, content: bytes) -> dict[str, Any]:
    """Keep a file; ``batch`` files expire after 30 days, as OpenAI's do by default."""
    now = int(call.universe.clock.now())
    expires = now + BATCH_FILE_DAYS * 86400 if purpose.startswith("batch") else None
    file_id = "file-" + call.universe.ids.token("openai.file", 22, MIXED_ALNUM)
    call.universe.store.insert(
        "openai_files",
        {
            "id": file_id,
            "filename": filename,
            "purpose": purpose,
            "content": content,
            "created": now,
            "expires": expires,
        },
    )
    return file_json(file_row(call, file_id))


def file_row(call: Call, file_id: str, param: str = "id") -> Any:
    row = call.universe.store.one("SELECT * FROM openai_files WHERE id = ?", (file_id,))
    if row is None:
        raise TwinError("not_found", 404, f"No such File object: {file_id}", param=param)
    return row


@operation("files.create")
def create(call: Call) -> dict:
    authorize(call)
    form = call.form
    if call.body_error or form is None:
        raise invalid("Invalid request: the body must be multipart/form-data.")
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise missing("file")
    purpose = form.get("purpose")
    if not purpose:
        raise missing("purpose")
    if purpose not in PURPOSES:
        raise invalid(
            f"'{purpose}' is not one of {list(PURPOSES)} - 'purpose'", "purpose", "invalid_value"
        )
    filename = upload.filename or "file"
    if purpose == "batch" and not filename.endswith(".jsonl"):
        raise invalid("Invalid file format for Batch API. Must be .jsonl", "file")
    return store_file(call, filename, str(purpose), upload.file.read())


@operation("files.retrieve")
def retrieve(call: Call) -> dict:
    authorize(call)
    return file_json(file_row(call, call.path_params["file_id"]))


@operation("files.list")
def list_files(call: Call) -> dict:
    """Files newest first (``order=asc`` oldest first), optionally of one ``purpose``."""
    authorize(call)
    sql, params = "SELECT * FROM openai_files", []
    if call.query.get("purpose"):
        sql, params = sql + " WHERE purpose = ?", [call.query["purpose"]]
    direction = "ASC" if call.query.get("order") == "asc" else "DESC"
    rows = call.universe.store.all(f"{sql} ORDER BY created {direction}, rowid {direction}", params)
    return cursor_page([file_json(r) for r in rows], call.query, MAX_LIST, MAX_LIST)


@operation("files.delete")
def delete(call: Call) -> dict:
    authorize(call)
    file_id = file_row(call, call.path_params["file_id"])["id"]
    call.universe.store.execute("DELETE FROM openai_files WHERE id = ?", (file_id,))
    return {"id": file_id, "object": "file", "deleted": True}


@operation("files.content")
def content(call: Call) -> Response:
    authorize(call)
    row = file_row(call, call.path_params["file_id"])
    return Response(row["content"], media_type="application/octet-stream")


def routes() -> list[Route]:
    return [
        Route("/v1/files", create, methods=["POST"]),
        Route("/v1/files", list_files, methods=["GET"]),
        Route("/v1/files/{file_id}", retrieve, methods=["GET"]),
        Route("/v1/files/{file_id}", delete, methods=["DELETE"]),
        Route("/v1/files/{file_id}/content", content, methods=["GET"]),
    ]
