"""Saved filters: JQL queries kept by their owners, favourited and shared."""
