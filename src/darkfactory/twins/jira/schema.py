"""Jira twin tables: typed records (projects, issues, users ...) as JSON, attachment bytes, and
the issue search tables JQL runs on."""

from darkfactory.twins.jira.search.jql.index import SEARCH_SCHEMA

SCHEMA = (
    """
CREATE TABLE IF NOT EXISTS jira_records (
    kind TEXT NOT NULL, id TEXT NOT NULL, parent TEXT, data TEXT NOT NULL,
    PRIMARY KEY (kind, id)
);
CREATE INDEX IF NOT EXISTS jira_records_parent ON jira_records(kind, parent);
CREATE INDEX IF NOT EXISTS jira_records_issue_key
    ON jira_records(json_extract(data, '$.key') COLLATE NOCASE) WHERE kind = 'issue';
CREATE INDEX IF NOT EXISTS jira_records_issue_parent
    ON jira_records(json_extract(data, '$.fields.parent')) WHERE kind = 'issue';
CREATE INDEX IF NOT EXISTS jira_records_link_source
    ON jira_records(json_extract(data, '$.source')) WHERE kind = 'link';
CREATE INDEX IF NOT EXISTS jira_records_link_target
    ON jira_records(json_extract(data, '$.target')) WHERE kind = 'link';
CREATE TABLE IF NOT EXISTS jira_blobs (id TEXT PRIMARY KEY, content BLOB NOT NULL);
"""
    + SEARCH_SCHEMA
)
