"""Domains: custom domains that serve a brand, email domains it sends from, and the twin's DNS."""
