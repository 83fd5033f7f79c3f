"""Webhooks: registration, the events they listen for, and their delivery."""
