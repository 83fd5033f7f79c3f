"""The shop's client for its payment service."""
