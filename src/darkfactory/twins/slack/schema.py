"""Slack twin tables."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS slack_teams (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, domain TEXT NOT NULL, email_domain TEXT NOT NULL,
    enterprise_id TEXT, created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS slack_users (
    id TEXT PRIMARY KEY, team_id TEXT NOT NULL, name TEXT NOT NULL, real_name TEXT NOT NULL,
    email TEXT, is_bot INTEGER NOT NULL DEFAULT 0, is_admin INTEGER NOT NULL DEFAULT 0,
    is_owner INTEGER NOT NULL DEFAULT 0, is_primary_owner INTEGER NOT NULL DEFAULT 0,
    is_restricted INTEGER NOT NULL DEFAULT 0, deleted INTEGER NOT NULL DEFAULT 0,
    tz TEXT NOT NULL DEFAULT 'America/Los_Angeles', profile TEXT NOT NULL DEFAULT '{}',
    presence TEXT NOT NULL DEFAULT 'auto', bot_id TEXT, color TEXT NOT NULL DEFAULT '9f69e7',
    updated REAL NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS slack_users_email ON slack_users(email);
CREATE TABLE IF NOT EXISTS slack_bots (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, app_id TEXT NOT NULL, user_id TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0, updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS slack_channels (
    id TEXT PRIMARY KEY, name TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('public', 'private', 'im', 'mpim')),
    is_archived INTEGER NOT NULL DEFAULT 0, is_general INTEGER NOT NULL DEFAULT 0,
    creator TEXT NOT NULL, created REAL NOT NULL, topic TEXT NOT NULL DEFAULT '{}',
    purpose TEXT NOT NULL DEFAULT '{}', im_user TEXT, updated REAL NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS slack_channels_name
    ON slack_channels(name) WHERE name IS NOT NULL;
CREATE TABLE IF NOT EXISTS slack_members (
    channel_id TEXT NOT NULL REFERENCES slack_channels(id), user_id TEXT NOT NULL,
    joined REAL NOT NULL, last_read TEXT NOT NULL DEFAULT '0000000000.000000',
    PRIMARY KEY (channel_id, user_id)
);
CREATE INDEX IF NOT EXISTS slack_members_user ON slack_members(user_id);
CREATE TABLE IF NOT EXISTS slack_messages (
    channel_id TEXT NOT NULL, ts TEXT NOT NULL, thread_ts TEXT, user_id TEXT, bot_id TEXT,
    subtype TEXT, text TEXT NOT NULL DEFAULT '', extra TEXT NOT NULL DEFAULT '{}',
    edited TEXT, PRIMARY KEY (channel_id, ts)
);
CREATE INDEX IF NOT EXISTS slack_messages_thread ON slack_messages(channel_id, thread_ts, ts);
CREATE TABLE IF NOT EXISTS slack_reactions (
    channel_id TEXT NOT NULL, ts TEXT NOT NULL, name TEXT NOT NULL, user_id TEXT NOT NULL,
    at REAL NOT NULL, PRIMARY KEY (channel_id, ts, name, user_id)
);
CREATE TABLE IF NOT EXISTS slack_pins (
    channel_id TEXT NOT NULL, ts TEXT NOT NULL, created_by TEXT NOT NULL, created REAL NOT NULL,
    PRIMARY KEY (channel_id, ts)
);
CREATE TABLE IF NOT EXISTS slack_bookmarks (
    id TEXT PRIMARY KEY, channel_id TEXT NOT NULL, title TEXT NOT NULL, type TEXT NOT NULL,
    link TEXT, emoji TEXT, entity_id TEXT, created_by TEXT NOT NULL, created REAL NOT NULL,
    updated REAL NOT NULL, position INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS slack_scheduled (
    id TEXT PRIMARY KEY, channel_id TEXT NOT NULL, post_at INTEGER NOT NULL, user_id TEXT NOT NULL,
    text TEXT NOT NULL DEFAULT '', extra TEXT NOT NULL DEFAULT '{}', created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS slack_emoji (
    name TEXT PRIMARY KEY, value TEXT NOT NULL, uploaded_by TEXT,
    date_created REAL NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS slack_ephemeral (
    channel_id TEXT NOT NULL, ts TEXT NOT NULL, user_id TEXT NOT NULL, sender TEXT NOT NULL,
    text TEXT NOT NULL, extra TEXT NOT NULL DEFAULT '{}', PRIMARY KEY (channel_id, ts, user_id)
);
"""

APPS_SCHEMA = """
CREATE TABLE IF NOT EXISTS slack_apps (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, bot_id TEXT NOT NULL, bot_user_id TEXT NOT NULL,
    signing_secret TEXT NOT NULL, verification_token TEXT NOT NULL, client_id TEXT NOT NULL,
    client_secret TEXT NOT NULL, request_url TEXT, interactivity_url TEXT,
    events TEXT NOT NULL DEFAULT '[]', scopes TEXT NOT NULL DEFAULT '[]', created REAL NOT NULL,
    redirect_urls TEXT NOT NULL DEFAULT '[]', user_scopes TEXT NOT NULL DEFAULT '[]',
    socket_mode INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS slack_oauth_codes (
    code TEXT PRIMARY KEY, app_id TEXT NOT NULL, user_id TEXT NOT NULL, scopes TEXT NOT NULL,
    user_scopes TEXT NOT NULL, redirect_uri TEXT, expires REAL NOT NULL,
    used INTEGER NOT NULL DEFAULT 0, nonce TEXT
);
CREATE TABLE IF NOT EXISTS slack_app_resolutions (
    app_id TEXT PRIMARY KEY,
    resolution TEXT NOT NULL CHECK (resolution IN ('approved', 'restricted')),
    actor TEXT NOT NULL, date_updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS slack_app_manifests (
    app_id TEXT PRIMARY KEY, owner TEXT NOT NULL, manifest TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS slack_deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT, app_id TEXT NOT NULL, event_id TEXT NOT NULL,
    event_type TEXT NOT NULL, attempt INTEGER NOT NULL, status INTEGER, error TEXT,
    at REAL NOT NULL, transport TEXT NOT NULL DEFAULT 'http'
);
CREATE TABLE IF NOT EXISTS slack_socket_tickets (
    ticket TEXT PRIMARY KEY, app_id TEXT NOT NULL, expires REAL NOT NULL
);
"""

INTERACTIVITY_SCHEMA = """
CREATE TABLE IF NOT EXISTS slack_triggers (
    trigger_id TEXT PRIMARY KEY, app_id TEXT NOT NULL, user_id TEXT NOT NULL,
    channel_id TEXT, expires REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS slack_responses (
    token TEXT PRIMARY KEY, app_id TEXT NOT NULL, user_id TEXT NOT NULL,
    channel_id TEXT NOT NULL, message_ts TEXT, expires REAL NOT NULL, uses INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS slack_views (
    id TEXT PRIMARY KEY, app_id TEXT NOT NULL, user_id TEXT NOT NULL, type TEXT NOT NULL,
    view TEXT NOT NULL, hash TEXT NOT NULL, root_view_id TEXT, previous_view_id TEXT,
    external_id TEXT, open INTEGER NOT NULL DEFAULT 1, updated REAL NOT NULL, state TEXT
);
CREATE TABLE IF NOT EXISTS slack_shortcuts (
    app_id TEXT NOT NULL, callback_id TEXT NOT NULL, type TEXT NOT NULL, name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '', PRIMARY KEY (app_id, callback_id)
);
CREATE TABLE IF NOT EXISTS slack_dialogs (
    id TEXT PRIMARY KEY, app_id TEXT NOT NULL, user_id TEXT NOT NULL, channel_id TEXT NOT NULL,
    dialog TEXT NOT NULL, open INTEGER NOT NULL DEFAULT 1, opened REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS slack_suggestions (
    user_id TEXT NOT NULL, app_id TEXT NOT NULL, action_id TEXT NOT NULL, options TEXT NOT NULL,
    PRIMARY KEY (user_id, app_id, action_id)
);
CREATE TABLE IF NOT EXISTS slack_commands (
    command TEXT PRIMARY KEY, app_id TEXT NOT NULL, url TEXT, description TEXT
);
CREATE TABLE IF NOT EXISTS slack_streams (
    channel_id TEXT NOT NULL, ts TEXT NOT NULL, user_id TEXT NOT NULL,
    PRIMARY KEY (channel_id, ts)
);
CREATE TABLE IF NOT EXISTS slack_assistant_threads (
    channel_id TEXT NOT NULL, thread_ts TEXT NOT NULL, status TEXT, loading_messages TEXT,
    status_at REAL, title TEXT, prompts TEXT, prompts_title TEXT,
    PRIMARY KEY (channel_id, thread_ts)
);
"""

USERGROUPS_SCHEMA = """
CREATE TABLE IF NOT EXISTS slack_usergroups (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, handle TEXT NOT NULL, description TEXT NOT NULL,
    channels TEXT NOT NULL DEFAULT '[]', created_by TEXT NOT NULL, updated_by TEXT NOT NULL,
    deleted_by TEXT, date_create REAL NOT NULL, date_update REAL NOT NULL,
    date_delete REAL NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS slack_usergroup_members (
    usergroup_id TEXT NOT NULL, user_id TEXT NOT NULL, PRIMARY KEY (usergroup_id, user_id)
);
"""

FILES_SCHEMA = """
CREATE TABLE IF NOT EXISTS slack_files (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, title TEXT NOT NULL, length INTEGER NOT NULL,
    user_id TEXT NOT NULL, created REAL NOT NULL, upload_key TEXT NOT NULL,
    content BLOB, completed INTEGER NOT NULL DEFAULT 0, alt_txt TEXT,
    channels TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS slack_public_files (
    file_id TEXT PRIMARY KEY, secret TEXT NOT NULL
);
"""

ADMIN_SCHEMA = """
CREATE TABLE IF NOT EXISTS slack_channel_prefs (
    channel_id TEXT PRIMARY KEY, prefs TEXT NOT NULL
);
"""

PERSONAL_SCHEMA = """
CREATE TABLE IF NOT EXISTS slack_snoozes (
    user_id TEXT PRIMARY KEY, snooze_endtime REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS slack_reminders (
    id TEXT PRIMARY KEY, creator TEXT NOT NULL, user_id TEXT NOT NULL, text TEXT NOT NULL,
    time REAL NOT NULL, complete_ts REAL NOT NULL DEFAULT 0, channel_id TEXT
);
"""

WORKSPACE_SCHEMA = """
CREATE TABLE IF NOT EXISTS slack_team_settings (
    team_id TEXT PRIMARY KEY, description TEXT NOT NULL DEFAULT '',
    discoverability TEXT NOT NULL DEFAULT 'invite_only', icon TEXT,
    default_channels TEXT NOT NULL DEFAULT '[]', primary_owner TEXT
);
CREATE TABLE IF NOT EXISTS slack_guest_expirations (
    user_id TEXT PRIMARY KEY, expiration_ts INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS slack_role_assignments (
    role_id TEXT NOT NULL, entity_id TEXT NOT NULL, user_id TEXT NOT NULL,
    date_create REAL NOT NULL, PRIMARY KEY (role_id, entity_id, user_id)
);
CREATE TABLE IF NOT EXISTS slack_barriers (
    id TEXT PRIMARY KEY, primary_usergroup TEXT NOT NULL, barriered_from TEXT NOT NULL,
    restricted_subjects TEXT NOT NULL, date_update REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS slack_photos (
    user_id TEXT PRIMARY KEY, content BLOB NOT NULL, content_type TEXT NOT NULL,
    updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS slack_closed (
    channel_id TEXT NOT NULL, user_id TEXT NOT NULL, PRIMARY KEY (channel_id, user_id)
);
CREATE TABLE IF NOT EXISTS slack_stars (
    user_id TEXT NOT NULL, type TEXT NOT NULL, channel_id TEXT NOT NULL DEFAULT '',
    item TEXT NOT NULL, date_create REAL NOT NULL, PRIMARY KEY (user_id, type, channel_id, item)
);
CREATE TABLE IF NOT EXISTS slack_calls (
    id TEXT PRIMARY KEY, external_unique_id TEXT NOT NULL, join_url TEXT NOT NULL,
    desktop_app_join_url TEXT, external_display_id TEXT, title TEXT, created_by TEXT NOT NULL,
    app_id TEXT, date_start INTEGER NOT NULL, date_end INTEGER NOT NULL DEFAULT 0,
    users TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS slack_canvases (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, owner TEXT NOT NULL, channel_id TEXT,
    sections TEXT NOT NULL DEFAULT '[]', access TEXT NOT NULL DEFAULT '{}',
    created REAL NOT NULL, updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS slack_remote_files (
    id TEXT PRIMARY KEY, external_id TEXT NOT NULL, app_id TEXT NOT NULL, title TEXT NOT NULL,
    external_url TEXT NOT NULL, filetype TEXT, user_id TEXT NOT NULL, created REAL NOT NULL,
    updated REAL NOT NULL, channels TEXT NOT NULL DEFAULT '[]', UNIQUE (app_id, external_id)
);
CREATE TABLE IF NOT EXISTS slack_access_logs (
    user_id TEXT NOT NULL, ip TEXT NOT NULL, user_agent TEXT NOT NULL, date_first REAL NOT NULL,
    date_last REAL NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (user_id, ip, user_agent)
);
CREATE TABLE IF NOT EXISTS slack_integration_logs (
    id INTEGER PRIMARY KEY AUTOINCREMENT, app_id TEXT NOT NULL, user_id TEXT NOT NULL,
    change_type TEXT NOT NULL, scope TEXT NOT NULL DEFAULT '', date REAL NOT NULL,
    reason TEXT
);
"""

LISTS_SCHEMA = """
CREATE TABLE IF NOT EXISTS slack_lists (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, owner TEXT NOT NULL,
    description_blocks TEXT NOT NULL DEFAULT '[]', todo_mode INTEGER NOT NULL DEFAULT 0,
    columns TEXT NOT NULL, created REAL NOT NULL, updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS slack_list_items (
    id TEXT PRIMARY KEY, list_id TEXT NOT NULL, parent_id TEXT, fields TEXT NOT NULL,
    created REAL NOT NULL, created_by TEXT NOT NULL, updated REAL NOT NULL,
    updated_by TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS slack_list_access (
    list_id TEXT NOT NULL, entity TEXT NOT NULL, level TEXT NOT NULL,
    PRIMARY KEY (list_id, entity)
);
CREATE TABLE IF NOT EXISTS slack_list_exports (
    id TEXT PRIMARY KEY, list_id TEXT NOT NULL, user_id TEXT NOT NULL, csv TEXT NOT NULL
);
"""

WORKFLOWS_SCHEMA = """
CREATE TABLE IF NOT EXISTS slack_functions (
    id TEXT PRIMARY KEY, app_id TEXT NOT NULL, callback_id TEXT NOT NULL, title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '', input_parameters TEXT NOT NULL,
    output_parameters TEXT NOT NULL, created REAL NOT NULL, UNIQUE (app_id, callback_id)
);
CREATE TABLE IF NOT EXISTS slack_function_executions (
    id TEXT PRIMARY KEY, function_id TEXT NOT NULL, inputs TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'running', outputs TEXT, error TEXT, created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS slack_workflow_triggers (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, type TEXT NOT NULL, created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS slack_featured_workflows (
    channel_id TEXT NOT NULL, trigger_id TEXT NOT NULL, position INTEGER NOT NULL,
    PRIMARY KEY (channel_id, trigger_id)
);
"""

CONNECT_SCHEMA = """
CREATE TABLE IF NOT EXISTS slack_external_teams (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, domain TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending', date_connected REAL
);
CREATE TABLE IF NOT EXISTS slack_connect_invites (
    id TEXT PRIMARY KEY, direction TEXT NOT NULL, channel_id TEXT, channel_name TEXT,
    inviting_user TEXT NOT NULL, recipient_email TEXT, recipient_user TEXT, team_id TEXT,
    is_external_limited INTEGER NOT NULL DEFAULT 1, status TEXT NOT NULL,
    created REAL NOT NULL, updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS slack_connect_requests (
    id TEXT PRIMARY KEY, channel_id TEXT NOT NULL, requester TEXT NOT NULL,
    recipient_email TEXT NOT NULL, status TEXT NOT NULL, invite_id TEXT, created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS slack_connect_permissions (
    channel_id TEXT NOT NULL, team_id TEXT NOT NULL, can_invite INTEGER NOT NULL,
    PRIMARY KEY (channel_id, team_id)
);
"""

ORG_SCHEMA = """
CREATE TABLE IF NOT EXISTS slack_audit_events (
    id TEXT PRIMARY KEY, seq INTEGER NOT NULL, date_create REAL NOT NULL, action TEXT NOT NULL,
    actor_id TEXT NOT NULL, entity_id TEXT NOT NULL, entity TEXT NOT NULL, context TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS slack_audit_events_seq ON slack_audit_events(seq);
CREATE TABLE IF NOT EXISTS slack_retention (
    channel_id TEXT PRIMARY KEY, duration_days INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS slack_channel_teams (
    channel_id TEXT NOT NULL, team_id TEXT NOT NULL, PRIMARY KEY (channel_id, team_id)
);
CREATE TABLE IF NOT EXISTS slack_channel_properties (
    channel_id TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL,
    PRIMARY KEY (channel_id, name)
);
CREATE TABLE IF NOT EXISTS slack_channel_groups (
    channel_id TEXT NOT NULL, group_id TEXT NOT NULL, PRIMARY KEY (channel_id, group_id)
);
CREATE TABLE IF NOT EXISTS slack_channel_objects (
    record_id TEXT PRIMARY KEY, channel_id TEXT NOT NULL, salesforce_org_id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS slack_auth_policies (
    policy_name TEXT NOT NULL, entity_id TEXT NOT NULL, entity_type TEXT NOT NULL,
    date_added REAL NOT NULL, PRIMARY KEY (policy_name, entity_id)
);
CREATE TABLE IF NOT EXISTS slack_session_settings (
    user_id TEXT PRIMARY KEY, desktop_app_browser_quit INTEGER, duration INTEGER
);
CREATE TABLE IF NOT EXISTS slack_invite_requests (
    id TEXT PRIMARY KEY, email TEXT NOT NULL, team_id TEXT NOT NULL, requester TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '', channel_ids TEXT NOT NULL DEFAULT '[]',
    date_created REAL NOT NULL, status TEXT NOT NULL DEFAULT 'pending', reviewer TEXT,
    date_reviewed REAL
);
CREATE TABLE IF NOT EXISTS slack_app_requests (
    id TEXT PRIMARY KEY, app_id TEXT NOT NULL, user_id TEXT NOT NULL, team_id TEXT NOT NULL,
    message TEXT NOT NULL DEFAULT '', scopes TEXT NOT NULL DEFAULT '[]', date_created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS slack_app_configs (
    app_id TEXT PRIMARY KEY, domain_restrictions TEXT NOT NULL DEFAULT '{}',
    workflow_auth_strategy TEXT NOT NULL DEFAULT 'builder_choice'
);
CREATE TABLE IF NOT EXISTS slack_workflow_admin (
    workflow_id TEXT PRIMARY KEY, collaborators TEXT NOT NULL, unpublished INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS slack_function_permissions (
    function_id TEXT PRIMARY KEY, visibility TEXT NOT NULL, user_ids TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS slack_usergroup_teams (
    usergroup_id TEXT NOT NULL, team_id TEXT NOT NULL, PRIMARY KEY (usergroup_id, team_id)
);
"""
