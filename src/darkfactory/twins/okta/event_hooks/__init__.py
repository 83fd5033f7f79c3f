"""Event hooks: registration, verification and delivery of System Log events."""
