"""darkfactory: a software factory driven by specs, holdout scenarios and twin services."""
