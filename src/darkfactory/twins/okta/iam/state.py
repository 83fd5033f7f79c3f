"""Custom roles' grants: which permissions reach which resources, for whom (no HTTP).

Roles (``IamRole``) and resource sets (``ResourceSet``) are org resources kept as documents; a
resource set's ``bindings`` map a role's id to its members, users or groups. ``grants`` answers
what a user holds through them, ready for ``permissions.decide``.
"""

from __future__ import annotations

import json

from darkfactory.twins.okta.iam.reach import Reach, Resource

ROLE, RESOURCE_SET = "IamRole", "ResourceSet"


def _documents(db, kind: str) -> dict[str, dict]:
    rows = db.all("SELECT id, document FROM okta_resources WHERE kind = ? ORDER BY rowid", (kind,))
    return {r["id"]: json.loads(r["document"]) for r in rows}


def resource_of(entry: dict) -> Resource:
    return Resource(entry["family"], entry["resource_id"], entry["contained"])


def reach_of(db, resource_set: dict) -> Reach:
    """A resource set's reach, with the users of the groups it contains looked up now."""
    resources = frozenset(resource_of(e) for e in resource_set["resources"])
    groups = [r.id for r in resources if r.contained]
    marks = ", ".join("?" * len(groups))
    users = db.all(f"SELECT user_id FROM okta_members WHERE group_id IN ({marks})", groups)
    return Reach(resources, frozenset(r["user_id"] for r in users))


def grants(db, user_id: str) -> list[tuple[frozenset[str], Reach]]:
    """The permissions a user holds through custom role bindings (directly or through a group),
    each with the reach of the resource set it is bound on."""
    groups = {
        r["group_id"]
        for r in db.all("SELECT group_id FROM okta_members WHERE user_id = ?", (user_id,))
    }
    roles = _documents(db, ROLE)
    held = []
    for resource_set in _documents(db, RESOURCE_SET).values():
        for role_id, members in resource_set["bindings"].items():
            if role_id in roles and any(
                (m["type"] == "USER" and m["principal"] == user_id)
                or (m["type"] == "GROUP" and m["principal"] in groups)
                for m in members
            ):
                held.append((frozenset(roles[role_id]["permissions"]), reach_of(db, resource_set)))
    return held


def bound_role_ids(db) -> set[str]:
    """The ids of the roles some resource set binds."""
    return {role_id for s in _documents(db, RESOURCE_SET).values() for role_id in s["bindings"]}
