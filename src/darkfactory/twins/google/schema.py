"""Tables of the Google twin's identity layer: accounts and their passwords, groups, keys, OAuth
clients (``installed`` apps, which may redirect to any loopback address, or ``web`` ones, to
their registered ``redirect_uris`` only) and codes.

Each API area (``drive/``, ``sheets/``, ``docs/``) keeps its own tables in its own ``schema.py``;
the twin concatenates them all (see ``GoogleTwin.schema``).
"""

SCHEMA = """
CREATE TABLE IF NOT EXISTS google_accounts (
    email TEXT PRIMARY KEY COLLATE NOCASE, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
    name TEXT NOT NULL, domain TEXT NOT NULL, admin INTEGER NOT NULL DEFAULT 0,
    created REAL NOT NULL, suspended INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS google_groups (
    email TEXT PRIMARY KEY COLLATE NOCASE, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS google_group_members (
    group_email TEXT NOT NULL REFERENCES google_groups(email) ON DELETE CASCADE,
    member TEXT NOT NULL COLLATE NOCASE, PRIMARY KEY (group_email, member)
);
CREATE TABLE IF NOT EXISTS google_service_account_keys (
    key_id TEXT PRIMARY KEY, email TEXT NOT NULL REFERENCES google_accounts(email),
    client_id TEXT NOT NULL, private_pem TEXT NOT NULL, delegation INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS google_passwords (
    email TEXT PRIMARY KEY COLLATE NOCASE REFERENCES google_accounts(email) ON DELETE CASCADE,
    password TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS google_oauth_clients (
    client_id TEXT PRIMARY KEY, secret TEXT NOT NULL, name TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'installed', redirect_uris TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS google_auth_codes (
    code TEXT PRIMARY KEY, client_id TEXT NOT NULL, email TEXT NOT NULL,
    redirect_uri TEXT NOT NULL, scopes TEXT NOT NULL, code_challenge TEXT,
    challenge_method TEXT, access_type TEXT NOT NULL DEFAULT 'online',
    created REAL NOT NULL, used INTEGER NOT NULL DEFAULT 0
);
"""
