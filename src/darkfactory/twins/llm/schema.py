"""Tables of the LLM twins: scripts and their answered turns, exchanges, cached prefixes, and the
calls of the last minute that rate limits count."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS llm_scripts (
    provider TEXT NOT NULL, model TEXT NOT NULL, spec TEXT NOT NULL,
    answered TEXT NOT NULL DEFAULT '[]', PRIMARY KEY (provider, model)
);
CREATE TABLE IF NOT EXISTS llm_exchanges (
    id INTEGER PRIMARY KEY, provider TEXT NOT NULL, model TEXT NOT NULL,
    operation TEXT NOT NULL, at REAL NOT NULL, stream INTEGER NOT NULL, status INTEGER NOT NULL,
    request TEXT NOT NULL, headers TEXT NOT NULL DEFAULT '{}', prompt TEXT, reply TEXT,
    error TEXT
);
CREATE INDEX IF NOT EXISTS llm_exchanges_model ON llm_exchanges(provider, model);
CREATE TABLE IF NOT EXISTS llm_cached_prefixes (
    digest TEXT PRIMARY KEY, provider TEXT NOT NULL, tokens INTEGER NOT NULL,
    expires REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS llm_usage (
    provider TEXT NOT NULL, at REAL NOT NULL, input_tokens INTEGER NOT NULL,
    output_tokens INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS llm_usage_at ON llm_usage(provider, at);
"""
