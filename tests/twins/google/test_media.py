"""Uploads (simple, multipart, resumable with a resumed chunk) and downloads with ranges, all
through googleapiclient's media classes against the twin's upload URLs."""

from __future__ import annotations

import hashlib
import io
import os

from googleapiclient.errors import HttpError
from googleapiclient.http import MediaInMemoryUpload, MediaIoBaseDownload, MediaIoBaseUpload
from tests.twins.google.conftest import error_of

CHUNK = 256 * 1024


def test_simple_upload_without_metadata(alice, universe):
    media = MediaInMemoryUpload(b"just bytes", mimetype="text/plain")
    made = alice.files().create(media_body=media, fields="id,name,mimeType,size").execute()
    assert made["name"] == "Untitled" and made["mimeType"] == "text/plain"
    assert made["size"] == "10"
    uploads = universe.control("GET", "/journal?twin=google&operation=drive.files.create")
    paths = [(e["path"], e["query"]) for e in uploads["entries"]]
    assert any(p == "/google/upload/drive/v3/files" and "uploadType=media" in q for p, q in paths)


def test_multipart_upload_keeps_metadata_and_binary_content(alice):
    data = os.urandom(5000) + b"\r\n--boundary\r\n"
    media = MediaInMemoryUpload(data, mimetype="application/octet-stream")
    made = (
        alice.files()
        .create(
            body={"name": "blob.bin", "description": "random"},
            media_body=media,
            fields="id,name,description,size,md5Checksum,fileExtension",
        )
        .execute()
    )
    assert made["description"] == "random" and made["size"] == str(len(data))
    assert made["md5Checksum"] == hashlib.md5(data).hexdigest()
    assert made["fileExtension"] == "bin"
    assert alice.files().get_media(fileId=made["id"]).execute() == data


def test_resumable_upload_resumes_after_a_failed_chunk(alice, universe):
    data = os.urandom(3 * CHUNK + 1234)
    media = MediaIoBaseUpload(io.BytesIO(data), "application/zip", chunksize=CHUNK, resumable=True)
    request = alice.files().create(body={"name": "big.zip"}, media_body=media, fields="id,size")
    status, done = request.next_chunk()
    assert done is None and status.resumable_progress == CHUNK
    universe.control(
        "POST",
        "/faults",
        json={"twin": "google", "operation": "drive.files.create", "kind": "outage", "times": 1},
    )
    try:
        request.next_chunk()
    except HttpError as error:
        assert error.status_code == 503
    else:
        raise AssertionError("the injected outage did not fail the chunk")
    done = None
    while done is None:
        _, done = request.next_chunk()
    assert done["size"] == str(len(data))
    assert alice.files().get_media(fileId=done["id"]).execute() == data


def test_resumable_update_replaces_content_and_keeps_a_revision(alice):
    made = (
        alice.files()
        .create(
            body={"name": "v.txt"}, media_body=MediaInMemoryUpload(b"one", mimetype="text/plain")
        )
        .execute()
    )
    media = MediaIoBaseUpload(io.BytesIO(b"two!"), "text/plain", chunksize=CHUNK, resumable=True)
    updated = alice.files().update(fileId=made["id"], media_body=media, fields="size").execute()
    assert updated == {"size": "4"}
    revisions = alice.revisions().list(fileId=made["id"]).execute()["revisions"]
    assert len(revisions) == 2
    first = alice.revisions().get_media(fileId=made["id"], revisionId=revisions[0]["id"])
    assert first.execute() == b"one"


def test_chunked_download_with_ranges(alice):
    data = os.urandom(CHUNK * 2 + 77)
    made = (
        alice.files()
        .create(
            body={"name": "d.bin"}, media_body=MediaInMemoryUpload(data, mimetype="application/zip")
        )
        .execute()
    )
    out = io.BytesIO()
    downloader = MediaIoBaseDownload(out, alice.files().get_media(fileId=made["id"]), CHUNK)
    done, rounds = False, 0
    while not done:
        _, done = downloader.next_chunk()
        rounds += 1
    assert out.getvalue() == data and rounds == 3


def test_range_header_answers_206_and_416(alice, google_credentials):
    import httpx

    made = (
        alice.files()
        .create(body={"name": "r.txt"}, media_body=MediaInMemoryUpload(b"0123456789", "text/plain"))
        .execute()
    )
    token = alice._http.credentials.token
    url = f"{google_credentials['root_url']}drive/v3/files/{made['id']}?alt=media"
    auth = {"Authorization": f"Bearer {token}"}
    part = httpx.get(url, headers={**auth, "Range": "bytes=2-4"})
    assert (part.status_code, part.content, part.headers["content-range"]) == (
        206,
        b"234",
        "bytes 2-4/10",
    )
    tail = httpx.get(url, headers={**auth, "Range": "bytes=-3"})
    assert tail.content == b"789"
    beyond = httpx.get(url, headers={**auth, "Range": "bytes=50-"})
    assert beyond.status_code == 416 and beyond.headers["content-range"] == "bytes */10"


def test_native_files_are_not_downloadable(alice):
    made = (
        alice.files()
        .create(body={"name": "doc", "mimeType": "application/vnd.google-apps.document"})
        .execute()
    )
    assert error_of(alice.files().get_media(fileId=made["id"])) == (403, "fileNotDownloadable")
