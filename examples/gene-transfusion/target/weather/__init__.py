"""A client for a weather service."""
