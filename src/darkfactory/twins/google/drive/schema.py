"""Drive tables: files (folders and native files included; indexed for the searches and orders of
``files.list``), parents, permissions, revisions,
comments and their replies (a reply has a ``parent_id``), shared drives (and who hid which),
the change log,
resumable upload sessions, push-notification channels, and which OAuth client created which
file (for ``drive.file``).

Tables of other areas that hang off a Drive file (a spreadsheet's sheets, a document's body)
reference ``google_drive_files(id) ON DELETE CASCADE``, so deleting the file deletes them too.
"""

SCHEMA = """
CREATE TABLE IF NOT EXISTS google_drive_files (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, mime_type TEXT NOT NULL,
    drive_id TEXT, created REAL NOT NULL, modified REAL NOT NULL,
    modified_by TEXT NOT NULL, version INTEGER NOT NULL DEFAULT 1,
    trashed INTEGER NOT NULL DEFAULT 0, explicitly_trashed INTEGER NOT NULL DEFAULT 0,
    trashed_by TEXT, trashed_time REAL, is_root INTEGER NOT NULL DEFAULT 0,
    space TEXT NOT NULL DEFAULT 'drive',
    extra TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS google_drive_files_modified ON google_drive_files(modified DESC);
CREATE INDEX IF NOT EXISTS google_drive_files_created ON google_drive_files(created DESC);
CREATE INDEX IF NOT EXISTS google_drive_files_mime_type ON google_drive_files(mime_type);
CREATE INDEX IF NOT EXISTS google_drive_files_name ON google_drive_files(name);
CREATE INDEX IF NOT EXISTS google_drive_files_roots ON google_drive_files(space) WHERE is_root = 1;
CREATE TABLE IF NOT EXISTS google_drive_parents (
    file_id TEXT NOT NULL REFERENCES google_drive_files(id) ON DELETE CASCADE,
    parent_id TEXT NOT NULL, PRIMARY KEY (file_id, parent_id)
);
CREATE INDEX IF NOT EXISTS google_drive_parents_parent ON google_drive_parents(parent_id);
CREATE TABLE IF NOT EXISTS google_drive_permissions (
    item_id TEXT NOT NULL, id TEXT NOT NULL, type TEXT NOT NULL, role TEXT NOT NULL,
    email TEXT COLLATE NOCASE, domain TEXT, allow_file_discovery INTEGER NOT NULL DEFAULT 0,
    expiration REAL, pending_owner INTEGER NOT NULL DEFAULT 0, created REAL NOT NULL,
    PRIMARY KEY (item_id, id)
);
CREATE INDEX IF NOT EXISTS google_drive_permissions_email ON google_drive_permissions(email);
CREATE TABLE IF NOT EXISTS google_drive_revisions (
    file_id TEXT NOT NULL REFERENCES google_drive_files(id) ON DELETE CASCADE,
    id TEXT NOT NULL, modified REAL NOT NULL, modified_by TEXT NOT NULL,
    mime_type TEXT NOT NULL, size INTEGER NOT NULL, md5 TEXT NOT NULL, content BLOB NOT NULL,
    keep_forever INTEGER NOT NULL DEFAULT 0, original_filename TEXT,
    PRIMARY KEY (file_id, id)
);
CREATE TABLE IF NOT EXISTS google_drive_drives (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, created REAL NOT NULL,
    request_id TEXT UNIQUE, extra TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS google_drive_hidden_drives (
    drive_id TEXT NOT NULL REFERENCES google_drive_drives(id) ON DELETE CASCADE,
    email TEXT NOT NULL COLLATE NOCASE, PRIMARY KEY (drive_id, email)
);
CREATE TABLE IF NOT EXISTS google_drive_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT, file_id TEXT, drive_id TEXT, time REAL NOT NULL,
    removed INTEGER NOT NULL DEFAULT 0, audience TEXT
);
CREATE TABLE IF NOT EXISTS google_drive_comments (
    file_id TEXT NOT NULL REFERENCES google_drive_files(id) ON DELETE CASCADE,
    id TEXT NOT NULL, parent_id TEXT, author TEXT NOT NULL, content TEXT NOT NULL,
    action TEXT, quoted TEXT, anchor TEXT, created REAL NOT NULL, modified REAL NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0, resolved INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (file_id, id)
);
CREATE TABLE IF NOT EXISTS google_drive_access_proposals (
    file_id TEXT NOT NULL REFERENCES google_drive_files(id) ON DELETE CASCADE,
    id TEXT NOT NULL, requester TEXT NOT NULL, recipient TEXT NOT NULL, role TEXT NOT NULL,
    message TEXT NOT NULL DEFAULT '', created REAL NOT NULL, PRIMARY KEY (file_id, id)
);
CREATE TABLE IF NOT EXISTS google_drive_operations (
    name TEXT PRIMARY KEY, email TEXT NOT NULL COLLATE NOCASE, download_uri TEXT NOT NULL,
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS google_drive_labels (
    file_id TEXT NOT NULL REFERENCES google_drive_files(id) ON DELETE CASCADE,
    label_id TEXT NOT NULL, fields TEXT NOT NULL DEFAULT '{}', PRIMARY KEY (file_id, label_id)
);
CREATE TABLE IF NOT EXISTS google_drive_approvals (
    file_id TEXT NOT NULL REFERENCES google_drive_files(id) ON DELETE CASCADE,
    id TEXT NOT NULL, initiator TEXT NOT NULL, status TEXT NOT NULL, reviewers TEXT NOT NULL,
    behavior TEXT NOT NULL, due REAL, created REAL NOT NULL, modified REAL NOT NULL,
    completed REAL, approved_revision TEXT, log TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (file_id, id)
);
CREATE TABLE IF NOT EXISTS google_drive_app_files (
    file_id TEXT NOT NULL REFERENCES google_drive_files(id) ON DELETE CASCADE,
    client_id TEXT NOT NULL, PRIMARY KEY (file_id, client_id)
);
CREATE TABLE IF NOT EXISTS google_drive_channels (
    resource_id TEXT PRIMARY KEY, id TEXT NOT NULL, kind TEXT NOT NULL, file_id TEXT,
    email TEXT NOT NULL, client_id TEXT NOT NULL, app_only INTEGER NOT NULL,
    address TEXT NOT NULL, token TEXT, expiration REAL NOT NULL, resource_uri TEXT NOT NULL,
    mark INTEGER NOT NULL, message INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS google_drive_generated_ids (
    id TEXT PRIMARY KEY, email TEXT NOT NULL COLLATE NOCASE
);
CREATE TABLE IF NOT EXISTS google_drive_uploads (
    id TEXT PRIMARY KEY, email TEXT NOT NULL, file_id TEXT, metadata TEXT NOT NULL,
    mime_type TEXT NOT NULL, total INTEGER, received BLOB NOT NULL,
    created REAL NOT NULL
);
"""
