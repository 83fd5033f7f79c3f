"""Docs tables: one row per document (its first tab's content as structural JSON, the title being
the Drive name) and one per tab, in reading order."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS google_docs_documents (
    id TEXT PRIMARY KEY, revision INTEGER NOT NULL DEFAULT 1, body TEXT NOT NULL,
    lists TEXT NOT NULL DEFAULT '{}', named_ranges TEXT NOT NULL DEFAULT '[]',
    style TEXT NOT NULL DEFAULT '{}', segments TEXT NOT NULL DEFAULT '{}',
    objects TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS google_docs_tabs (
    document_id TEXT NOT NULL, position INTEGER NOT NULL, tab_id TEXT NOT NULL,
    parent_tab_id TEXT, properties TEXT NOT NULL, content TEXT NOT NULL,
    PRIMARY KEY (document_id, tab_id)
);
"""
