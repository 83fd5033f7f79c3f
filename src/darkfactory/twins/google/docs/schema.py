"""Docs tables: one row per document, its body as structural JSON (the title is the Drive name)."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS google_docs_documents (
    id TEXT PRIMARY KEY, revision INTEGER NOT NULL DEFAULT 1, body TEXT NOT NULL,
    lists TEXT NOT NULL DEFAULT '{}', named_ranges TEXT NOT NULL DEFAULT '[]',
    style TEXT NOT NULL DEFAULT '{}', segments TEXT NOT NULL DEFAULT '{}',
    objects TEXT NOT NULL DEFAULT '{}'
);
"""
