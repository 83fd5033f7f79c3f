"""Jira settings: the site's application properties and advanced settings."""
