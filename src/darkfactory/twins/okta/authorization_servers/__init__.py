"""Authorization servers: OAuth 2.0 / OIDC endpoints and their signing keys."""
