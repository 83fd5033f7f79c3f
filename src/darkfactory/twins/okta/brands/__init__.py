"""Brands: an org's brands, their themes and images, email templates and hosted pages."""
