"""Workflows, workflow schemes and the transition rules they run."""
