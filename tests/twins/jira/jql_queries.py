"""A site with varied issues across three projects, and random JQL over the fields the search
tables hold (plus a few that only the Python evaluator decides), for comparing the two."""

from __future__ import annotations

import random

LABELS = ["ui", "Login", "sso", "search", "platform", "docs"]
COMPONENTS = ["Backend", "Frontend", "Infra"]
VERSIONS = ["1.0", "2.0"]
PEOPLE = ["admin", "grace", "linus", "alan", "margaret"]
WORDS = ["login", "crash", "upgrade", "docs", "page"]
NAMED_KINDS = ("issuetype", "status", "priority", "resolution")


def seed_site(universe, rng: random.Random, count: int) -> None:
    """``count`` issues in DEMO, OPS and SEC with random types, statuses, priorities, people,
    labels, components, versions and due dates, created hours apart; some updated later."""
    jira = universe.twins["jira"].state
    ids = {kind: {r["name"]: r["id"] for r in jira.find(kind)} for kind in NAMED_KINDS}
    people = {p: jira.find_user(f"{p}@example.com")["accountId"] for p in PEOPLE}
    projects = [jira.project(key) for key in ("DEMO", "OPS", "SEC")]
    parts = {
        (kind, p["id"]): [jira.add_part(kind, p, name)["id"] for name in names]
        for p in projects
        for kind, names in (("component", COMPONENTS), ("version", VERSIONS))
    }
    with universe.store.transaction():
        for number in range(count):
            universe.clock.advance(rng.randint(600, 7200))
            project = rng.choice(projects)
            components, versions = (
                parts["component", project["id"]],
                parts["version", project["id"]],
            )
            fields = {
                "summary": " ".join(rng.sample(WORDS, 2)) + f" {number}",
                "issuetype": ids["issuetype"][rng.choice(["Bug", "Task", "Story", "Epic"])],
                "priority": rng.choice([*ids["priority"].values(), None]),
                "assignee": rng.choice([*people.values(), None]),
                "labels": rng.sample(LABELS, rng.randint(0, 2)),
                "components": rng.sample(components, rng.randint(0, 2)),
                "fixVersions": rng.sample(versions, rng.randint(0, 1)),
                "duedate": rng.choice([None, "2026-01-05", "2026-02-01"]),
            }
            reporter = rng.choice(list(people.values()))
            issue = jira.create_issue(reporter, project, fields)
            status = rng.choice(list(ids["status"].values()))
            done = jira.status(status)["category"] == "done"
            resolution = rng.choice(list(ids["resolution"].values())) if done else None
            if rng.random() < 0.4:
                universe.clock.advance(rng.randint(60, 600))
            jira.change(reporter, issue, {"status": status, "resolution": resolution})


EQUALITY = ["=", "!="]
LIST = ["in", "not in"]
ORDERED = [">", ">=", "<", "<="]
EMPTY = ["is", "is not"]
# field, operators, values: a clause is one of each
CLAUSES = [
    ("project", [*EQUALITY, *LIST], ["DEMO", "(OPS, SEC)"]),
    ("issuetype", EQUALITY, ["Bug", "Task", "Story"]),
    ("type", LIST, ["(Bug, Epic)", "(Story)"]),
    ("status", EQUALITY, ["Done", '"In Progress"']),
    ("status", LIST, ['("To Do", "In Review")', "(Done)"]),
    ("statusCategory", EQUALITY, ["Done", '"To Do"', '"In Progress"']),
    ("priority", [*EQUALITY, *ORDERED], ["High", "Medium", "Low"]),
    ("priority", EMPTY, ["EMPTY"]),
    ("resolution", EQUALITY, ["Unresolved", "Done"]),
    ("resolution", [*LIST, *EMPTY], ['(Done, "Won\'t Do")', "EMPTY"]),
    ("assignee", EQUALITY, ['"grace@example.com"', "currentUser()", '"alan@example.com"']),
    ("assignee", LIST, ['("linus@example.com", currentUser())', '(EMPTY, "grace@example.com")']),
    ("assignee", LIST, ['membersOf("developers")']),
    ("creator", EQUALITY, ["currentUser()", '"grace@example.com"']),
    ("assignee", EMPTY, ["EMPTY"]),
    ("reporter", EQUALITY, ["currentUser()", '"margaret@example.com"']),
    ("labels", [*EQUALITY, *LIST], ["(ui, LOGIN)", "(sso)", "(docs, platform)"]),
    ("labels", EMPTY, ["EMPTY"]),
    ("component", [*EQUALITY, *LIST], ["(Backend)", "(Frontend, Infra)"]),
    ("fixVersion", [*EQUALITY, *EMPTY], ['"1.0"', "EMPTY"]),
    ("key", ORDERED, ["DEMO-5", "OPS-3"]),
    ("issuekey", LIST, ["(DEMO-1, DEMO-4, OPS-2)"]),
    ("created", ORDERED, ["-2d", "-5d", "startOfDay(-3d)", '"2020-01-01"']),
    ("updated", ORDERED, ["-1d", "-4d", "now()"]),
    # only the Python evaluator decides these
    ("summary", ["~", "!~"], WORDS),
    ("duedate", ["<", ">=", "="], ["2026-01-10"]),
    ("watchers", [">", "="], ["0"]),
]


ORDERS = [
    "priority",
    "key",
    "created",
    "updated",
    "status",
    "assignee",
    "reporter",
    "issuetype",
    "project",
    "resolution",
    "creator",
    "summary",
    "duedate",
]


def where(rng: random.Random, depth: int = 0) -> str:
    """A random condition: clauses under AND, OR and NOT, up to three levels deep."""
    roll = rng.random()
    if depth < 3 and roll < 0.35:
        word = rng.choice([" AND ", " OR "])
        return "(" + word.join(where(rng, depth + 1) for _ in range(rng.randint(2, 3))) + ")"
    if depth < 3 and roll < 0.45:
        return f"NOT {where(rng, depth + 1)}"
    field, operators, values = rng.choice(CLAUSES)
    operator, value = rng.choice(operators), rng.choice(values)
    if value.startswith("(") and operator in EQUALITY:  # a list takes IN or NOT IN
        operator = "in" if operator == "=" else "not in"
    if (value == "EMPTY") != (operator in EMPTY):
        operator, value = rng.choice(EMPTY), "EMPTY"
    return f"{field} {operator} {value}"


def query(rng: random.Random) -> str:
    """A random JQL query, with an ORDER BY of up to three keys half of the time."""
    jql = where(rng)
    if rng.random() < 0.5:
        keys = rng.sample(ORDERS, rng.randint(1, 3))
        jql += " ORDER BY " + ", ".join(f"{k} {rng.choice(['ASC', 'DESC', ''])}" for k in keys)
    return jql.strip()
