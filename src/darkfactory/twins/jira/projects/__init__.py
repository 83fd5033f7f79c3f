"""Projects, their components, versions and role actors."""
