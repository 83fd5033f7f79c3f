"""The site's catalog: statuses, resolutions, priorities, issue types, link types and fields.

Every field, system or custom, has a ``kind`` that decides how its stored value is read from a
request, written on the wire and compared in JQL (``user``, ``option``, ``date``, ``labels`` ...).
"""

from __future__ import annotations

from darkfactory.twins.jira.errors import bad_request, not_found
from darkfactory.twins.jira.records import Records, ref_key

STATUS_CATEGORIES = {
    "undefined": {"id": 1, "key": "undefined", "colorName": "medium-gray", "name": "No Category"},
    "new": {"id": 2, "key": "new", "colorName": "blue-gray", "name": "To Do"},
    "done": {"id": 3, "key": "done", "colorName": "green", "name": "Done"},
    "indeterminate": {
        "id": 4,
        "key": "indeterminate",
        "colorName": "yellow",
        "name": "In Progress",
    },
}
CATEGORY_OF_CREATE = {"TODO": "new", "IN_PROGRESS": "indeterminate", "DONE": "done"}

# (id, name, kind, JQL clause names, orderable)
SYSTEM_FIELDS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("issuekey", "Key", "issuekey", ("id", "issue", "issuekey", "key")),
    ("summary", "Summary", "string", ("summary",)),
    ("description", "Description", "adf", ("description",)),
    ("project", "Project", "project", ("project",)),
    ("issuetype", "Issue Type", "issuetype", ("issuetype", "type")),
    ("status", "Status", "status", ("status",)),
    ("statusCategory", "Status Category", "statuscategory", ("statusCategory",)),
    ("resolution", "Resolution", "resolution", ("resolution",)),
    ("priority", "Priority", "priority", ("priority",)),
    ("assignee", "Assignee", "user", ("assignee",)),
    ("reporter", "Reporter", "user", ("reporter",)),
    ("creator", "Creator", "user", ("creator",)),
    ("labels", "Labels", "labels", ("labels",)),
    ("components", "Components", "components", ("component",)),
    ("fixVersions", "Fix versions", "versions", ("fixVersion",)),
    ("versions", "Affects versions", "versions", ("affectedVersion",)),
    ("duedate", "Due date", "date", ("due", "duedate")),
    ("created", "Created", "datetime", ("created", "createdDate")),
    ("updated", "Updated", "datetime", ("updated", "updatedDate")),
    ("resolutiondate", "Resolved", "datetime", ("resolutiondate", "resolved")),
    ("parent", "Parent", "parent", ("parent",)),
    ("comment", "Comment", "comments", ("comment",)),
    ("watches", "Watchers", "watches", ("watchers",)),
    ("votes", "Votes", "votes", ("votes",)),
    ("issuelinks", "Linked Issues", "links", ("issueLink",)),
    ("attachment", "Attachment", "attachments", ("attachments",)),
    ("worklog", "Log Work", "worklogs", ()),
    ("subtasks", "Sub-tasks", "subtasks", ()),
    ("timetracking", "Time tracking", "timetracking", ()),
]
SETTABLE_SYSTEM = {
    "summary",
    "description",
    "project",
    "issuetype",
    "priority",
    "assignee",
    "reporter",
    "labels",
    "components",
    "fixVersions",
    "versions",
    "duedate",
    "parent",
    "resolution",
    "timetracking",
}
CUSTOM_TYPES = {
    "textfield": "string",
    "textarea": "adf",
    "float": "number",
    "select": "option",
    "radiobuttons": "option",
    "multiselect": "options",
    "multicheckboxes": "options",
    "datepicker": "date",
    "datetime": "datetime",
    "userpicker": "user",
    "multiuserpicker": "users",
    "labels": "labels",
    "gh-sprint": "sprint",
}
CUSTOM_PREFIX = "com.atlassian.jira.plugin.system.customfieldtypes:"
SCHEMA_TYPE = {
    "subtasks": "array",
    "string": "string",
    "adf": "string",
    "number": "number",
    "option": "option",
    "options": "array",
    "date": "date",
    "datetime": "datetime",
    "user": "user",
    "users": "array",
    "labels": "array",
    "sprint": "array",
    "components": "array",
    "versions": "array",
    "comments": "comments-page",
    "watches": "watches",
    "votes": "votes",
    "links": "array",
    "attachments": "array",
    "worklogs": "array",
    "timetracking": "timetracking",
}
ITEMS_TYPE = {
    "subtasks": "issuelinks",
    "options": "option",
    "users": "user",
    "labels": "string",
    "sprint": "json",
    "components": "component",
    "versions": "version",
    "links": "issuelinks",
    "attachments": "attachment",
    "worklogs": "worklog",
}
RESOLUTION_DONE = "10000"


class Catalog(Records):
    # -- statuses, resolutions, priorities, issue types, link types ------------------------------
    def create_status(
        self, name: str, category: str, description: str = "", status_id: str = ""
    ) -> dict:
        if not name:
            raise bad_request("A status name is required.")
        if self.find_by("status", "name", name):
            raise bad_request(f"A status with name '{name}' already exists.")
        status_id = status_id or self.next_id("status")
        status = {"id": status_id, "name": name, "description": description, "category": category}
        return self.put("status", status_id, status)

    def status(self, id_or_name: str) -> dict:
        found = self.get("status", id_or_name) or self.find_by("status", "name", id_or_name)
        if found is None:
            raise not_found(f"The status with id '{id_or_name}' does not exist.")
        return found

    def named(self, kind: str, ref: dict | str | None, label: str) -> dict:
        """A catalog record from ``{"id": ...}``, ``{"name": ...}`` or a bare id/name."""
        key = ref_key(ref)
        found = (self.get(kind, key) or self.find_by(kind, "name", key)) if key else None
        if found is None:
            raise not_found(f"The {label} '{key}' does not exist.")
        return found

    def add_named(self, kind: str, name: str, **extra) -> dict:
        if not name:
            raise bad_request(errors={"name": "The name must not be empty."})
        if self.find_by(kind, "name", name):
            raise bad_request(errors={"name": f"The name '{name}' is already used."})
        record_id = self.next_id(kind, 1 if kind == "priority" else 10000)
        return self.put(kind, record_id, {"id": record_id, "name": name, **extra})

    # -- fields ---------------------------------------------------------------------------------
    def fields(self) -> list[dict]:
        """Every field, system fields first (the fields are shared: never change them)."""
        return list(self.memo("fields", self._read_fields))

    def _read_fields(self) -> tuple[dict, ...]:
        system = [
            {"id": fid, "name": name, "kind": kind, "clauses": list(clauses), "custom": False}
            for fid, name, kind, clauses in SYSTEM_FIELDS
        ]
        return (*system, *self.find("field"))

    def field(self, field_id: str) -> dict | None:
        return self._field_index()[0].get(field_id)

    def field_for_clause(self, name: str) -> dict | None:
        """The field a JQL clause name stands for: a clause name, ``cf[10010]`` or a field name
        (the first field in the catalog's order that answers to it)."""
        lowered = name.lower()
        if lowered.startswith("cf[") and lowered.endswith("]"):
            return self.get("field", f"customfield_{name[3:-1]}")
        _, by_clause, by_name = self._field_index()
        return by_clause.get(lowered) or by_name.get(lowered)

    def _field_index(self) -> tuple[dict[str, dict], dict[str, dict], dict[str, dict]]:
        """The fields by id, by lowercased clause name or id, and by lowercased name."""

        def index() -> tuple[dict[str, dict], dict[str, dict], dict[str, dict]]:
            by_id: dict[str, dict] = {}
            by_clause: dict[str, dict] = {}
            by_name: dict[str, dict] = {}
            for field in self.memo("fields", self._read_fields):
                by_id.setdefault(field["id"], field)
                for clause in (*field["clauses"], field["id"]):
                    by_clause.setdefault(clause.lower(), field)
                by_name.setdefault(field["name"].lower(), field)
            return by_id, by_clause, by_name

        return self.memo("field index", index)

    def create_custom_field(self, name: str, type_key: str, description: str = "") -> dict:
        short = type_key.removeprefix(CUSTOM_PREFIX).split(":")[-1]
        if not name:
            raise bad_request(errors={"name": "The custom field name must not be empty."})
        if short not in CUSTOM_TYPES:
            raise bad_request(errors={"type": f"The custom field type '{type_key}' is not valid."})
        number = self.next_id("field")
        field_id = f"customfield_{number}"
        field = {
            "id": field_id,
            "name": name,
            "kind": CUSTOM_TYPES[short],
            "type": type_key if ":" in type_key else CUSTOM_PREFIX + short,
            "customId": int(number),
            "clauses": [f"cf[{number}]", name],
            "custom": True,
            "description": description,
            "context": self.next_id("fieldcontext"),
        }
        return self.put("field", field_id, field)

    def custom_field(self, field_id: str) -> dict:
        found = self.get("field", field_id)
        if found is None:
            raise not_found("The custom field was not found.")
        return found

    def add_option(self, field_id: str, value: str, disabled: bool = False) -> dict:
        if not value:
            raise bad_request("The option value must not be empty.")
        if any(o["value"].lower() == value.lower() for o in self.find("option", field_id)):
            raise bad_request(f"The option '{value}' already exists.")
        option_id = self.next_id("option")
        option = {"id": option_id, "value": value, "disabled": disabled, "field": field_id}
        return self.put("option", option_id, option, parent=field_id)

    def option(self, field_id: str, ref: dict | str) -> dict:
        key = ref.get("id") or ref.get("value") if isinstance(ref, dict) else ref
        for option in self.find("option", field_id):
            if option["id"] == str(key) or option["value"].lower() == str(key).lower():
                return option
        raise bad_request(errors={field_id: f"Option value '{key}' is not valid"})
