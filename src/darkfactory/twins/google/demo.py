"""The demo workspace ``universe up`` seeds (``--fixture google.demo=1``), so the Drive browser
has something to show on first sight.

The administrator owns an ``Engineering`` folder shared with the engineering group (editors)
and Carol (reader), holding a budget spreadsheet whose totals are formulas and a project plan
document; a ``Handbook`` folder is shared with the whole group to read. A ``Company`` shared
drive, organized by the administrator, lets the group edit its holiday list. Alice shares her
design notes with the administrator for comment, so *Shared with me* is not empty either.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from darkfactory.twins.google.docs import edits, lists
from darkfactory.twins.google.docs import state as documents
from darkfactory.twins.google.drive.formats import DOCUMENT, SPREADSHEET
from darkfactory.twins.google.drive.state import FOLDER
from darkfactory.twins.google.fixtures import ADMIN, GROUP
from darkfactory.twins.google.sheets.books import blank
from darkfactory.twins.google.sheets.grid import set_value

if TYPE_CHECKING:
    from darkfactory.twins.google import GoogleTwin

ALICE = "alice@example.com"
CAROL = "carol@example.com"
BUDGET = [
    ["Item", "Q1", "Q2", "Q3", "Q4", "Year"],
    ["Hosting", 1200, 1250, 1300, 1400],
    ["Licenses", 800, 800, 950, 950],
    ["Travel", 300, 650, 200, 900],
    ["Training", 0, 400, 400, 0],
]
HOLIDAYS = b"New Year, Midsummer and the last week of December.\n"
PLAN = (
    "Project plan",
    "The twin ships when every scenario is satisfied.",
    ["Drive", "Sheets", "Docs"],
)


def seed(twin: GoogleTwin, options: dict[str, Any]) -> None:
    if not options.get("demo"):
        return
    state, drive = twin.state, twin.drive
    admin, alice = state.principal(ADMIN), state.principal(ALICE)
    group_id = state.group(GROUP[0])["id"]
    engineering = drive.create_file(admin, "Engineering", FOLDER)
    drive.grant(engineering["id"], group_id, "group", GROUP[0], "writer")
    drive.grant(engineering["id"], state.account(CAROL)["id"], "user", CAROL, "reader")
    _budget(twin, drive.create_file(admin, "Budget 2026", SPREADSHEET, [engineering["id"]]))
    _plan(twin, drive.create_file(admin, PLAN[0], DOCUMENT, [engineering["id"]]))
    handbook = drive.create_file(admin, "Handbook", FOLDER)
    drive.grant(handbook["id"], group_id, "group", GROUP[0], "reader")
    welcome = b"Welcome to example.com. Ask in #general when stuck.\n"
    drive.create_file(admin, "Welcome.txt", "text/plain", [handbook["id"]], content=welcome)
    company = drive.create_shared_drive(admin, "Company", "demo-company", {})
    drive.grant(company, group_id, "group", GROUP[0], "writer")
    drive.create_file(
        admin, "Holidays.txt", "text/plain", [company], content=HOLIDAYS, drive_id=company
    )
    notes = b"Design notes: one state, two API versions.\n"
    made = drive.create_file(alice, "Design notes.txt", "text/plain", content=notes)
    drive.grant(made["id"], state.account(ADMIN)["id"], "user", ADMIN, "commenter")


def _budget(twin: GoogleTwin, file: dict) -> None:
    """Quarterly costs per item, each row's year a SUM, and a totals row of SUMs."""
    book = blank(file["id"], {"title": file["name"]})
    rows = [list(line) for line in BUDGET]
    for number, line in enumerate(rows[1:], start=2):
        line.append(f"=SUM(B{number}:E{number})")
    last = len(rows)
    rows.append(["Total", *(f"=SUM({col}2:{col}{last})" for col in "BCDEF")])
    sheet = book.sheets[0]
    for r, line in enumerate(rows):
        for c, value in enumerate(line):
            set_value(sheet.cell(r, c), value, "USER_ENTERED")
    book.save(twin.universe.store)


def _plan(twin: GoogleTwin, file: dict) -> None:
    """A heading, a paragraph and a bulleted list of the areas."""
    title, summary, areas = PLAN
    doc = documents.blank()
    bullets = "\n".join(areas)
    edits.insert_text(doc, 1, f"{title}\n{summary}\n{bullets}")
    edits.style_paragraphs(doc, 1, 2, {"namedStyleType": "HEADING_1"}, "namedStyleType")
    start = doc.end - len(bullets) - 1
    kix = documents.new_kix_id(twin.universe)
    lists.create_bullets(doc, start, doc.end - 1, "BULLET_DISC_CIRCLE_SQUARE", kix)
    documents.store_document(twin.universe.store, file["id"], 1, documents.first_tab(doc))
