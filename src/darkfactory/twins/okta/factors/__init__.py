"""Factors: users' enrolled factors, the org's catalog, Okta Verify push and TOTP."""
