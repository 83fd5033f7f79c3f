"""Dashboards and their gadgets: a dashboard is its owner's, seen by those it is shared with and
changed by those its edit permissions name; a gadget sits at a row and column. No HTTP here."""

from __future__ import annotations

from darkfactory.twins.jira.errors import JiraError, bad_request, forbidden, not_found
from darkfactory.twins.jira.records import Records

COLORS = ("blue", "red", "yellow", "green", "cyan", "purple", "gray", "white")
# the gadgets every site offers: module key, title
GADGETS = (
    ("com.atlassian.jira.gadgets:filter-results-gadget", "Filter Results"),
    ("com.atlassian.jira.gadgets:assigned-to-me-gadget", "Assigned to Me"),
    ("com.atlassian.jira.gadgets:pie-chart-gadget", "Pie Chart"),
    ("com.atlassian.jira.gadgets:created-vs-resolved-issues-chart-gadget", "Created vs Resolved"),
    ("com.atlassian.jira.gadgets:sprint-burndown-gadget", "Sprint Burndown"),
)


def dashboard_missing(dashboard_id: str) -> JiraError:
    return not_found(f"The dashboard with id '{dashboard_id}' does not exist.")


class Dashboards(Records):
    def create_dashboard(
        self, owner: str, name: str, description: str, shares: list, edits: list
    ) -> dict:
        if not name.strip():
            raise bad_request(errors={"name": "You must specify a dashboard name."})
        dashboard_id = self.next_id("dashboard")
        dashboard = {
            "id": dashboard_id,
            "name": name,
            "description": description,
            "owner": owner,
            "sharePermissions": shares,
            "editPermissions": edits,
            "favouritedBy": [owner],
        }
        return self.put("dashboard", dashboard_id, dashboard)

    def dashboard(self, dashboard_id: str, viewer: str, editing: bool = False) -> dict:
        """The dashboard if ``viewer`` may see it (404 otherwise), and change it if ``editing``."""
        found = self.get("dashboard", dashboard_id)
        if found is None or not self.sees_dashboard(viewer, found):
            raise dashboard_missing(dashboard_id)
        if editing and not self.edits_dashboard(viewer, found):
            raise forbidden("You do not have permission to edit this dashboard.")
        return found

    def sees_dashboard(self, viewer: str, dashboard: dict) -> bool:
        shares = dashboard["sharePermissions"] + dashboard["editPermissions"]
        return self.edits_dashboard(viewer, dashboard) or any(
            self.shared_with(viewer, s) for s in shares
        )

    def edits_dashboard(self, viewer: str, dashboard: dict) -> bool:
        return dashboard["owner"] == viewer or any(
            self.shared_with(viewer, s) for s in dashboard["editPermissions"]
        )

    def dashboards(self, viewer: str) -> list[dict]:
        return [d for d in self.find("dashboard") if self.sees_dashboard(viewer, d)]

    def save_dashboard(self, dashboard: dict) -> dict:
        return self.put("dashboard", dashboard["id"], dashboard)

    def remove_dashboard(self, dashboard: dict) -> None:
        for gadget in self.find("gadget", dashboard["id"]):
            self.forget_properties("dashboarditem", gadget["id"])
        self.delete_children("gadget", dashboard["id"])
        self.delete("dashboard", dashboard["id"])

    # -- gadgets ----------------------------------------------------------------------------------
    def gadgets(self, dashboard: dict) -> list[dict]:
        return self.find("gadget", dashboard["id"])

    def gadget(self, dashboard: dict, gadget_id: str) -> dict:
        found = self.get("gadget", gadget_id)
        if found is None or found["dashboardId"] != dashboard["id"]:
            raise not_found(f"The gadget with id '{gadget_id}' does not exist on this dashboard.")
        return found

    def place_gadget(self, dashboard: dict, gadget: dict) -> dict:
        """Add or move ``gadget`` (with an ``id`` when it exists); colors and free cells checked."""
        if gadget["color"] not in COLORS:
            raise bad_request(f"The color '{gadget['color']}' is not a valid gadget color.")
        taken = {
            (g["position"]["row"], g["position"]["column"])
            for g in self.gadgets(dashboard)
            if g["id"] != gadget.get("id")
        }
        where = (gadget["position"]["row"], gadget["position"]["column"])
        if where in taken:
            raise bad_request(
                f"Cannot add or move a gadget to row {where[0]} and column {where[1]}: "
                "the position is taken."
            )
        gadget_id = gadget.get("id") or self.next_id("gadget")
        placed = {**gadget, "id": gadget_id, "dashboardId": dashboard["id"]}
        return self.put("gadget", gadget_id, placed, parent=dashboard["id"])

    def free_cell(self, dashboard: dict) -> dict:
        """The first free row of the first column."""
        rows = {
            g["position"]["row"] for g in self.gadgets(dashboard) if g["position"]["column"] == 0
        }
        return {"row": next(r for r in range(len(rows) + 1) if r not in rows), "column": 0}
