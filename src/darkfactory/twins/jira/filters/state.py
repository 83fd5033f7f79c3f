"""Saved filters: a named JQL query its owner keeps and shares (with users, groups, projects,
project roles or every signed-in user); anyone it is shared with may favourite it. No HTTP here."""

from __future__ import annotations

from darkfactory.twins.jira.errors import JiraError, bad_request, not_found
from darkfactory.twins.jira.records import Records

SHARE_TYPES = ("user", "group", "project", "projectRole", "authenticated")
SHARE_SCOPES = ("PRIVATE", "AUTHENTICATED", "GLOBAL")


def filter_unavailable() -> JiraError:
    return bad_request(
        "The selected filter is not available to you, perhaps it has been deleted or had "
        "its permissions changed."
    )


def _no_name() -> JiraError:
    return bad_request(errors={"filterName": "You must specify a name to save this filter as."})


class Filters(Records):
    def create_filter(
        self, owner: str, name: str, jql: str, description: str = "", favourite: bool = False
    ) -> dict:
        if not name:
            raise _no_name()
        filter_id = self.next_id("filter")
        saved = {
            "id": filter_id,
            "name": name,
            "jql": jql,
            "owner": owner,
            "description": description,
            "favouritedBy": [owner] if favourite else [],
            "sharePermissions": [],
        }
        return self.put("filter", filter_id, saved)

    def saved_filter(self, filter_id: str, viewer: str | None = None) -> dict:
        """The filter; with a ``viewer``, only if they own it, it is shared with them, or they
        administer Jira."""
        found = self.get("filter", filter_id)
        if found is None or (viewer is not None and not self.sees_filter(viewer, found)):
            raise filter_unavailable()
        return found

    def sees_filter(self, viewer: str, saved: dict) -> bool:
        return (
            saved["owner"] == viewer
            or self.is_admin(viewer)
            or any(self.shared_with(viewer, share) for share in saved["sharePermissions"])
        )

    def shared_with(self, viewer: str, share: dict) -> bool:
        kind = share["type"]
        project = self.get("project", share.get("projectId")) if share.get("projectId") else None
        if kind == "user":
            return share["accountId"] == viewer
        if kind == "group":
            return viewer in (self.get("group", share["groupId"]) or {"members": []})["members"]
        if kind == "project":
            return project is not None and self.may(viewer, "BROWSE_PROJECTS", project)
        if kind == "projectRole":
            return project is not None and self.plays_role(viewer, project, share["roleId"])
        return self.has_product_access(viewer)

    def update_filter(self, saved: dict, changes: dict) -> dict:
        if "name" in changes and not changes["name"]:
            raise _no_name()
        return self.put("filter", saved["id"], {**saved, **changes})

    def set_favourite(self, saved: dict, viewer: str, favourite: bool) -> dict:
        others = [a for a in saved["favouritedBy"] if a != viewer]
        return self.put(
            "filter",
            saved["id"],
            {**saved, "favouritedBy": others + ([viewer] if favourite else [])},
        )

    def favourite_filters(self, viewer: str) -> list[dict]:
        return [
            f
            for f in self.find("filter")
            if viewer in f["favouritedBy"] and self.sees_filter(viewer, f)
        ]

    def owned_filters(self, owner: str) -> list[dict]:
        return [f for f in self.find("filter") if f["owner"] == owner]

    # -- sharing ----------------------------------------------------------------------------------
    def share_filter(self, saved: dict, share: dict) -> dict:
        """Add a share (``type`` and what it names, already resolved to ids)."""
        if any(
            {k: v for k, v in s.items() if k != "id"} == share for s in saved["sharePermissions"]
        ):
            raise bad_request("The filter is already shared this way.")
        shared = self.numbered(share)  # checks the type too
        return self.put(
            "filter",
            saved["id"],
            {**saved, "sharePermissions": saved["sharePermissions"] + [shared]},
        )

    def numbered(self, share: dict) -> dict:
        """A share with the id Jira gives it when saved."""
        if share["type"] not in SHARE_TYPES:
            raise bad_request(f"The share permission type '{share['type']}' is not valid.")
        return {"id": int(self.next_id("sharepermission")), **share}

    def share(self, saved: dict, share_id: str) -> dict:
        found = next((s for s in saved["sharePermissions"] if str(s["id"]) == str(share_id)), None)
        if found is None:
            raise not_found(f"Share permission with id '{share_id}' does not exist.")
        return found

    def unshare_filter(self, saved: dict, share_id: str) -> None:
        gone = self.share(saved, share_id)
        kept = [s for s in saved["sharePermissions"] if s is not gone]
        self.put("filter", saved["id"], {**saved, "sharePermissions": kept})

    def default_share_scope(self, account_id: str) -> str:
        return (self.get("sharescope", account_id) or {"scope": "PRIVATE"})["scope"]

    def set_default_share_scope(self, account_id: str, scope: str) -> str:
        if scope not in SHARE_SCOPES:
            raise bad_request(f"The share scope '{scope}' is not valid.")
        self.put("sharescope", account_id, {"scope": scope})
        return scope
