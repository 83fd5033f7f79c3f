"""What a resource set reaches: resources named by ORN or REST URL, and whether a target is in.

A resource is a whole family (``orn:okta:directory:{org}:users``, ``.../api/v1/users``), one
user or group, or the users of a group (``...:groups:{id}:contained_resources``,
``.../api/v1/groups/{id}/users``). Deciding is pure: membership is looked up beforehand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from darkfactory.twins.okta.errors import validation

FAMILIES = ("users", "groups")
_ORN = re.compile(r"^orn:okta:directory:[^:]+:(users|groups)(?::([^:]+))?(:contained_resources)?$")
_URL = re.compile(r"^https?://[^?#]*/api/v1/(users|groups)(?:/([^/]+))?(/users)?/?$")


@dataclass(frozen=True)
class Resource:
    """One entry of a resource set: a ``family``, an ``id`` within it (``None``: all of it), and
    for a group whether it stands for the group's users."""

    family: str
    id: str | None = None
    contained: bool = False

    def orn(self, org_id: str) -> str:
        base = f"orn:okta:directory:{org_id}:{self.family}"
        if self.id is None:
            return base
        return f"{base}:{self.id}" + (":contained_resources" if self.contained else "")

    def href(self, base_url: str) -> str:
        href = f"{base_url}/api/v1/{self.family}"
        if self.id is None:
            return href
        return f"{href}/{self.id}" + ("/users" if self.contained else "")


def parse(value: str) -> Resource:
    """A resource from its ORN or REST URL; E0000001 for anything else."""
    value = str(value or "")
    match = _ORN.match(value) or _URL.match(value)
    if match:
        family, resource_id, contained = match.groups()
        if not contained or (family == "groups" and resource_id):
            return Resource(family, resource_id, bool(contained))
    raise validation("resources", f"resources: Invalid resource {value!r}")


@dataclass(frozen=True)
class Reach:
    """The resources a resource set covers, with the users of its groups already resolved."""

    resources: frozenset[Resource]
    group_users: frozenset[str] = field(default=frozenset())

    def covers(self, family: str, target: str | None) -> bool:
        """Whether an operation on ``family`` (its member ``target``; ``None``: the collection,
        which needs the whole family) is within reach."""
        if Resource(family) in self.resources:
            return True
        if target is None:
            return False
        if Resource(family, target) in self.resources:
            return True
        return family == "users" and target in self.group_users
