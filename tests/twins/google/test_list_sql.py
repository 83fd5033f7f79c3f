"""files.list answers what Drive's Python evaluator of ``q`` and ``orderBy`` answers, whatever
part of them SQL takes: random queries and orders over a seeded drive, for several users."""

from __future__ import annotations

import random

import pytest
from googleapiclient.http import MediaInMemoryUpload
from tests.twins.google.conftest import ALICE, BOB, CAROL, FOLDER

from darkfactory.twins.google.drive import listing
from darkfactory.twins.google.drive.query import compile_query

PDF = "application/pdf"
DOCUMENT = "application/vnd.google-apps.document"
WORDS = ["report", "rep", "budget", "notes", "team", "ärger", "2026", "q", "draft", "x", "ray"]
WORDS += ["", "rt.p", "what?", "[dr", "RAFT", "ärg"]
ORDERS = [
    "createdTime",
    "modifiedTime",
    "folder",
    "starred",
    "quotaBytesUsed",
    "viewedByMeTime",
    "recency",
    "name",
    "name_natural",
    "sharedWithMeTime",
]


def make(service, name: str, **body) -> dict:
    media = body.pop("content", None)
    upload = MediaInMemoryUpload(media, mimetype="text/plain") if media is not None else None
    return (
        service.files()
        .create(body={"name": name, **body}, media_body=upload, fields="id,modifiedTime")
        .execute()
    )


def share(service, file_id: str, **permission) -> None:
    service.permissions().create(
        fileId=file_id, body=permission, sendNotificationEmail=False
    ).execute()


@pytest.fixture
def seeded(universe, alice, bob) -> dict:
    """Folders, nested files of several kinds, shares of every kind, and times with ties."""
    clock = universe.universe.clock
    projects = make(alice, "Projects", mimeType=FOLDER)["id"]
    archive = make(alice, "Archive 2026", mimeType=FOLDER, parents=[projects])["id"]
    team = make(alice, "Team", mimeType=FOLDER)["id"]
    share(alice, team, type="user", role="reader", emailAddress=BOB)
    made = [
        make(alice, "Quarterly report.pdf", mimeType=PDF, parents=[projects], starred=True),
        make(alice, "report draft", content=b"the budget forecast", properties={"dept": "eng"}),
        make(alice, "Ärger notes", parents=[archive], appProperties={"app": "one"}),
        make(alice, "team budget", parents=[team], content=b"widgets and gadgets"),
        make(alice, "Team plan", mimeType=DOCUMENT, parents=[team], starred=True),
    ]
    universe.call(clock.freeze)  # files made at one instant: ties broken by creation order
    made += [
        make(alice, "q notes", content=b"x" * 40, properties={"dept": "ops"}),
        make(alice, "x-ray Report", parents=[team]),
        make(alice, "what? [draft]*", parents=[projects]),
    ]
    universe.call(clock.unfreeze)
    link_only = make(alice, "link only", content=b"shh")["id"]
    share(alice, link_only, type="anyone", role="reader", allowFileDiscovery=False)
    findable = make(alice, "anyone finds", mimeType=PDF)["id"]
    share(alice, findable, type="anyone", role="reader", allowFileDiscovery=True)
    domain = make(alice, "domain finds", starred=True)["id"]
    share(
        alice,
        domain,
        type="domain",
        role="commenter",
        domain="example.com",
        allowFileDiscovery=True,
    )
    direct = make(alice, "for bob", content=b"hello bob")["id"]
    share(alice, direct, type="user", role="writer", emailAddress=BOB)
    grouped = make(alice, "for engineering", starred=True)["id"]
    share(alice, grouped, type="group", role="writer", emailAddress="engineering@example.com")
    trashed = make(alice, "old notes")["id"]
    alice.files().update(fileId=trashed, body={"trashed": True}).execute()
    theirs = make(bob, "bob report", content=b"from bob", properties={"dept": "eng"})["id"]
    share(bob, theirs, type="user", role="commenter", emailAddress=ALICE)
    make(bob, "bob alone", mimeType=PDF)
    times = [f["modifiedTime"] for f in made]
    return {"folders": [projects, archive, team], "times": times}


def atom(rng: random.Random, seeded: dict) -> str:
    word = rng.choice(WORDS)
    person = rng.choice([ALICE, BOB, CAROL, "me", "Alice@example.com"])
    moment = rng.choice(seeded["times"])
    choices = [
        f"name contains '{word}'",
        f"name = '{rng.choice(['report draft', 'Team', 'bob report', 'nothing'])}'",
        "name != 'report draft'",
        f"mimeType = '{rng.choice([FOLDER, PDF, DOCUMENT, 'text/plain'])}'",
        f"mimeType != '{FOLDER}'",
        f"mimeType contains '{rng.choice(['pdf', 'google', 'TEXT'])}'",
        f"'{rng.choice([*seeded['folders'], 'root'])}' in parents",
        f"trashed = {rng.choice(['true', 'false'])}",
        f"starred = {rng.choice(['true', 'false'])}",
        f"hidden = {rng.choice(['true', 'false'])}",
        f"modifiedTime {rng.choice(['<', '<=', '=', '!=', '>', '>='])} '{moment}'",
        f"createdTime {rng.choice(['<', '>='])} '{moment}'",
        f"viewedByMeTime > '{moment}'",
        f"'{person}' in {rng.choice(['owners', 'writers', 'readers'])}",
        f"'engineering@example.com' in {rng.choice(['writers', 'readers'])}",
        "sharedWithMe",
        f"sharedWithMe = {rng.choice(['true', 'false'])}",
        f"sharedWithMeTime > '{seeded['times'][0]}'",
        f"properties has {{ key='dept' and value='{rng.choice(['eng', 'ops'])}' }}",
        "appProperties has { key='app' and value='one' }",
        f"visibility = '{rng.choice(['anyoneCanFind', 'anyoneWithLink', 'limited'])}'",
        f"fullText contains '{rng.choice(['budget', 'widgets', 'bob'])}'",
    ]
    return rng.choice(choices)


def query(rng: random.Random, seeded: dict, depth: int = 0) -> str:
    roll = rng.random()
    if depth >= 2 or roll < 0.4:
        return atom(rng, seeded)
    if roll < 0.55:
        return f"not {query(rng, seeded, depth + 1)}"
    joined = f" {rng.choice(['and', 'or'])} ".join(
        query(rng, seeded, depth + 1) for _ in range(rng.randint(2, 3))
    )
    return f"({joined})" if rng.random() < 0.7 else joined


def order(rng: random.Random) -> str:
    keys = rng.sample(ORDERS, rng.randint(0, 3))
    return ",".join(k + rng.choice(["", " desc"]) for k in keys)


def evaluated(universe, email: str, candidates: list[str], q: str, spec: str) -> list[str]:
    """The ids the Python evaluator keeps of ``candidates`` (creation order), in order."""

    def run() -> list[str]:
        twin = universe.universe.twins["google"]
        drive = twin.drive
        access = drive.access(twin.state.principal(email))
        aliases = {"root": drive.root_of(email), "me": email}
        files = [drive.file(file_id) for file_id in candidates]
        if q:
            predicate = compile_query(q)
            files = [f for f in files if predicate(listing.subject(f, access, aliases, True, True))]
        return [f["id"] for f in listing.sort(listing.order_keys(spec), files, access)]

    return universe.call(run)


# A mask of row fields alone (each file shaped from its row's columns), and one with a field
# of the file's extras (each file read whole).
MASKS = ("nextPageToken,files(id)", "nextPageToken,files(id,starred)")


def ids(service, mask: str = MASKS[0], **params) -> tuple[list[str], str | None]:
    found = service.files().list(fields=mask, **params).execute()
    return [f["id"] for f in found["files"]], found.get("nextPageToken")


@pytest.mark.parametrize("email", [ALICE, BOB, CAROL])
def test_sql_and_python_find_the_same_files_in_the_same_order(
    universe, google_service_for, seeded, email
):
    service = google_service_for("drive", "v3", user=email)
    candidates, _ = ids(service, pageSize=1000)
    rng = random.Random(f"files.list {email}")
    found_some = 0
    for _ in range(60):
        q, spec = query(rng, seeded), order(rng)
        expected = evaluated(universe, email, candidates, q, spec)
        found_some += bool(expected)
        params = {"q": q, "orderBy": spec} if spec else {"q": q}
        for mask in MASKS:
            assert ids(service, mask, pageSize=1000, **params) == (expected, None), (q, spec)
            first, token = ids(service, mask, pageSize=2, **params)
            assert (first, token is not None) == (expected[:2], len(expected) > 2), (q, spec)
    assert found_some >= 20  # the queries are not all ones that find nothing
