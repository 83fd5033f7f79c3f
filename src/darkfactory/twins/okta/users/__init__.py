"""Users: the Users API and the families under a user (lifecycle, credentials, sessions, ...)."""
