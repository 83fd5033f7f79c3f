"""Schemas: the user and group profile schemas."""
