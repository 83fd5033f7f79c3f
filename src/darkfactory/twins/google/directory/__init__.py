"""The Admin SDK Directory API in the Google twin: the domain's people, ``users.get`` and
``users.list`` at ``/google/admin/directory/v1/users``, with the company's titles, departments
and managers (``kit.company``) as ``organizations`` and ``relations``."""

from __future__ import annotations

from starlette.routing import BaseRoute

from darkfactory.twins.google.directory import users
from darkfactory.twins.kit import company

__all__ = ["SCHEMA", "routes", "seed"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS google_directory_profiles (
    email TEXT PRIMARY KEY,
    title TEXT NOT NULL DEFAULT '',
    department TEXT NOT NULL DEFAULT '',
    manager TEXT
);
"""


def seed(twin, options) -> None:
    """Each person of the company's title, department and manager."""
    for person in company.directory(twin.universe):
        twin.universe.store.insert(
            "google_directory_profiles",
            {
                "email": person.email,
                "title": person.title,
                "department": person.department,
                "manager": person.manager,
            },
        )


def routes() -> list[BaseRoute]:
    return users.routes()
