"""files.list's statements search indexes: for findability, for a folder's children, for a
mimeType or a name, and for the newest first, with no sort of their own before the page's
``LIMIT``; a caller's My Drive root is found among the few root folders."""

from __future__ import annotations

import re

import pytest
from tests.sql import full_scans, query_plan, statements
from tests.twins.google.conftest import FOLDER

LISTINGS = re.compile(r"^SELECT f\.[^()]*, \(")


@pytest.fixture
def folder(alice) -> str:
    folder = alice.files().create(body={"name": "Reports", "mimeType": FOLDER}).execute()["id"]
    for number in range(3):
        alice.files().create(body={"name": f"report {number}", "parents": [folder]}).execute()
    return folder


def listing_plans(universe, service, **params) -> list[list[str]]:
    with statements(universe) as ran:
        service.files().list(**params).execute()
    listings = [s for s in ran if LISTINGS.match(s)]
    assert len(listings) == 1
    assert full_scans(universe, ran, {"google_drive_permissions", "google_drive_parents"}) == {}
    return listings[0], query_plan(universe, listings[0])


def test_a_folders_children_are_searched_through_the_parents_index(universe, alice, folder):
    statement, plan = listing_plans(universe, alice, q=f"'{folder}' in parents and trashed = false")
    assert "LIMIT" in statement
    assert any("google_drive_parents_parent" in step for step in plan)
    assert full_scans(universe, [statement], {"google_drive_files"}) == {}


def test_a_mime_type_is_searched_through_its_index(universe, alice, folder):
    statement, plan = listing_plans(universe, alice, q=f"mimeType = '{FOLDER}'")
    assert any("google_drive_files_mime_type" in step for step in plan)
    assert full_scans(universe, [statement], {"google_drive_files"}) == {}


@pytest.mark.parametrize(
    ("order", "index"),
    [
        ("modifiedTime desc", "google_drive_files_modified"),
        ("createdTime desc", "google_drive_files_created"),
        ("", None),
    ],
)
def test_an_order_sql_gives_stops_at_the_page(universe, alice, folder, order, index):
    params = {"orderBy": order} if order else {}
    statement, plan = listing_plans(universe, alice, q="trashed = false", pageSize=2, **params)
    assert statement.endswith("LIMIT 3")
    assert not any("TEMP B-TREE" in step for step in plan)
    assert index is None or any(index in step for step in plan)


def test_a_name_is_searched_through_its_index(universe, alice, folder):
    statement, plan = listing_plans(universe, alice, q="name = 'report 1'")
    assert any("google_drive_files_name" in step for step in plan)
    assert full_scans(universe, [statement], {"google_drive_files"}) == {}


def test_a_word_match_is_tested_on_rows_sql_narrowed(universe, alice, folder):
    statement, plan = listing_plans(
        universe, alice, q=f"name contains 'rep' and '{folder}' in parents"
    )
    assert "LIMIT" not in statement  # a name not all ASCII is left to Python: rows stream
    assert any("google_drive_parents_parent" in step for step in plan)


def test_a_callers_root_is_found_among_the_root_folders(universe, alice, folder):
    with statements(universe) as ran:
        alice.files().create(body={"name": "in my drive"}).execute()
    lookups = [s for s in ran if "is_root = 1" in s and s.startswith("SELECT")]
    assert lookups  # the root was looked up
    for statement in lookups:
        plan = query_plan(universe, statement)
        assert any("google_drive_files_roots" in step for step in plan)
        assert not any("google_drive_permissions_email" in step for step in plan)
