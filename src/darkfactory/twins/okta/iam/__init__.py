"""Custom admin roles: IAM roles and their permissions, resource sets, bindings granting them."""
