"""Issue fields and their values: fields, statuses, resolutions, priorities, issue types."""
