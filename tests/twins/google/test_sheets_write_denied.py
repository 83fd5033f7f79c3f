"""A reader or commenter of a spreadsheet may not send any of the table, slicer, border, comment
and data source requests: 403 ``PERMISSION_DENIED``, and nothing changes. (The editors' allow
paths are in ``test_sheets_tables``, ``test_sheets_comments`` and ``test_sheets_data_sources``.)"""

from __future__ import annotations

import json

import pytest
from googleapiclient.errors import HttpError
from tests.twins.google.conftest import ALICE, BOB, CAROL, share

GRID = {"sheetId": 0, "startRowIndex": 0, "endRowIndex": 2, "startColumnIndex": 0}
GRID |= {"endColumnIndex": 2}
BIGQUERY = {"bigQuery": {"projectId": "p", "querySpec": {"rawQuery": "SELECT 1"}}}
ANCHOR = {"overlayPosition": {"anchorCell": {"sheetId": 0}}}
REQUESTS = {
    "addTable": {"table": {"range": GRID}},
    "updateTable": {"table": {"tableId": "1", "name": "T"}, "fields": "name"},
    "deleteTable": {"tableId": "1"},
    "addSlicer": {"slicer": {"spec": {"dataRange": GRID}, "position": ANCHOR}},
    "updateSlicerSpec": {"slicerId": 1, "spec": {"title": "S"}, "fields": "title"},
    "updateEmbeddedObjectBorder": {"objectId": 1, "border": {}, "fields": "color"},
    "insertComment": {"content": "mine", "coordinate": {"sheetId": 0}},
    "addCommentReply": {"commentId": "AAAA", "post": {"content": "mine"}},
    "updateCommentPost": {"commentId": "AAAA", "postId": "AAAA", "content": "mine"},
    "deleteComment": {"commentId": "AAAA"},
    "deleteCommentReply": {"commentId": "AAAA", "postId": "AAAB"},
    "addDataSource": {"dataSource": {"spec": BIGQUERY}},
    "updateDataSource": {"dataSource": {"dataSourceId": "1", "spec": BIGQUERY}, "fields": "*"},
    "deleteDataSource": {"dataSourceId": "1"},
    "refreshDataSource": {"isAll": True},
    "cancelDataSourceRefresh": {"isAll": True},
}


@pytest.fixture
def shared(google_service_for) -> str:
    """Alice's spreadsheet; Bob may comment on it, Carol may read it."""
    alice = google_service_for("sheets", "v4", user=ALICE)
    made = alice.spreadsheets().create(body={"properties": {"title": "Ours"}}).execute()
    drive = google_service_for("drive", "v3", user=ALICE)
    share(drive, made["spreadsheetId"], "commenter", emailAddress=BOB)
    share(drive, made["spreadsheetId"], "reader", emailAddress=CAROL)
    return made["spreadsheetId"]


@pytest.mark.parametrize("kind", sorted(REQUESTS))
@pytest.mark.parametrize("user", [BOB, CAROL])
def test_only_editors_may_send_the_request(google_service_for, shared, user, kind):
    service = google_service_for("sheets", "v4", user=user)
    before = service.spreadsheets().get(spreadsheetId=shared).execute()
    body = {"requests": [{kind: REQUESTS[kind]}]}
    with pytest.raises(HttpError) as caught:
        service.spreadsheets().batchUpdate(spreadsheetId=shared, body=body).execute()
    error = json.loads(caught.value.content)["error"]
    assert (error["code"], error["status"], error["message"]) == (
        403,
        "PERMISSION_DENIED",
        "The caller does not have permission",
    )
    assert service.spreadsheets().get(spreadsheetId=shared).execute() == before
