"""The issue search tables: the columns JQL filters and sorts on, one row per issue, and the values
of its list fields; SQLite triggers keep them in step with every write of an issue record."""

from __future__ import annotations

# column of jira_issue_search -> where it is read from an issue record
COLUMNS = {
    "project": "$.project",
    "keyproject": None,  # the part of the key before its last '-' ...
    "keynumber": None,  # ... and the number after it
    "issuetype": "$.fields.issuetype",
    "status": "$.fields.status",
    "priority": "$.fields.priority",
    "resolution": "$.fields.resolution",
    "assignee": "$.fields.assignee",
    "reporter": "$.fields.reporter",
    "creator": "$.fields.creator",
    "created": "$.fields.created",
    "updated": "$.fields.updated",
}
# list fields whose items go to jira_issue_values; labels are kept in lower case
LISTS = ("labels", "components", "fixVersions", "versions")
INDEXED = ("project, status", "assignee", "reporter")
# A project's issues in the orders searches ask for most (none given: the newest first; the
# priority, highest first, then the key; the newest created or updated first), each spelled as
# ``sql.order_by`` spells it, so that a page is read off the index in order and stops at its
# size, whatever the project holds, instead of sorting every issue that matches.
ORDERED = {
    "newest": "id DESC",
    "priority": "(priority IS NULL) DESC, (-CAST(priority AS INTEGER)) DESC, keyproject, keynumber,"
    " id DESC",
    "created": "(created IS NULL) DESC, created DESC, id DESC",
    "updated": "(updated IS NULL) DESC, updated DESC, id DESC",
}


def _row(record: str) -> str:
    """The SELECT that makes the search row of the issue record ``record`` (a table alias)."""
    key = f"json_extract({record}.data, '$.key')"
    dash = f"instr({key}, '-')"
    found = {
        "keyproject": f"substr({key}, 1, {dash} - 1)",
        "keynumber": f"CAST(substr({key}, {dash} + 1) AS INTEGER)",
    }
    read = [found.get(c) or f"json_extract({record}.data, '{p}')" for c, p in COLUMNS.items()]
    return f"SELECT {record}.id, {', '.join(read)}"


def _values(record: str, source: str = "", where: str = "") -> list[str]:
    """INSERTs of the list values of the issue record ``record`` (from ``source``, if given)."""
    inserts = []
    for field in LISTS:
        value = "lower(item.value)" if field == "labels" else "item.value"
        inserts.append(
            f"INSERT INTO jira_issue_values(issue, field, value) SELECT {record}.id, '{field}', "
            f"{value} FROM {source}json_each({record}.data, '$.fields.{field}') AS item {where};"
        )
    return inserts


NEWLINE = "\n"
# issue records written before the search tables existed: the schema fills their rows in
_MISSING = "r.kind = 'issue' AND CAST(r.id AS INTEGER) NOT IN (SELECT id FROM jira_issue_search)"


def _trigger(event: str) -> str:
    return f"""
CREATE TRIGGER IF NOT EXISTS jira_issue_search_{event.lower()}
AFTER {event} ON jira_records WHEN new.kind = 'issue' BEGIN
    DELETE FROM jira_issue_search WHERE id = new.id;
    DELETE FROM jira_issue_values WHERE issue = new.id;
    INSERT INTO jira_issue_search(id, {", ".join(COLUMNS)}) {_row("new")};
    {NEWLINE.join(_values("new"))}
END;"""


_INDEXES = NEWLINE.join(
    f"CREATE INDEX IF NOT EXISTS jira_issue_search_{cols.replace(', ', '_')} "
    f"ON jira_issue_search({cols});"
    for cols in INDEXED
) + "".join(
    f"\nCREATE INDEX IF NOT EXISTS jira_issue_search_project_{name} "
    f"ON jira_issue_search(project, {order});"
    for name, order in ORDERED.items()
)
SEARCH_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS jira_issue_search (
    id INTEGER PRIMARY KEY, {", ".join(COLUMNS)}
);
{_INDEXES}
CREATE TABLE IF NOT EXISTS jira_issue_values (
    issue INTEGER NOT NULL, field TEXT NOT NULL, value TEXT
);
CREATE INDEX IF NOT EXISTS jira_issue_values_value ON jira_issue_values(field, value);
CREATE INDEX IF NOT EXISTS jira_issue_values_issue ON jira_issue_values(issue);
{_trigger("INSERT")}
{_trigger("UPDATE")}
CREATE TRIGGER IF NOT EXISTS jira_issue_search_delete
AFTER DELETE ON jira_records WHEN old.kind = 'issue' BEGIN
    DELETE FROM jira_issue_search WHERE id = old.id;
    DELETE FROM jira_issue_values WHERE issue = old.id;
END;
{NEWLINE.join(_values("r", "jira_records AS r, ", f"WHERE {_MISSING}"))}
INSERT INTO jira_issue_search(id, {", ".join(COLUMNS)}) {_row("r")} FROM jira_records AS r
    WHERE {_MISSING};
"""
