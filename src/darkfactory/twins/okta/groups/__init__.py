"""Groups: the Groups API, group rules and group owners."""
