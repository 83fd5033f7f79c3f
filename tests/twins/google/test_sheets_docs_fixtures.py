"""Seeded spreadsheets and documents (``--fixture google.spreadsheets=N``, ``documents=N``)."""

from __future__ import annotations

import httpx

from darkfactory.twins.google import client
from darkfactory.twins.kit.server import UniverseServer
from darkfactory.twins.kit.universe import Universe


def test_seeded_spreadsheets_and_documents_are_computed_and_owned():
    fixtures = {"google": {"spreadsheets": 1, "documents": 1}}
    with UniverseServer(Universe(seed=3, fixtures=fixtures)) as server:
        creds = httpx.get(
            f"{server.url}/_universe/credentials",
            headers={"Authorization": f"Bearer {server.universe.admin_token}"},
        ).json()["google"]
        alice = client.user(creds, "alice@example.com")
        drive = client.build_service("drive", "v3", alice, creds["root_url"])
        sheets = client.build_service("sheets", "v4", alice, creds["root_url"])
        docs = client.build_service("docs", "v1", alice, creds["root_url"])
        mine = drive.files().list(q="'me' in owners", fields="files(id,name,mimeType)").execute()
        by_name = {f["name"]: f for f in mine["files"]}
        budget = by_name["Budget 1"]["id"]
        rows = (
            sheets.spreadsheets()
            .values()
            .get(spreadsheetId=budget, range="A1:B6", valueRenderOption="UNFORMATTED_VALUE")
            .execute()["values"]
        )
        assert rows[0] == ["Item", "Amount"] and rows[-1][0] == "Total"
        assert rows[-1][1] == sum(amount for _, amount in rows[1:-1])
        notes = docs.documents().get(documentId=by_name["Meeting notes 1"]["id"]).execute()
        paragraphs = [e["paragraph"] for e in notes["body"]["content"] if "paragraph" in e]
        assert paragraphs[0]["paragraphStyle"]["namedStyleType"] == "HEADING_1"
        assert [("bullet" in p) for p in paragraphs] == [False, False, True, True]
