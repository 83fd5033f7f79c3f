"""Applications: the Apps API, assignments and provisioning into other twins."""
