"""Discovery documents pointed at the twin, clients built from them, and batch requests."""

from __future__ import annotations

import httpx
from googleapiclient.discovery import build_from_document
from googleapiclient.errors import HttpError

from darkfactory.twins.google import client


def test_discovery_documents_point_at_the_twin(google_credentials):
    root = google_credentials["root_url"]
    for api, version in (("drive", "v3"), ("sheets", "v4"), ("docs", "v1")):
        doc = httpx.get(f"{root}discovery/v1/apis/{api}/{version}/rest").json()
        assert doc["rootUrl"] == root and doc["batchPath"] == f"batch/{api}/{version}"
        assert doc["baseUrl"].startswith(root)
    drive = httpx.get(f"{root}discovery/v1/apis/drive/v3/rest").json()
    upload = drive["resources"]["files"]["methods"]["create"]["mediaUpload"]["protocols"]
    assert upload["simple"]["path"] == "/google/upload/drive/v3/files"
    missing = httpx.get(f"{root}discovery/v1/apis/gmail/v1/rest")
    assert missing.status_code == 404 and missing.json()["error"]["status"] == "NOT_FOUND"


def test_discovery_directory_lists_the_served_apis(google_credentials):
    listed = httpx.get(f"{google_credentials['root_url']}discovery/v1/apis").json()
    served = {"drive:v3", "drive:v2", "sheets:v4", "docs:v1", "oauth2:v2", "admin:directory_v1"}
    assert {item["id"] for item in listed["items"]} == served
    preferred = {item["id"] for item in listed["items"] if item["preferred"]}
    assert preferred == served - {"drive:v2"}


def test_build_from_document_gives_a_working_client(google_credentials):
    root = google_credentials["root_url"]
    document = httpx.get(f"{root}discovery/v1/apis/drive/v3/rest").text
    creds = client.user(google_credentials, "alice@example.com")
    drive = build_from_document(document, credentials=creds)
    made = drive.files().create(body={"name": "from document"}).execute()
    assert made["name"] == "from document"


def test_batch_runs_each_part_with_its_own_answer(alice, universe):
    answers: dict[str, object] = {}

    def collect(request_id, response, exception):
        answers[request_id] = exception if exception is not None else response

    batch = alice.new_batch_http_request(callback=collect)
    batch.add(alice.files().create(body={"name": "one"}), request_id="one")
    batch.add(alice.files().create(body={"name": "two"}), request_id="two")
    batch.add(alice.files().get(fileId="1missing"), request_id="missing")
    batch.add(alice.about().get(fields="user/emailAddress"), request_id="about")
    batch.execute()
    assert answers["one"]["name"] == "one" and answers["two"]["name"] == "two"
    assert isinstance(answers["missing"], HttpError) and answers["missing"].status_code == 404
    assert answers["about"] == {"user": {"emailAddress": "alice@example.com"}}
    listed = alice.files().list(q="name = 'one' or name = 'two'").execute()["files"]
    assert len(listed) == 2
    journal = universe.control("GET", "/journal?twin=google")["entries"]
    assert any(e["path"] == "/google/batch/drive/v3" and e["method"] == "POST" for e in journal)


def test_batch_parts_are_authorized_one_by_one(alice, bob):
    made = alice.files().create(body={"name": "alice only"}).execute()["id"]
    answers = {}
    batch = bob.new_batch_http_request(
        callback=lambda rid, response, exception: answers.__setitem__(rid, exception)
    )
    batch.add(bob.files().get(fileId=made), request_id="peek")
    batch.execute()
    assert answers["peek"].status_code == 404


def test_a_batch_that_is_not_multipart_is_refused(google_credentials):
    answer = httpx.post(
        f"{google_credentials['root_url']}batch/drive/v3",
        content=b"{}",
        headers={"Content-Type": "application/json"},
    )
    assert answer.status_code == 400 and answer.json()["error"]["code"] == 400
