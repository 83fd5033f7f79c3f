"""Org policies: password, sign-on, MFA enrollment, profile enrollment and access policies."""
