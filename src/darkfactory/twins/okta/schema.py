"""Okta twin tables."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS okta_users (
    id TEXT PRIMARY KEY, status TEXT NOT NULL, login TEXT NOT NULL COLLATE NOCASE,
    profile TEXT NOT NULL, password TEXT, created REAL NOT NULL, activated REAL,
    status_changed REAL, last_login REAL, last_updated REAL NOT NULL, password_changed REAL
);
CREATE UNIQUE INDEX IF NOT EXISTS okta_users_login ON okta_users(login);
CREATE TABLE IF NOT EXISTS okta_groups (
    id TEXT PRIMARY KEY, type TEXT NOT NULL DEFAULT 'OKTA_GROUP', profile TEXT NOT NULL,
    created REAL NOT NULL, last_updated REAL NOT NULL, last_membership_updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS okta_members (
    group_id TEXT NOT NULL REFERENCES okta_groups(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES okta_users(id) ON DELETE CASCADE,
    rule_id TEXT, PRIMARY KEY (group_id, user_id)
);
CREATE TABLE IF NOT EXISTS okta_group_rules (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'INACTIVE',
    expression TEXT NOT NULL, group_ids TEXT NOT NULL, created REAL NOT NULL,
    last_updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS okta_apps (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, label TEXT NOT NULL, sign_on_mode TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'ACTIVE', settings TEXT NOT NULL DEFAULT '{}',
    credentials TEXT NOT NULL DEFAULT '{}', provisions_to TEXT, created REAL NOT NULL,
    last_updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS okta_app_users (
    app_id TEXT NOT NULL REFERENCES okta_apps(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES okta_users(id) ON DELETE CASCADE,
    profile TEXT NOT NULL DEFAULT '{}', user_name TEXT, created REAL NOT NULL,
    last_updated REAL NOT NULL, PRIMARY KEY (app_id, user_id)
);
CREATE TABLE IF NOT EXISTS okta_app_groups (
    app_id TEXT NOT NULL REFERENCES okta_apps(id) ON DELETE CASCADE,
    group_id TEXT NOT NULL REFERENCES okta_groups(id) ON DELETE CASCADE,
    priority INTEGER NOT NULL DEFAULT 0, profile TEXT NOT NULL DEFAULT '{}',
    last_updated REAL NOT NULL, PRIMARY KEY (app_id, group_id)
);
CREATE TABLE IF NOT EXISTS okta_signing_keys (
    kid TEXT PRIMARY KEY, private_pem TEXT NOT NULL, status TEXT NOT NULL, created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS okta_auth_codes (
    code TEXT PRIMARY KEY, server TEXT NOT NULL, client_id TEXT NOT NULL, user_id TEXT NOT NULL,
    redirect_uri TEXT NOT NULL, scopes TEXT NOT NULL, nonce TEXT, code_challenge TEXT,
    created REAL NOT NULL, used INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS okta_app_pushes (
    app_id TEXT NOT NULL REFERENCES okta_apps(id) ON DELETE CASCADE, user_id TEXT NOT NULL,
    external_id TEXT NOT NULL, active INTEGER NOT NULL, profile TEXT NOT NULL,
    PRIMARY KEY (app_id, user_id)
);
CREATE TABLE IF NOT EXISTS okta_event_hooks (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'ACTIVE',
    verification_status TEXT NOT NULL DEFAULT 'UNVERIFIED', events TEXT NOT NULL,
    channel TEXT NOT NULL, created REAL NOT NULL, last_updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS okta_factors (
    id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES okta_users(id) ON DELETE CASCADE,
    factor_type TEXT NOT NULL, provider TEXT NOT NULL, status TEXT NOT NULL,
    profile TEXT NOT NULL, secret TEXT, last_step INTEGER, pass_code TEXT, pass_code_sent REAL,
    created REAL NOT NULL, last_updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS okta_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT, user_id TEXT NOT NULL, factor_id TEXT NOT NULL,
    channel TEXT NOT NULL, recipient TEXT NOT NULL, pass_code TEXT, transaction_id TEXT,
    sent REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS okta_push_transactions (
    id TEXT PRIMARY KEY, user_id TEXT NOT NULL, factor_id TEXT NOT NULL, purpose TEXT NOT NULL,
    result TEXT NOT NULL DEFAULT 'WAITING', created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS okta_profile_attributes (
    section TEXT NOT NULL, name TEXT NOT NULL, definition TEXT NOT NULL,
    PRIMARY KEY (section, name)
);
CREATE TABLE IF NOT EXISTS okta_credentials (
    user_id TEXT PRIMARY KEY REFERENCES okta_users(id) ON DELETE CASCADE,
    recovery_question TEXT, recovery_answer TEXT, history TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS okta_role_assignments (
    id TEXT PRIMARY KEY, principal_type TEXT NOT NULL, principal_id TEXT NOT NULL,
    type TEXT NOT NULL, created REAL NOT NULL, last_updated REAL NOT NULL,
    UNIQUE (principal_type, principal_id, type)
);
CREATE TABLE IF NOT EXISTS okta_resources (
    kind TEXT NOT NULL, id TEXT NOT NULL, status TEXT NOT NULL, document TEXT NOT NULL,
    created REAL NOT NULL, last_updated REAL NOT NULL, PRIMARY KEY (kind, id)
);
CREATE TABLE IF NOT EXISTS okta_children (
    kind TEXT NOT NULL, parent TEXT NOT NULL, id TEXT NOT NULL, status TEXT NOT NULL,
    priority INTEGER NOT NULL, document TEXT NOT NULL, created REAL NOT NULL,
    last_updated REAL NOT NULL, PRIMARY KEY (kind, id)
);
CREATE TABLE IF NOT EXISTS okta_api_tokens (
    id TEXT PRIMARY KEY, token TEXT NOT NULL UNIQUE, user_id TEXT NOT NULL, name TEXT NOT NULL,
    client_name TEXT NOT NULL, network TEXT NOT NULL, created REAL NOT NULL,
    last_updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS okta_group_owners (
    group_id TEXT NOT NULL REFERENCES okta_groups(id) ON DELETE CASCADE, owner_id TEXT NOT NULL,
    type TEXT NOT NULL, last_updated REAL NOT NULL, PRIMARY KEY (group_id, owner_id)
);
CREATE TABLE IF NOT EXISTS okta_linked_objects (
    primary_name TEXT PRIMARY KEY, associated_name TEXT NOT NULL UNIQUE, definition TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS okta_user_links (
    primary_name TEXT NOT NULL REFERENCES okta_linked_objects(primary_name) ON DELETE CASCADE,
    associated_user_id TEXT NOT NULL REFERENCES okta_users(id) ON DELETE CASCADE,
    primary_user_id TEXT NOT NULL REFERENCES okta_users(id) ON DELETE CASCADE,
    PRIMARY KEY (primary_name, associated_user_id)
);
CREATE TABLE IF NOT EXISTS okta_idp_links (
    idp_id TEXT NOT NULL, user_id TEXT NOT NULL REFERENCES okta_users(id) ON DELETE CASCADE,
    external_id TEXT NOT NULL, profile TEXT NOT NULL DEFAULT '{}',
    tokens TEXT NOT NULL DEFAULT '[]', created REAL NOT NULL, last_updated REAL NOT NULL,
    PRIMARY KEY (idp_id, user_id), UNIQUE (idp_id, external_id)
);
CREATE TABLE IF NOT EXISTS okta_sessions (
    id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES okta_users(id) ON DELETE CASCADE,
    created REAL NOT NULL, expires REAL NOT NULL, idle_seconds REAL NOT NULL,
    password_at REAL, factor_at REAL, amr TEXT NOT NULL, idp TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS okta_sessions_user ON okta_sessions(user_id);
CREATE TABLE IF NOT EXISTS okta_logs (
    uuid TEXT PRIMARY KEY, published REAL NOT NULL, event_type TEXT NOT NULL,
    display_message TEXT NOT NULL, severity TEXT NOT NULL DEFAULT 'INFO',
    outcome TEXT NOT NULL DEFAULT 'SUCCESS', actor TEXT NOT NULL, target TEXT NOT NULL
);
"""
