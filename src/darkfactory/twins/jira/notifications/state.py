"""Notification schemes: for each of Jira's issue events, the recipients to notify (the
assignee, the reporter, a user, a group, a project role, an address ...). A project uses one
scheme; the default scheme is every project's until another is chosen. No HTTP here."""

from __future__ import annotations

from darkfactory.twins.jira.errors import bad_request, not_found
from darkfactory.twins.jira.records import Records

DEFAULT_NOTIFICATION_SCHEME = "10000"
# Jira's system issue events: id, name, description
EVENTS = (
    ("1", "Issue created", "Event published when an issue is created"),
    ("2", "Issue updated", "Event published when an issue is updated"),
    ("3", "Issue assigned", "Event published when an issue is assigned"),
    ("4", "Issue resolved", "Event published when an issue is resolved"),
    ("5", "Issue closed", "Event published when an issue is closed"),
    ("6", "Issue commented", "Event published when an issue is commented"),
    ("7", "Issue reopened", "Event published when an issue is reopened"),
    ("8", "Issue deleted", "Event published when an issue is deleted"),
    ("9", "Issue moved", "Event published when an issue is moved"),
    ("10", "Work logged on issue", "Event published when work is logged on an issue"),
    ("13", "Generic event", "Event published for a transition without a specific event"),
    ("14", "Issue comment edited", "Event published when a comment is edited"),
    ("15", "Issue worklog updated", "Event published when a worklog is updated"),
    ("16", "Issue worklog deleted", "Event published when a worklog is deleted"),
    ("17", "Issue comment deleted", "Event published when a comment is deleted"),
)
# recipient types that need no parameter, and those whose parameter names something
PLAIN = (
    "CurrentAssignee",
    "Reporter",
    "CurrentUser",
    "ProjectLead",
    "ComponentLead",
    "AllWatchers",
)
NAMED = ("User", "Group", "ProjectRole", "EmailAddress", "UserCustomField", "GroupCustomField")
# the default scheme's recipients of every event
DEFAULT_RECIPIENTS = ("CurrentAssignee", "Reporter", "AllWatchers")


def event(event_id: str) -> tuple[str, str, str]:
    found = next((e for e in EVENTS if e[0] == str(event_id)), None)
    if found is None:
        raise bad_request(f"The event with id '{event_id}' does not exist.")
    return found


class Notifications(Records):
    def seed_notification_scheme(self) -> None:
        scheme = {
            "id": DEFAULT_NOTIFICATION_SCHEME,
            "name": "Default Notification Scheme",
            "description": "",
            "events": {},
        }
        self.put("notificationscheme", DEFAULT_NOTIFICATION_SCHEME, scheme)
        additions = [(e[0], [(kind, None) for kind in DEFAULT_RECIPIENTS]) for e in EVENTS]
        self.add_notifications(scheme, additions)

    def notification_schemes(self) -> list[dict]:
        return sorted(self.find("notificationscheme"), key=lambda s: int(s["id"]))

    def notification_scheme(self, scheme_id: str) -> dict:
        found = self.get("notificationscheme", scheme_id)
        if found is None:
            raise not_found(f"The notification scheme with id '{scheme_id}' does not exist.")
        return found

    def notification_scheme_of(self, project: dict) -> dict:
        return self.notification_scheme(
            project.get("notificationScheme", DEFAULT_NOTIFICATION_SCHEME)
        )

    def notification_projects(self, scheme: dict) -> list[dict]:
        return [p for p in self.projects() if self.notification_scheme_of(p)["id"] == scheme["id"]]

    def name_notification_scheme(
        self, scheme: dict | None, name: str | None, description: str | None
    ) -> dict:
        """A new scheme (``scheme`` None) or ``scheme`` renamed or described anew."""
        scheme = scheme or {"id": None, "name": "", "description": "", "events": {}}
        name = scheme["name"] if name is None else name.strip()
        if not name:
            raise bad_request(errors={"name": "The notification scheme name must not be empty."})
        if len(name) > 255:
            raise bad_request(errors={"name": "The name must be at most 255 characters."})
        taken = self.find_by("notificationscheme", "name", name)
        if taken and taken["id"] != scheme["id"]:
            raise bad_request(
                errors={"name": f"The notification scheme name '{name}' is already used."}
            )
        scheme_id = scheme["id"] or self.next_id("notificationscheme", 10001)
        changed = {
            **scheme,
            "id": scheme_id,
            "name": name,
            "description": scheme["description"] if description is None else description,
        }
        return self.put("notificationscheme", scheme_id, changed)

    def _recipient(self, kind: str, parameter: str | None) -> str | None:
        """The parameter a recipient of ``kind`` is stored with, checked."""
        if kind in PLAIN:
            return None
        if kind not in NAMED:
            raise bad_request(f"The notification type '{kind}' is not valid.")
        if not parameter:
            raise bad_request(f"The notification type '{kind}' needs a parameter.")
        if kind == "User":
            self.user(parameter)
        elif kind == "Group":
            found = self.get("group", parameter) or self.find_by("group", "name", parameter)
            if found is None:
                raise bad_request(f"The group '{parameter}' does not exist.")
            parameter = found["groupId"]
        elif kind == "ProjectRole":
            self.role(parameter)
        elif kind == "EmailAddress" and "@" not in parameter:
            raise bad_request(f"The email address '{parameter}' is not valid.")
        elif kind in ("UserCustomField", "GroupCustomField") and not self.get("field", parameter):
            raise bad_request(f"The custom field '{parameter}' does not exist.")
        return parameter

    def add_notifications(self, scheme: dict, additions: list[tuple[str, list]]) -> dict:
        """Add (kind, parameter) recipients to events of ``scheme``; each is new to its event."""
        for event_id, recipients in additions:
            listed = scheme["events"].setdefault(event(event_id)[0], [])
            for kind, parameter in recipients:
                stored = self._recipient(kind, parameter)
                if any(n["type"] == kind and n["parameter"] == stored for n in listed):
                    raise bad_request(
                        f"The notification '{kind}' is already set for event '{event_id}'."
                    )
                number = self.next_id("notification", 1)
                listed.append({"id": number, "type": kind, "parameter": stored})
        return self.put("notificationscheme", scheme["id"], scheme)

    def remove_notification(self, scheme: dict, notification_id: str) -> None:
        for listed in scheme["events"].values():
            if any(n["id"] == notification_id for n in listed):
                listed[:] = [n for n in listed if n["id"] != notification_id]
                self.put("notificationscheme", scheme["id"], scheme)
                return
        raise not_found(f"The notification with id '{notification_id}' does not exist.")

    def remove_notification_scheme(self, scheme: dict) -> None:
        """Delete a scheme; its projects fall back to the default scheme."""
        if scheme["id"] == DEFAULT_NOTIFICATION_SCHEME:
            raise bad_request("The default notification scheme cannot be deleted.")
        for project in self.notification_projects(scheme):
            self.save_project({**project, "notificationScheme": DEFAULT_NOTIFICATION_SCHEME})
        self.delete("notificationscheme", scheme["id"])
