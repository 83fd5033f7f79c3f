"""Administrator roles as state: the privilege tree, the roles (system and custom) and who is
assigned which, and so what each user of the domain may do.

A super administrator is an account with ``admin`` set (Drive reads the same flag); it holds the
system ``_SEED_ADMIN_ROLE`` and every privilege. Any other user holds the privileges of the roles
assigned to them; a parent privilege (``USERS_ALL``) carries its children (``USERS_RETRIEVE``).
An assignment scoped to an organizational unit covers the users of that unit and those below it.
"""

from __future__ import annotations

import json

from darkfactory.twins.google.state import DIGITS

SERVICE_ID = "00haapch16h1ysv"
SERVICE_NAME = "Admin APIs"
TREE: dict[str, tuple[str, ...]] = {
    "USERS_ALL": (
        "USERS_RETRIEVE",
        "USERS_CREATE",
        "USERS_UPDATE",
        "USERS_DELETE",
        "USERS_ALIAS",
        "USERS_SUSPEND",
        "USERS_MOVE",
        "USERS_RESET_PASSWORD",
    ),
    "GROUPS_ALL": ("GROUPS_RETRIEVE", "GROUPS_CREATE", "GROUPS_UPDATE", "GROUPS_DELETE"),
    "ORGANIZATION_UNITS_ALL": (
        "ORGANIZATION_UNITS_RETRIEVE",
        "ORGANIZATION_UNITS_CREATE",
        "ORGANIZATION_UNITS_UPDATE",
        "ORGANIZATION_UNITS_DELETE",
    ),
}
OU_SCOPABLE = ("USERS_ALL", "ORGANIZATION_UNITS_ALL")
PRIVILEGES = tuple(name for parent, children in TREE.items() for name in (parent, *children))
SUPER_ADMIN = "_SEED_ADMIN_ROLE"
SYSTEM_ROLES = {
    SUPER_ADMIN: ("Super Admin", "Google Workspace Administrator Seed Role", PRIVILEGES),
    "_GROUPS_ADMIN_ROLE": (
        "Groups Admin",
        "Groups Administrator",
        ("GROUPS_ALL", "USERS_RETRIEVE", "ORGANIZATION_UNITS_RETRIEVE"),
    ),
    "_USER_MANAGEMENT_ADMIN_ROLE": (
        "User Management Admin",
        "User Management Administrator",
        ("USERS_ALL", "ORGANIZATION_UNITS_RETRIEVE"),
    ),
    "_HELP_DESK_ADMIN_ROLE": (
        "Help Desk Admin",
        "Help Desk Administrator",
        ("USERS_RETRIEVE", "USERS_RESET_PASSWORD", "ORGANIZATION_UNITS_RETRIEVE"),
    ),
}

SCHEMA = """
CREATE TABLE IF NOT EXISTS google_directory_roles (
    id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    description TEXT NOT NULL DEFAULT '', privileges TEXT NOT NULL,
    system INTEGER NOT NULL DEFAULT 0, super INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS google_directory_role_assignments (
    id TEXT PRIMARY KEY, role_id TEXT NOT NULL REFERENCES google_directory_roles(id),
    assigned_to TEXT NOT NULL, scope_type TEXT NOT NULL DEFAULT 'CUSTOMER', org_unit_id TEXT
);
"""


def new_id(universe, kind: str) -> str:
    """A numeric id as the Directory gives roles and their assignments."""
    return universe.ids.token(f"google.directory.{kind}", 17, DIGITS, prefix="9")


def expand(names: list[str] | tuple[str, ...]) -> set[str]:
    """The privileges ``names`` grant, a parent's children included."""
    found = set(names)
    for name in names:
        found.update(TREE.get(name, ()))
    return found


def seed(universe) -> None:
    """The system roles, and the super administrator role for every administrator."""
    store = universe.store
    for role_id, (name, description, privileges) in SYSTEM_ROLES.items():
        store.insert(
            "google_directory_roles",
            {
                "id": new_id(universe, "role"),
                "name": role_id,
                "description": f"{name}: {description}",
                "privileges": json.dumps(list(privileges)),
                "system": 1,
                "super": int(role_id == SUPER_ADMIN),
            },
        )
    for account in store.all("SELECT id FROM google_accounts WHERE admin = 1 ORDER BY rowid"):
        assign(universe, super_admin_role(universe)["id"], account["id"])


def super_admin_role(universe) -> dict:
    return dict(universe.store.one("SELECT * FROM google_directory_roles WHERE super = 1"))


def role(universe, role_id: str) -> dict | None:
    row = universe.store.one("SELECT * FROM google_directory_roles WHERE id = ?", (role_id,))
    return dict(row) if row else None


def assign(universe, role_id: str, user_id: str, org_unit_id: str | None = None) -> dict:
    """Give ``user_id`` the role; assigning the super administrator role makes them one."""
    assignment = {
        "id": new_id(universe, "assignment"),
        "role_id": role_id,
        "assigned_to": user_id,
        "scope_type": "ORG_UNIT" if org_unit_id else "CUSTOMER",
        "org_unit_id": org_unit_id,
    }
    universe.store.insert("google_directory_role_assignments", assignment)
    _sync_super_admin(universe, user_id)
    return assignment


def unassign(universe, assignment_id: str) -> None:
    row = universe.store.one(
        "SELECT assigned_to FROM google_directory_role_assignments WHERE id = ?", (assignment_id,)
    )
    universe.store.execute(
        "DELETE FROM google_directory_role_assignments WHERE id = ?", (assignment_id,)
    )
    if row is not None:
        _sync_super_admin(universe, row["assigned_to"])


def set_super_admin(universe, user_id: str, status: bool) -> None:
    """Make the user a super administrator, or no longer one (``users.makeAdmin``)."""
    held = _super_assignments(universe, user_id)
    if status and not held:
        assign(universe, super_admin_role(universe)["id"], user_id)
    for assignment_id in held if not status else ():
        unassign(universe, assignment_id)


def _super_assignments(universe, user_id: str) -> list[str]:
    rows = universe.store.all(
        "SELECT a.id FROM google_directory_role_assignments a JOIN google_directory_roles r "
        "ON r.id = a.role_id WHERE r.super = 1 AND a.assigned_to = ?",
        (user_id,),
    )
    return [r["id"] for r in rows]


def _sync_super_admin(universe, user_id: str) -> None:
    universe.store.execute(
        "UPDATE google_accounts SET admin = ? WHERE id = ?",
        (int(bool(_super_assignments(universe, user_id))), user_id),
    )


def grants(universe, user_id: str) -> list[tuple[set[str], str | None]]:
    """Each role assignment of the user: the privileges it grants and the unit it is scoped
    to (None: the whole customer)."""
    rows = universe.store.all(
        "SELECT r.privileges, a.org_unit_id FROM google_directory_role_assignments a "
        "JOIN google_directory_roles r ON r.id = a.role_id WHERE a.assigned_to = ?",
        (user_id,),
    )
    return [(expand(json.loads(r["privileges"])), r["org_unit_id"]) for r in rows]


def is_delegated_admin(universe, user_id: str) -> bool:
    """Holds a role, but not the super administrator's."""
    row = universe.store.one(
        "SELECT 1 FROM google_directory_role_assignments a JOIN google_directory_roles r "
        "ON r.id = a.role_id WHERE r.super = 0 AND a.assigned_to = ?",
        (user_id,),
    )
    return row is not None
