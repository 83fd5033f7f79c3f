"""The Admin SDK Directory API in the Google twin, at ``/google/admin/directory/v1/``: the
domain's users, groups and their members, organizational units, administrator roles and their
assignments, domains, the customer, custom user schemas, users' security settings, calendar
resources, devices, Chrome printers and push notifications of users' changes.

Each family is a module of its own (``users``, ``user_writes``, ``user_lifecycle``, ``aliases``,
``photos``, ``groups``, ``members``, ``orgunits``, ``roles``, ``role_assignments``,
``domains``, ``customers``, ``schemas``, ``security``, ``two_step``, ``resources``,
``devices``, ``chrome``, ``watch``); who may call what is ``access``'s answer, from
``admin_roles``. The company's titles, departments and managers (``kit.company``) are seeded as
users' ``organizations`` and ``relations``.
"""

from __future__ import annotations

import json

from starlette.routing import BaseRoute

from darkfactory.twins.google.directory import (
    admin_roles,
    aliases,
    chrome,
    customers,
    devices,
    documents,
    domains,
    groups,
    members,
    orgunits,
    people,
    photos,
    resources,
    role_assignments,
    roles,
    schemas,
    security,
    two_step,
    user_lifecycle,
    user_writes,
    users,
    watch,
)
from darkfactory.twins.kit import company

__all__ = ["SCHEMA", "routes", "seed"]

FAMILIES = (
    users,
    user_writes,
    user_lifecycle,
    aliases,
    photos,
    groups,
    members,
    orgunits,
    roles,
    role_assignments,
    domains,
    customers,
    schemas,
    security,
    two_step,
    resources,
    devices,
    chrome,
    watch,
)
SCHEMA = "".join(
    module.SCHEMA
    for module in (
        admin_roles,
        people,
        aliases,
        photos,
        groups,
        members,
        orgunits,
        domains,
        schemas,
        security,
        two_step,
        documents,
        watch,
    )
)


def seed(twin, options) -> None:
    """The root unit, the primary domain, the system roles, and each person of the company's
    title, department and manager, and a few devices."""
    universe = twin.universe
    orgunits.seed(universe)
    domains.seed(universe)
    admin_roles.seed(universe)
    devices.seed(universe)
    two_step.seed(universe)
    for person in company.directory(universe):
        rec = people.record(universe, person.email)
        details = {
            "organizations": [
                {
                    "title": person.title,
                    "department": person.department,
                    "primary": True,
                    "customType": "",
                }
            ]
        }
        if person.manager:
            details["relations"] = [{"value": person.manager, "type": "manager"}]
        people.save(universe, rec | {"details": json.dumps(details)})


def routes() -> list[BaseRoute]:
    return [route for family in FAMILIES for route in family.routes()]
