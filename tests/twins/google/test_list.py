"""files.list through googleapiclient: the q language, corpora, orderBy, fields and paging."""

from __future__ import annotations

import pytest
from googleapiclient.http import MediaInMemoryUpload
from tests.twins.google.conftest import BOB, FOLDER, error_of


def names(service, **params) -> list[str]:
    found = service.files().list(fields="files(name)", **params).execute()["files"]
    return [f["name"] for f in found]


@pytest.fixture
def tree(alice):
    """Alice's drive: a folder Reports holding two files, a text file and a trashed one."""
    folder = alice.files().create(body={"name": "Reports", "mimeType": FOLDER}).execute()["id"]
    for name in ("Quarterly Report", "Annual Summary"):
        alice.files().create(
            body={"name": name, "parents": [folder], "mimeType": "application/pdf"}
        ).execute()
    alice.files().create(
        body={"name": "budget.txt", "properties": {"dept": "finance"}},
        media_body=MediaInMemoryUpload(b"the forecast for widgets", mimetype="text/plain"),
    ).execute()
    trashed = alice.files().create(body={"name": "old draft"}).execute()["id"]
    alice.files().update(fileId=trashed, body={"trashed": True}).execute()
    return folder


def test_name_contains_matches_word_prefixes(alice, tree):
    assert names(alice, q="name contains 'report'") == ["Reports", "Quarterly Report"]
    assert names(alice, q="name contains 'eport'") == []


def test_parents_mime_type_and_boolean_logic(alice, tree):
    q = f"'{tree}' in parents and mimeType = 'application/pdf' and not name contains 'annual'"
    assert names(alice, q=q) == ["Quarterly Report"]
    q = f"mimeType = '{FOLDER}' or (name = 'budget.txt' and trashed = false)"
    assert names(alice, q=q, orderBy="name") == ["budget.txt", "Reports"]


def test_strings_take_either_quote_with_backslash_escapes(alice, tree):
    tricky = 'Bob\'s "best" \\ worst'
    alice.files().create(body={"name": tricky}).execute()
    assert names(alice, q='name = "budget.txt"') == ["budget.txt"]
    assert names(alice, q=f'"{tree}" in parents and name contains "quarterly"') == [
        "Quarterly Report"
    ]
    assert names(alice, q=r"""name = 'Bob\'s "best" \\ worst'""") == [tricky]
    assert names(alice, q=r'''name = "Bob's \"best\" \\ worst"''') == [tricky]
    assert names(alice, q="""properties has { key="dept" and value='finance' }""") == ["budget.txt"]


def test_trashed_files_are_listed_unless_excluded(alice, tree):
    assert "old draft" in names(alice)
    assert "old draft" not in names(alice, q="trashed = false")
    assert names(alice, q="trashed = true") == ["old draft"]


def test_full_text_searches_content_and_properties_has(alice, tree):
    assert names(alice, q="fullText contains 'forecast'") == ["budget.txt"]
    assert names(alice, q="properties has { key='dept' and value='finance' }") == ["budget.txt"]


def test_modified_time_comparison(alice, tree, universe):
    universe.call(universe.universe.clock.advance, 3600)
    later = alice.files().create(body={"name": "later"}, fields="modifiedTime").execute()
    q = f"modifiedTime >= '{later['modifiedTime']}'"
    assert names(alice, q=q) == ["later"]


def test_root_alias_and_owners(alice, tree):
    top = names(alice, q="'root' in parents and trashed = false", orderBy="name")
    assert top == ["budget.txt", "Reports"]
    assert len(names(alice, q="'me' in owners")) == 5


def test_order_by_descending_and_folder_first(alice, tree):
    listed = names(alice, q="trashed = false", orderBy="folder,name desc")
    assert listed == ["Reports", "Quarterly Report", "budget.txt", "Annual Summary"]


def test_paging_with_page_tokens(alice, tree):
    seen, token = [], None
    while True:
        page = (
            alice.files()
            .list(pageSize=2, pageToken=token, orderBy="name", fields="nextPageToken,files(name)")
            .execute()
        )
        seen += [f["name"] for f in page["files"]]
        token = page.get("nextPageToken")
        if not token:
            break
    assert seen == sorted(seen, key=str.lower) and len(seen) == 5


def test_list_next_walks_pages(alice, tree):
    request = alice.files().list(pageSize=3, fields="nextPageToken,files(id)")
    total = 0
    while request is not None:
        page = request.execute()
        total += len(page["files"])
        request = alice.files().list_next(request, page)
    assert total == 5


def test_default_fields_and_partial_response(alice, tree):
    page = alice.files().list(q="name = 'budget.txt'").execute()
    assert page["kind"] == "drive#fileList" and set(page["files"][0]) == {
        "kind",
        "id",
        "name",
        "mimeType",
    }
    page = alice.files().list(q="name = 'budget.txt'", fields="files(size,owners/displayName)")
    assert page.execute() == {
        "files": [{"size": "24", "owners": [{"displayName": "Alice Lovelace"}]}]
    }


@pytest.mark.parametrize(
    ("params", "location"),
    [
        ({"q": "name contains"}, "q"),
        ({"q": "title = 'x'"}, "q"),
        ({"q": "name = 'budget.txt\""}, "q"),
        ({"q": 'name = "budget.txt'}, "q"),
        ({"q": 'name = "a" "b"'}, "q"),
        ({"orderBy": "size"}, "orderBy"),
        ({"pageSize": 0}, "pageSize"),
        ({"pageToken": "garbage"}, "pageToken"),
        ({"fields": "files(nope)"}, "fields"),
    ],
)
def test_bad_list_parameters_are_400s_on_the_parameter(alice, params, location):
    import json

    from googleapiclient.errors import HttpError

    with pytest.raises(HttpError) as caught:
        alice.files().list(**params).execute()
    error = json.loads(caught.value.content)["error"]
    assert error["code"] == 400 and error["errors"][0]["location"] == location


def test_other_users_files_are_not_listed(bob, tree):
    assert names(bob) == []
    assert error_of(bob.files().get(fileId=tree))[0] == 404


def test_shared_with_me(alice, bob, tree):
    alice.permissions().create(
        fileId=tree, body={"type": "user", "role": "reader", "emailAddress": BOB}
    ).execute()
    assert names(bob, q="sharedWithMe") == ["Reports"]
    assert sorted(names(bob, q=f"'{tree}' in parents")) == ["Annual Summary", "Quarterly Report"]
