"""Project roles: ``/role`` and the actors of a role in a project."""
