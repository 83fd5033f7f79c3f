"""Tables the kit itself keeps in every universe database."""

KIT_SCHEMA = """
CREATE TABLE IF NOT EXISTS kit_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS kit_tokens (
    token     TEXT PRIMARY KEY,
    twin      TEXT NOT NULL,
    principal TEXT NOT NULL,
    kind      TEXT NOT NULL DEFAULT '',
    scopes    TEXT NOT NULL DEFAULT '[]',
    meta      TEXT NOT NULL DEFAULT '{}',
    revoked   INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS kit_journal (
    id            INTEGER PRIMARY KEY,  -- entries are never deleted: ids are never used again
    at            REAL NOT NULL,
    twin          TEXT NOT NULL,
    operation     TEXT NOT NULL,
    method        TEXT NOT NULL,
    path          TEXT NOT NULL,
    query         TEXT NOT NULL,
    status        INTEGER NOT NULL,
    duration_ms   REAL NOT NULL,
    request_body  TEXT NOT NULL,
    response_body TEXT NOT NULL,
    error         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS kit_journal_twin_op ON kit_journal(twin, operation);
CREATE TABLE IF NOT EXISTS kit_faults (
    id        TEXT PRIMARY KEY,
    spec      TEXT NOT NULL
);
"""
