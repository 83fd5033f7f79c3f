"""The demo workspace a served universe starts with: the Drive browser shows shared folders, a
spreadsheet whose formulas compute and a document, each visible only to whom it is shared with."""

from __future__ import annotations

import httpx
from tests.twins.google.conftest import error_of

from darkfactory.twins.google import client
from darkfactory.twins.kit.pytest_plugin import RunningUniverse


def _service(served: RunningUniverse, api: str, version: str, user: str):
    credentials = served.credentials["google"]
    return client.build_service(
        api, version, client.user(credentials, user), credentials["root_url"]
    )


def _find(drive, name: str) -> dict:
    found = drive.files().list(q=f"name = '{name}'", fields="files(id,name,mimeType)").execute()
    assert len(found["files"]) == 1, found
    return found["files"][0]


def test_the_drive_browser_shows_the_demo_files(served):
    home = httpx.get(f"{served.url}/ui/google/", headers=served.admin_headers)
    assert home.status_code == 200
    for name in ("Engineering", "Handbook"):
        assert name in home.text
    drive = _service(served, "drive", "v3", "admin@example.com")
    folder = _find(drive, "Engineering")
    inside = httpx.get(
        f"{served.url}/ui/google/folders/{folder['id']}", headers=served.admin_headers
    )
    assert inside.status_code == 200
    assert "Budget 2026" in inside.text and "Project plan" in inside.text
    shared = httpx.get(f"{served.url}/ui/google/shared", headers=served.admin_headers)
    assert "Design notes.txt" in shared.text
    company = drive.drives().list(q="name = 'Company'").execute()["drives"][0]["id"]
    assert "Company" in home.text  # the shared drives the viewer belongs to
    inside = httpx.get(f"{served.url}/ui/google/folders/{company}", headers=served.admin_headers)
    assert "Holidays.txt" in inside.text


def test_the_budgets_formulas_compute(served):
    drive = _service(served, "drive", "v3", "bob@example.com")
    budget = _find(drive, "Budget 2026")
    sheets = _service(served, "sheets", "v4", "bob@example.com")
    values = sheets.spreadsheets().values()
    totals = values.get(spreadsheetId=budget["id"], range="F2:F6").execute()["values"]
    assert totals == [["5150"], ["3500"], ["2050"], ["800"], ["11500"]]
    formulas = values.get(
        spreadsheetId=budget["id"], range="B6:F6", valueRenderOption="FORMULA"
    ).execute()["values"]
    assert formulas == [["=SUM(B2:B5)", "=SUM(C2:C5)", "=SUM(D2:D5)", "=SUM(E2:E5)", "=SUM(F2:F5)"]]


def test_the_plan_is_a_document_with_a_heading_and_bullets(served):
    drive = _service(served, "drive", "v3", "carol@example.com")
    plan = _find(drive, "Project plan")
    docs = _service(served, "docs", "v1", "carol@example.com")
    body = docs.documents().get(documentId=plan["id"]).execute()["body"]["content"]
    paragraphs = [c["paragraph"] for c in body if "paragraph" in c]
    assert paragraphs[0]["paragraphStyle"]["namedStyleType"] == "HEADING_1"
    assert [bool(p.get("bullet")) for p in paragraphs] == [False, False, True, True, True]


def test_the_demo_files_are_shared_only_as_said(served):
    carol = _service(served, "drive", "v3", "carol@example.com")
    budget = _find(carol, "Budget 2026")
    refused = carol.files().update(fileId=budget["id"], body={"name": "Mine"})
    assert error_of(refused)[0] == 403
    dave = _service(served, "drive", "v3", "dave@partner.example")
    assert dave.files().list(q="name = 'Budget 2026'").execute()["files"] == []
    assert carol.files().list(q="name = 'Design notes.txt'").execute()["files"] == []
    assert carol.drives().list().execute()["drives"] == []
    bob = _service(served, "drive", "v3", "bob@example.com")
    company = bob.drives().list().execute()["drives"]
    assert [d["name"] for d in company] == ["Company"]
    made = bob.files().create(
        body={"name": "Offsite.txt", "parents": [company[0]["id"]]}, supportsAllDrives=True
    )
    assert made.execute()["name"] == "Offsite.txt"
