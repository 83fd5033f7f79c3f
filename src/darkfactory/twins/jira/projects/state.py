"""Projects and what hangs off them: components, versions, project roles and their actors."""

from __future__ import annotations

import re

from darkfactory.twins.jira.errors import bad_request, not_found, project_not_found
from darkfactory.twins.jira.records import Records

PROJECT_KEY = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")
DEFAULT_PERMISSION_SCHEME = "0"
DEFAULT_WORKFLOW_SCHEME = "10000"
DEFAULT_ISSUE_TYPE_SCHEME = "10000"
ROLE_ADMINISTRATORS = "10002"
ROLE_MEMBER = "10003"
ROLE_VIEWER = "10004"


class Projects(Records):
    # -- projects -------------------------------------------------------------------------------
    def project_key_errors(self, key: str) -> dict[str, str]:
        """Why ``key`` cannot name a new project (empty when it can)."""
        if not key:
            return {"projectKey": "You must specify a unique project key."}
        if not PROJECT_KEY.match(key):
            return {
                "projectKey": "Project keys must start with an uppercase letter, followed by one "
                "or more uppercase alphanumeric characters."
            }
        if self.find_by("project", "key", key):
            return {"projectKey": f"Project '{key}' uses this project key."}
        return {}

    def project_name_errors(self, name: str) -> dict[str, str]:
        """Why ``name`` cannot name a new project (empty when it can)."""
        if not name:
            return {"projectName": "You must specify a valid project name."}
        if self.find_by("project", "name", name):
            return {"projectName": "A project with that name already exists."}
        return {}

    def create_project(
        self,
        key: str,
        name: str,
        lead: str,
        description: str = "",
        type_key: str = "software",
        permission_scheme: str | None = None,
        member_groups: tuple[str, ...] = (),
    ) -> dict:
        errors = {**self.project_key_errors(key), **self.project_name_errors(name)}
        if not lead:
            errors["projectLead"] = "You must specify a valid project lead."
        if errors:
            raise bad_request(**errors)
        self.user(lead)
        project_id = self.next_id("project")
        project = {
            "id": project_id,
            "key": key,
            "name": name,
            "description": description,
            "lead": lead,
            "projectTypeKey": type_key,
            "issueTypeScheme": DEFAULT_ISSUE_TYPE_SCHEME,
            "issueTypes": list(self.issue_type_scheme(DEFAULT_ISSUE_TYPE_SCHEME)["issueTypeIds"]),
            "permissionScheme": permission_scheme or DEFAULT_PERMISSION_SCHEME,
            "workflowScheme": DEFAULT_WORKFLOW_SCHEME,
            "assigneeType": "UNASSIGNED",
            "counter": 0,
            "roles": {
                ROLE_ADMINISTRATORS: {"users": [lead], "groups": []},
                ROLE_MEMBER: {
                    "users": [],
                    "groups": [self.group_named(g)["groupId"] for g in member_groups],
                },
                ROLE_VIEWER: {"users": [], "groups": []},
            },
        }
        return self.put("project", project_id, project)

    def find_project(self, id_or_key: str) -> dict | None:
        return self.get("project", id_or_key) or self.find_by("project", "key", id_or_key)

    def project(self, id_or_key: str) -> dict:
        found = self.find_project(str(id_or_key))
        if found is None:
            raise project_not_found(id_or_key)
        return found

    def projects(self) -> list[dict]:
        return self.find("project")

    def save_project(self, project: dict) -> dict:
        return self.put("project", project["id"], project)

    def update_project(self, project: dict, changes: dict) -> dict:
        if "key" in changes and changes["key"] != project["key"]:
            if not PROJECT_KEY.match(changes["key"] or ""):
                raise bad_request(projectKey="Project keys must start with an uppercase letter.")
            if self.find_by("project", "key", changes["key"]):
                raise bad_request(projectKey=f"Project '{changes['key']}' uses this project key.")
        if "lead" in changes:
            self.user(changes["lead"])
        return self.save_project({**project, **changes})

    def delete_project(self, project: dict) -> None:
        for issue in self.find("issue", project["id"]):
            self.remove_issue(issue)
        for kind in ("component", "version"):
            self.delete_children(kind, project["id"])
        self.delete("project", project["id"])

    # -- components and versions ----------------------------------------------------------------
    def add_part(self, kind: str, project: dict, name: str, **extra) -> dict:
        if not name:
            raise bad_request(name=f"The {kind} name must not be empty.")
        if any(p["name"].lower() == name.lower() for p in self.find(kind, project["id"])):
            label = "A component" if kind == "component" else "A version"
            raise bad_request(name=f"{label} with this name already exists in this project.")
        part_id = self.next_id(kind)
        part = {"id": part_id, "name": name, "projectId": project["id"], **extra}
        return self.put(kind, part_id, part, parent=project["id"])

    def part(self, kind: str, part_id: str) -> dict:
        found = self.get(kind, part_id)
        if found is None:
            label = "Component" if kind == "component" else "Version"
            raise not_found(f"{label} with id '{part_id}' does not exist.")
        return found

    def save_part(self, kind: str, part: dict) -> dict:
        return self.put(kind, part["id"], part, parent=part["projectId"])

    def component_assignee(self, component: dict) -> tuple[str, str | None, bool]:
        """Who issues of ``component`` go to: the assignee type in effect, the assignee (None for
        unassigned), and whether the chosen type could be honoured (a component lead must be
        set and assignable, else the project's default applies)."""
        project = self.project(component["projectId"])
        default = project["assigneeType"]
        chosen = component.get("assigneeType") or "PROJECT_DEFAULT"
        lead = component.get("leadAccountId")
        if chosen == "COMPONENT_LEAD" and lead and self.may(lead, "ASSIGNABLE_USER", project):
            return chosen, lead, True
        real = default if chosen in ("PROJECT_DEFAULT", "COMPONENT_LEAD") else chosen
        valid = chosen != "COMPONENT_LEAD"
        return real, project["lead"] if real == "PROJECT_LEAD" else None, valid

    def part_by_ref(self, kind: str, project: dict, ref: dict | str) -> dict:
        key = (ref.get("id") or ref.get("name")) if isinstance(ref, dict) else ref
        for part in self.find(kind, project["id"]):
            if part["id"] == str(key) or part["name"].lower() == str(key).lower():
                return part
        field = "components" if kind == "component" else "versions"
        raise bad_request(**{field: f"{kind.title()} name '{key}' is not valid"})

    # -- issue type schemes ---------------------------------------------------------------------
    def create_issue_type_scheme(
        self,
        name: str,
        type_ids: list[str],
        default: str | None = None,
        description: str = "",
        scheme_id: str = "",
    ) -> dict:
        if not name:
            raise bad_request(errors={"name": "The issue type scheme name must not be empty."})
        if not type_ids:
            raise bad_request(errors={"issueTypeIds": "At least one issue type is required."})
        unknown = [t for t in type_ids if self.get("issuetype", t) is None]
        if unknown:
            raise bad_request(f"The issue type with id '{unknown[0]}' does not exist.")
        if default is not None and default not in type_ids:
            raise bad_request("The default issue type must be one of the scheme's issue types.")
        scheme_id = scheme_id or self.next_id("itscheme")
        scheme = {
            "id": scheme_id,
            "name": name,
            "description": description,
            "defaultIssueTypeId": default,
            "issueTypeIds": list(dict.fromkeys(type_ids)),
            "isDefault": scheme_id == DEFAULT_ISSUE_TYPE_SCHEME,
        }
        return self.put("itscheme", scheme_id, scheme)

    def issue_type_scheme(self, scheme_id: str) -> dict:
        found = self.get("itscheme", scheme_id)
        if found is None:
            raise not_found(f"The issue type scheme with id '{scheme_id}' does not exist.")
        return found

    def save_issue_type_scheme(self, scheme: dict) -> dict:
        """Store ``scheme`` and give every project using it the scheme's issue types."""
        self.put("itscheme", scheme["id"], scheme)
        for project in self.projects():
            if project["issueTypeScheme"] == scheme["id"]:
                self.save_project({**project, "issueTypes": list(scheme["issueTypeIds"])})
        return scheme

    def assign_issue_type_scheme(self, project: dict, scheme: dict) -> None:
        used = {i["fields"]["issuetype"] for i in self.find("issue", project["id"])}
        if used - set(scheme["issueTypeIds"]):
            raise bad_request(
                "The issue type scheme can't be assigned: issues in the project use issue types "
                "that are not in the scheme."
            )
        project.update(issueTypeScheme=scheme["id"], issueTypes=list(scheme["issueTypeIds"]))
        self.save_project(project)

    # -- roles ----------------------------------------------------------------------------------
    def role(self, role_id: str) -> dict:
        found = self.get("role", role_id)
        if found is None:
            raise not_found("Can not retrieve a role actor for a null project role.")
        return found

    def role_actors(self, project: dict, role_id: str) -> dict:
        self.role(role_id)
        return project["roles"].setdefault(role_id, {"users": [], "groups": []})

    def set_role_actors(
        self, project: dict, role_id: str, users: list[str], groups: list[str], replace: bool
    ) -> dict:
        actors = self.role_actors(project, role_id)
        for account_id in users:
            self.user(account_id)
        for group_id in groups:
            self.group(group_id=group_id)
        if replace:
            actors["users"], actors["groups"] = [], []
        actors["users"] += [u for u in users if u not in actors["users"]]
        actors["groups"] += [g for g in groups if g not in actors["groups"]]
        self.save_project(project)
        return actors

    def remove_role_actor(self, project: dict, role_id: str, user: str | None, group: str | None):
        actors = self.role_actors(project, role_id)
        if user in actors["users"]:
            actors["users"].remove(user)
        if group in actors["groups"]:
            actors["groups"].remove(group)
        self.save_project(project)

    def plays_role(self, account_id: str, project: dict, role_id: str) -> bool:
        actors = project["roles"].get(role_id) or {"users": [], "groups": []}
        if account_id in actors["users"]:
            return True
        return any(
            account_id in (self.known("group", g) or {"members": []})["members"]
            for g in actors["groups"]
        )
