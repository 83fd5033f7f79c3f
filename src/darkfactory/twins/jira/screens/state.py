"""Screens and the schemes that choose them. A screen is a list of tabs, each an ordered list of
field ids; a screen scheme names the screen for creating, editing and viewing an issue (its
``default`` where one is not named); an issue type screen scheme gives each issue type a screen
scheme (its ``default`` mapping for the rest) and is assigned to projects. Which fields a request
may set follows from these. No HTTP here."""

from __future__ import annotations

from darkfactory.twins.jira.errors import JiraError, bad_request, cannot_set, not_found
from darkfactory.twins.jira.fields.state import SETTABLE_SYSTEM
from darkfactory.twins.jira.records import Records

DEFAULT_SCREEN = "1"
DEFAULT_SCREEN_SCHEME = "1"
DEFAULT_ITS_SCHEME = "1"
OPERATIONS = ("create", "edit", "view")
# the system fields a screen can hold: those a request sets (the project aside), and more
SCREENABLE_SYSTEM = (SETTABLE_SYSTEM - {"project"}) | {"attachment", "issuelinks"}
# fields a request names that no screen has to hold
ALWAYS_SETTABLE = {
    "create": {"project", "issuetype", "comment"},
    "edit": {"comment"},
    "view": set(),
}
# the screens of a fresh Cloud site: id, name, description, the fields of its one tab
SEEDED_SCREENS = (
    (
        DEFAULT_SCREEN,
        "Default Screen",
        "Allows to update all system fields.",
        (
            "summary",
            "issuetype",
            "reporter",
            "components",
            "attachment",
            "duedate",
            "description",
            "issuelinks",
            "assignee",
            "priority",
            "labels",
            "versions",
            "fixVersions",
            "timetracking",
            "parent",
        ),
    ),
    ("2", "Resolve Issue Screen", "Allows to set resolution.", ("resolution", "fixVersions")),
    ("3", "Workflow Screen", "This screen is used in the workflow.", ("assignee",)),
)


def screenable(field: dict) -> bool:
    """Whether a screen can hold ``field``: any custom field, and the system fields people set."""
    return field["custom"] or field["id"] in SCREENABLE_SYSTEM


class Screens(Records):
    def seed_screens(self, custom_field_ids: list[str]) -> None:
        """The screens, screen scheme and issue type screen scheme every site starts with (the
        site's first custom fields on the default screen)."""
        for screen_id, name, description, fields in SEEDED_SCREENS:
            extra = custom_field_ids if screen_id == DEFAULT_SCREEN else []
            tab = {
                "id": self.next_id("screentab"),
                "name": "Field Tab",
                "fields": [*fields, *extra],
            }
            screen = {"id": screen_id, "name": name, "description": description, "tabs": [tab]}
            self.put("screen", screen_id, screen)
        self.put(
            "screenscheme",
            DEFAULT_SCREEN_SCHEME,
            {
                "id": DEFAULT_SCREEN_SCHEME,
                "name": "Default Screen Scheme",
                "description": "Default Screen Scheme",
                "screens": {"default": DEFAULT_SCREEN},
            },
        )
        self.put(
            "itsscheme",
            DEFAULT_ITS_SCHEME,
            {
                "id": DEFAULT_ITS_SCHEME,
                "name": "Default Issue Type Screen Scheme",
                "description": "The default issue type screen scheme",
                "mappings": {"default": DEFAULT_SCREEN_SCHEME},
            },
        )

    # -- screens --------------------------------------------------------------------------------
    def screens(self) -> list[dict]:
        return sorted(self.find("screen"), key=lambda s: int(s["id"]))

    def screen(self, screen_id: str) -> dict:
        found = self.get("screen", screen_id)
        if found is None:
            raise not_found(f"The screen with id '{screen_id}' does not exist.")
        return found

    def save_screen(self, screen: dict) -> dict:
        return self.put("screen", screen["id"], screen)

    def name_screen(self, screen: dict | None, name: str, description: str | None) -> dict:
        """A new screen (``screen`` None, with its default tab) or ``screen`` renamed."""
        name = name.strip() if screen is None or name else screen["name"]
        if not name:
            raise bad_request(errors={"name": "The screen name must not be empty."})
        if len(name) > 255:
            raise bad_request(errors={"name": "The screen name must be at most 255 characters."})
        taken = self.find_by("screen", "name", name)
        if taken and (screen is None or taken["id"] != screen["id"]):
            raise bad_request(errors={"name": "The name is used by another screen."})
        if screen is None:
            tab = {"id": self.next_id("screentab"), "name": "Field Tab", "fields": []}
            screen = {"id": self.next_id("screen"), "description": "", "tabs": [tab]}
        changed = {**screen, "name": name}
        if description is not None:
            changed["description"] = description
        return self.save_screen(changed)

    def remove_screen(self, screen: dict) -> None:
        if any(screen["id"] in s["screens"].values() for s in self.find("screenscheme")):
            raise bad_request("The screen cannot be deleted as it is used in a screen scheme.")
        self.delete("screen", screen["id"])

    def screens_with(self, field_id: str) -> list[tuple[dict, dict]]:
        """(screen, tab) for every tab ``field_id`` is on."""
        return [(s, t) for s in self.screens() for t in s["tabs"] if field_id in t["fields"]]

    def drop_from_screens(self, field_id: str) -> None:
        """Take a field that is gone off every tab."""
        for screen, tab in self.screens_with(field_id):
            tab["fields"].remove(field_id)
            self.save_screen(screen)

    # -- tabs and their fields ------------------------------------------------------------------
    def tab(self, screen: dict, tab_id: str) -> dict:
        found = next((t for t in screen["tabs"] if t["id"] == str(tab_id)), None)
        if found is None:
            raise not_found(f"The screen tab with id '{tab_id}' does not exist.")
        return found

    def _tab_name(self, screen: dict, name: str, tab_id: str | None = None) -> str:
        name = name.strip()
        if not name:
            raise bad_request(errors={"name": "The tab name must not be empty."})
        if any(t["name"].lower() == name.lower() and t["id"] != tab_id for t in screen["tabs"]):
            raise bad_request(errors={"name": f"A tab named '{name}' already exists."})
        return name

    def add_tab(self, screen: dict, name: str) -> dict:
        tab = {"id": self.next_id("screentab"), "name": self._tab_name(screen, name), "fields": []}
        screen["tabs"].append(tab)
        self.save_screen(screen)
        return tab

    def rename_tab(self, screen: dict, tab: dict, name: str) -> dict:
        tab["name"] = self._tab_name(screen, name, tab["id"])
        self.save_screen(screen)
        return tab

    def remove_tab(self, screen: dict, tab: dict) -> None:
        if len(screen["tabs"]) == 1:
            raise bad_request("A screen must have at least one tab.")
        screen["tabs"] = [t for t in screen["tabs"] if t["id"] != tab["id"]]
        self.save_screen(screen)

    def move_tab(self, screen: dict, tab: dict, position: int) -> None:
        if not 0 <= position < len(screen["tabs"]):
            raise bad_request(f"The position {position} is not a valid tab position.")
        others = [t for t in screen["tabs"] if t["id"] != tab["id"]]
        screen["tabs"] = [*others[:position], tab, *others[position:]]
        self.save_screen(screen)

    def screenable(self, field_id: str) -> dict:
        """The field, if a screen can hold it."""
        field = self.field(field_id)
        if field is None or not screenable(field):
            raise bad_request(f"The field with id '{field_id}' cannot be added to a screen.")
        return field

    def add_tab_field(self, screen: dict, tab: dict, field_id: str) -> dict:
        field = self.screenable(field_id)
        if any(field_id in t["fields"] for t in screen["tabs"]):
            raise bad_request(f"The field '{field_id}' is already present on the screen.")
        tab["fields"].append(field_id)
        self.save_screen(screen)
        return field

    def remove_tab_field(self, screen: dict, tab: dict, field_id: str) -> None:
        if field_id not in tab["fields"]:
            raise not_found(f"The field '{field_id}' is not on the screen tab.")
        tab["fields"].remove(field_id)
        self.save_screen(screen)

    def move_tab_field(
        self, screen: dict, tab: dict, field_id: str, after: str | None, position: str | None
    ) -> None:
        """Move a field after another of the tab, or ``First``/``Last``/``Earlier``/``Later``."""
        fields = tab["fields"]
        if field_id not in fields:
            raise not_found(f"The field '{field_id}' is not on the screen tab.")
        here = fields.index(field_id)
        rest = [f for f in fields if f != field_id]
        if after:
            if after not in rest:
                raise bad_request(f"The field '{after}' is not on the screen tab.")
            where = rest.index(after) + 1
        else:
            where = {
                "First": 0,
                "Last": len(rest),
                "Earlier": max(here - 1, 0),
                "Later": min(here + 1, len(rest)),
            }.get(position or "")
            if where is None:
                raise bad_request("Either 'after' or a 'position' must be given.")
        tab["fields"] = [*rest[:where], field_id, *rest[where:]]
        self.save_screen(screen)

    # -- screen schemes -------------------------------------------------------------------------
    def screen_schemes(self) -> list[dict]:
        return sorted(self.find("screenscheme"), key=lambda s: int(s["id"]))

    def screen_scheme(self, scheme_id: str) -> dict:
        found = self.get("screenscheme", scheme_id)
        if found is None:
            raise not_found(f"The screen scheme with id '{scheme_id}' does not exist.")
        return found

    def save_screen_scheme(
        self, scheme: dict | None, name: str | None, description: str | None, screens: dict
    ) -> dict:
        """A new screen scheme (``scheme`` None) or ``scheme`` changed; ``screens`` maps
        create/edit/view/default to a screen id, or to None to leave one out."""
        scheme = scheme or {"id": None, "name": "", "description": "", "screens": {}}
        name = scheme["name"] if name is None else name.strip()
        if not name:
            raise bad_request(errors={"name": "The screen scheme name must not be empty."})
        taken = self.find_by("screenscheme", "name", name)
        if taken and taken["id"] != scheme["id"]:
            raise bad_request(errors={"name": "The name is used by another screen scheme."})
        chosen = dict(scheme["screens"])
        for operation, screen_id in screens.items():
            if screen_id is None:
                chosen.pop(operation, None)
            else:
                chosen[operation] = self.screen(screen_id)["id"]
        if "default" not in chosen:
            raise bad_request(errors={"screens": "A default screen is required."})
        scheme_id = scheme["id"] or self.next_id("screenscheme")
        changed = {
            **scheme,
            "id": scheme_id,
            "name": name,
            "description": scheme["description"] if description is None else description,
            "screens": chosen,
        }
        return self.put("screenscheme", scheme_id, changed)

    def remove_screen_scheme(self, scheme: dict) -> None:
        if any(scheme["id"] in s["mappings"].values() for s in self.find("itsscheme")):
            raise bad_request(
                "The screen scheme cannot be deleted as it is used in an issue type screen scheme."
            )
        self.delete("screenscheme", scheme["id"])

    # -- issue type screen schemes --------------------------------------------------------------
    def its_schemes(self) -> list[dict]:
        return sorted(self.find("itsscheme"), key=lambda s: int(s["id"]))

    def its_scheme(self, scheme_id: str) -> dict:
        found = self.get("itsscheme", scheme_id)
        if found is None:
            raise not_found(f"The issue type screen scheme with id '{scheme_id}' does not exist.")
        return found

    def its_scheme_of(self, project: dict) -> dict:
        return self.its_scheme(project.get("issueTypeScreenScheme", DEFAULT_ITS_SCHEME))

    def _mapping(self, issue_type_id: str, screen_scheme_id: str) -> tuple[str, str]:
        if issue_type_id != "default" and self.get("issuetype", issue_type_id) is None:
            raise not_found(f"The issue type with id '{issue_type_id}' does not exist.")
        return issue_type_id, self.screen_scheme(screen_scheme_id)["id"]

    def create_its_scheme(self, name: str, description: str, mappings: list[tuple]) -> dict:
        name = name.strip()
        if not name:
            raise bad_request(errors={"name": "The issue type screen scheme name is required."})
        if self.find_by("itsscheme", "name", name):
            raise bad_request(
                errors={"name": "The name is used by another issue type screen scheme."}
            )
        chosen = dict(self._mapping(*m) for m in mappings)
        if len(chosen) != len(mappings):
            raise bad_request("An issue type is mapped more than once.")
        if "default" not in chosen:
            raise bad_request("A mapping for the 'default' issue type is required.")
        scheme_id = self.next_id("itsscheme")
        scheme = {"id": scheme_id, "name": name, "description": description, "mappings": chosen}
        return self.put("itsscheme", scheme_id, scheme)

    def save_its_scheme(self, scheme: dict) -> dict:
        return self.put("itsscheme", scheme["id"], scheme)

    def rename_its_scheme(self, scheme: dict, name: str | None, description: str | None) -> None:
        if name is not None:
            name = name.strip()
            taken = self.find_by("itsscheme", "name", name)
            if not name or (taken and taken["id"] != scheme["id"]):
                raise bad_request(errors={"name": "The name is empty or used by another scheme."})
            scheme["name"] = name
        if description is not None:
            scheme["description"] = description
        self.save_its_scheme(scheme)

    def append_its_mappings(self, scheme: dict, mappings: list[tuple]) -> None:
        for issue_type_id, screen_scheme_id in mappings:
            type_id, chosen = self._mapping(issue_type_id, screen_scheme_id)
            if type_id in scheme["mappings"]:
                raise JiraError(409, f"The issue type '{type_id}' is already mapped in the scheme.")
            scheme["mappings"][type_id] = chosen
        self.save_its_scheme(scheme)

    def remove_its_mappings(self, scheme: dict, issue_type_ids: list[str]) -> None:
        if "default" in issue_type_ids:
            raise bad_request("The default mapping cannot be removed.")
        missing = [t for t in issue_type_ids if t not in scheme["mappings"]]
        if missing:
            raise bad_request(f"The issue types {', '.join(missing)} are not mapped.")
        for type_id in issue_type_ids:
            del scheme["mappings"][type_id]
        self.save_its_scheme(scheme)

    def its_projects(self, scheme: dict) -> list[dict]:
        return [p for p in self.projects() if self.its_scheme_of(p)["id"] == scheme["id"]]

    def remove_its_scheme(self, scheme: dict) -> None:
        if scheme["id"] == DEFAULT_ITS_SCHEME:
            raise bad_request("The default issue type screen scheme cannot be deleted.")
        if self.its_projects(scheme):
            raise bad_request(
                "The issue type screen scheme cannot be deleted as it is used by projects."
            )
        self.delete("itsscheme", scheme["id"])

    def assign_its_scheme(self, project: dict, scheme: dict) -> None:
        self.save_project({**project, "issueTypeScreenScheme": scheme["id"]})

    # -- what a request may set -----------------------------------------------------------------
    def screen_for(self, project: dict, issue_type_id: str, operation: str) -> dict:
        """The screen a project shows to create, edit or view an issue of a type."""
        mappings = self.its_scheme_of(project)["mappings"]
        scheme = self.screen_scheme(mappings.get(issue_type_id) or mappings["default"])
        screens = scheme["screens"]
        return self.screen(screens.get(operation) or screens["default"])

    def screen_fields(self, project: dict, issue_type_id: str, operation: str) -> list[str]:
        """The field ids on that screen, tab by tab, in order."""
        screen = self.screen_for(project, issue_type_id, operation)
        return [f for tab in screen["tabs"] for f in tab["fields"]]

    def require_on_screen(
        self, project: dict, issue_type_id: str, operation: str, field_ids
    ) -> None:
        """Refuse, as Jira does, fields a request sets that the screen does not show."""
        shown = set(self.screen_fields(project, issue_type_id, operation))
        shown |= ALWAYS_SETTABLE[operation]
        hidden = [f for f in field_ids if f not in shown]
        if hidden:
            raise cannot_set(*hidden)
