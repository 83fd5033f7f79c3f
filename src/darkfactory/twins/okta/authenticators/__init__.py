"""Authenticators: what a user may enroll, each with its methods, active or not."""
