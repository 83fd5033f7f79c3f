"""darkfactory: a software factory driven by specs, holdout scenarios and a Digital Twin Universe."""
