"""Roles: standard admin role assignments and what each role permits."""
