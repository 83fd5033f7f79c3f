"""Permission schemes and the checks made with them: who may browse, create, edit, administer.

A project points at one permission scheme; a grant gives one permission to a holder (a project
role, a group, a user, the project lead, the reporter or assignee of an issue, any logged-in user,
or anyone with product access). Jira administrators (``site-admins``) administer every project
but still need a grant to see its issues.
"""

from __future__ import annotations

from typing import Any

from darkfactory.twins.jira.errors import bad_request, invalid_payload, not_found
from darkfactory.twins.jira.records import Records
from darkfactory.twins.jira.users.state import ADMIN_GROUP, USERS_GROUP

PROJECT_PERMISSIONS = {
    "ADD_COMMENTS": "Add comments",
    "ADMINISTER_PROJECTS": "Administer projects",
    "ASSIGNABLE_USER": "Assignable user",
    "ASSIGN_ISSUES": "Assign issues",
    "BROWSE_PROJECTS": "Browse projects",
    "CLOSE_ISSUES": "Close issues",
    "CREATE_ATTACHMENTS": "Create attachments",
    "CREATE_ISSUES": "Create issues",
    "DELETE_ALL_ATTACHMENTS": "Delete all attachments",
    "DELETE_ALL_COMMENTS": "Delete all comments",
    "DELETE_ALL_WORKLOGS": "Delete all worklogs",
    "DELETE_ISSUES": "Delete issues",
    "DELETE_OWN_ATTACHMENTS": "Delete own attachments",
    "DELETE_OWN_COMMENTS": "Delete own comments",
    "DELETE_OWN_WORKLOGS": "Delete own worklogs",
    "EDIT_ALL_COMMENTS": "Edit all comments",
    "EDIT_ALL_WORKLOGS": "Edit all worklogs",
    "EDIT_ISSUES": "Edit issues",
    "EDIT_OWN_COMMENTS": "Edit own comments",
    "EDIT_OWN_WORKLOGS": "Edit own worklogs",
    "LINK_ISSUES": "Link issues",
    "MANAGE_SPRINTS_PERMISSION": "Manage sprints",
    "MANAGE_WATCHERS": "Manage watchers",
    "MODIFY_REPORTER": "Modify reporter",
    "MOVE_ISSUES": "Move issues",
    "RESOLVE_ISSUES": "Resolve issues",
    "SCHEDULE_ISSUES": "Schedule issues",
    "TRANSITION_ISSUES": "Transition issues",
    "VIEW_VOTERS_AND_WATCHERS": "View voters and watchers",
    "WORK_ON_ISSUES": "Work on issues",
}
GLOBAL_PERMISSIONS = {
    "ADMINISTER": "Administer Jira",
    "SYSTEM_ADMIN": "Administer Jira system",
    "USER_PICKER": "Browse users and groups",
    "CREATE_SHARED_OBJECTS": "Share dashboards and filters",
    "BULK_CHANGE": "Make bulk changes",
}
MEMBER_EXCLUDED = {
    "ADMINISTER_PROJECTS",
    "DELETE_ALL_ATTACHMENTS",
    "DELETE_ALL_COMMENTS",
    "DELETE_ALL_WORKLOGS",
    "EDIT_ALL_COMMENTS",
    "EDIT_ALL_WORKLOGS",
    "MODIFY_REPORTER",
}
HOLDER_TYPES = (
    "anyone",
    "applicationRole",
    "assignee",
    "group",
    "projectLead",
    "projectRole",
    "reporter",
    "user",
)


class Permissions(Records):
    # -- schemes --------------------------------------------------------------------------------
    def create_permission_scheme(
        self, name: str, description: str = "", grants: list[dict] = (), scheme_id: str = ""
    ) -> dict:
        if not name:
            raise bad_request("The name of the permission scheme must not be empty.")
        if self.find_by("permscheme", "name", name):
            raise bad_request(f"A permission scheme with name '{name}' already exists.")
        scheme_id = scheme_id or self.next_id("permscheme")
        scheme = {"id": scheme_id, "name": name, "description": description, "permissions": []}
        self.put("permscheme", scheme_id, scheme)
        for grant in grants:
            self.add_grant(scheme, grant.get("holder"), grant.get("permission"))
        return self.permission_scheme(scheme_id)

    def permission_scheme(self, scheme_id: str) -> dict:
        found = self.get("permscheme", scheme_id)
        if found is None:
            raise not_found(f"Permission scheme with id '{scheme_id}' does not exist.")
        return found

    def add_grant(self, scheme: dict, holder: Any, permission: Any) -> dict:
        if not isinstance(permission, str) or permission not in PROJECT_PERMISSIONS:
            raise bad_request(f"The permission with key '{permission}' does not exist.")
        kind = holder.get("type") if isinstance(holder, dict) else None
        if not isinstance(kind, str) or kind not in HOLDER_TYPES:
            raise bad_request(f"Invalid holder type '{kind}'.")
        if not all(isinstance(holder.get(k), str | int | None) for k in ("parameter", "value")):
            raise invalid_payload()
        value = holder.get("value") or holder.get("parameter")
        if kind == "group":
            group = self.group(name=holder.get("parameter"), group_id=holder.get("value"))
            holder = {"type": kind, "parameter": group["name"], "value": group["groupId"]}
        elif kind == "projectRole":
            holder = {"type": kind, "parameter": str(value), "value": str(value)}
            self.role(str(value))
        elif kind == "user":
            self.user(value)
            holder = {"type": kind, "parameter": value, "value": value}
        else:
            holder = {"type": kind, **({"parameter": value} if value else {})}
        grant = {"id": int(self.next_id("grant")), "holder": holder, "permission": permission}
        scheme["permissions"].append(grant)
        self.put("permscheme", scheme["id"], scheme)
        return grant

    def remove_grant(self, scheme: dict, grant_id: int) -> None:
        kept = [g for g in scheme["permissions"] if g["id"] != grant_id]
        if len(kept) == len(scheme["permissions"]):
            raise not_found(f"Permission grant with id '{grant_id}' does not exist.")
        self.put("permscheme", scheme["id"], {**scheme, "permissions": kept})

    # -- checks ---------------------------------------------------------------------------------
    def has_global(self, account_id: str | None, permission: str) -> bool:
        if account_id is None:
            return False
        if permission in ("ADMINISTER", "SYSTEM_ADMIN", "BULK_CHANGE"):
            return self.is_admin(account_id)
        return self.has_product_access(account_id)

    def has_product_access(self, account_id: str) -> bool:
        return self.in_group(account_id, USERS_GROUP) or self.in_group(account_id, ADMIN_GROUP)

    def may(
        self, account_id: str | None, permission: str, project: dict, issue: dict | None = None
    ) -> bool:
        """Whether ``account_id`` holds ``permission`` in ``project`` (for ``issue``, if given)."""
        if account_id is None:
            return False
        user = self.known("user", account_id)
        if user is None or not user["active"]:
            return False
        if permission == "ADMINISTER_PROJECTS" and self.is_admin(account_id):
            return True
        return any(
            self._holds(account_id, holder, project, issue)
            for holder in self.holders(project["permissionScheme"], permission)
        )

    def holders(self, scheme_id: str, permission: str) -> list[dict]:
        """The holders a permission scheme grants ``permission`` to (shared: never change)."""

        def granted() -> list[dict]:
            scheme = self.get("permscheme", scheme_id) or {"permissions": []}
            return [g["holder"] for g in scheme["permissions"] if g["permission"] == permission]

        return self.memo(("holders", scheme_id, permission), granted)

    def _holds(self, account_id: str, holder: dict, project: dict, issue: dict | None) -> bool:
        kind, value = holder["type"], holder.get("value") or holder.get("parameter")
        if kind == "anyone":
            return True
        if kind == "applicationRole":
            return self.has_product_access(account_id)
        if kind == "group":
            return account_id in (self.known("group", value) or {"members": []})["members"]
        if kind == "user":
            return value == account_id
        if kind == "projectLead":
            return project["lead"] == account_id
        if kind == "projectRole":
            return self.plays_role(account_id, project, str(value))
        if kind in ("reporter", "assignee"):
            return (issue or {}).get("fields", {}).get(kind) == account_id
        raise KeyError(kind)

    def browsable_projects(self, account_id: str | None) -> list[dict]:
        """The projects ``account_id`` may browse (shared: never change them)."""
        return self.memo(
            ("browsable", account_id),
            lambda: [p for p in self.projects() if self.may(account_id, "BROWSE_PROJECTS", p)],
        )
