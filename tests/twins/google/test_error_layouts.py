"""Each Google API answers errors in its own layout: Sheets and Docs in the ``google.rpc`` model
(``status`` and ``details[]``, a quota worded as Google words it), Drive with ``errors[]``."""

from __future__ import annotations

import json

import gspread
import pytest
from googleapiclient.errors import HttpError
from tests.twins.google.conftest import ALICE, BOB, error_of

RPC = "type.googleapis.com/google.rpc."


def error_body(request) -> tuple[int, dict]:
    with pytest.raises(HttpError) as caught:
        request.execute()
    return caught.value.status_code, json.loads(caught.value.content)["error"]


@pytest.fixture
def ledger(google_service_for) -> str:
    sheets = google_service_for("sheets", "v4", user=ALICE)
    return sheets.spreadsheets().create(body={}).execute()["spreadsheetId"]


def test_sheets_and_docs_answer_in_the_rpc_model(google_service_for, ledger):
    bob = google_service_for("sheets", "v4", user=BOB)
    assert error_body(bob.spreadsheets().get(spreadsheetId=ledger)) == (
        403,
        {
            "code": 403,
            "message": "The caller does not have permission",
            "status": "PERMISSION_DENIED",
        },
    )
    assert error_body(bob.spreadsheets().get(spreadsheetId="missing")) == (
        404,
        {"code": 404, "message": "Requested entity was not found.", "status": "NOT_FOUND"},
    )
    docs = google_service_for("docs", "v1", user=BOB)
    status, body = error_body(docs.documents().get(documentId=ledger))
    assert (status, body["status"], "errors" in body) == (403, "PERMISSION_DENIED", False)
    alice = google_service_for("sheets", "v4", user=ALICE)
    wrong = {"requests": [{"addSheet": {"properties": {"title": 7}}}]}
    status, body = error_body(alice.spreadsheets().batchUpdate(spreadsheetId=ledger, body=wrong))
    assert (status, body["status"], "errors" in body) == (400, "INVALID_ARGUMENT", False)
    (detail,) = body["details"]
    assert detail["@type"] == RPC + "BadRequest"
    (violation,) = detail["fieldViolations"]
    assert violation["field"].endswith("requests[0].addSheet.properties.title")
    assert violation["description"] == body["message"]


def test_drive_keeps_its_errors_list(alice):
    status, body = error_body(alice.files().get(fileId="missing"))
    assert status == 404
    assert body["errors"] == [
        {
            "domain": "global",
            "reason": "notFound",
            "message": "File not found: missing.",
            "location": "fileId",
            "locationType": "parameter",
        }
    ]


def rate_limit(universe, operation: str) -> None:
    fault = {"twin": "google", "operation": operation, "kind": "rate_limit", "limit": 0}
    universe.control("POST", "/faults", json={**fault, "status": 429})


def test_a_sheets_quota_is_worded_as_google_words_it(gspread_for, universe, google_credentials):
    ws = gspread_for().create("Busy").sheet1
    rate_limit(universe, "sheets.spreadsheets.values.get")
    with pytest.raises(gspread.exceptions.APIError) as caught:
        ws.get("A1")
    error = caught.value.error
    assert (error["code"], error["status"]) == (429, "RESOURCE_EXHAUSTED")
    assert error["message"].startswith(
        "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per"
        " user' of service 'sheets.googleapis.com' for consumer 'project_number:"
    )
    info = error["details"][0]
    assert (info["@type"], info["reason"]) == (RPC + "ErrorInfo", "RATE_LIMIT_EXCEEDED")
    assert info["metadata"]["quota_limit"] == "ReadRequestsPerMinutePerUser"
    project = google_credentials["oauth_client"]["client_id"].split("-")[0]
    assert info["metadata"]["consumer"] == f"projects/{project}"
    universe.control("DELETE", "/faults")
    rate_limit(universe, "sheets.spreadsheets.values.update")
    with pytest.raises(gspread.exceptions.APIError) as caught:
        ws.update([["x"]], "A1")
    assert caught.value.error["details"][0]["metadata"]["quota_metric"] == (
        "sheets.googleapis.com/write_requests"
    )
    universe.control("DELETE", "/faults")
    assert ws.get("A1") == [[]]


def test_a_drive_rate_limit_keeps_drives_reason(alice, universe):
    rate_limit(universe, "drive.files.list")
    assert error_of(alice.files().list()) == (429, "rateLimitExceeded")
