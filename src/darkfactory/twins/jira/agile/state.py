"""Jira Software: boards (columns by status category), sprints and the backlog.

A board shows the issues of its saved filter, in rank order; its creator administers it. A sprint
is future, then active, then closed; an issue's Sprint field holds every sprint it has been in
(closed ones included), and the backlog is what no open sprint holds, so closing a sprint leaves
its unfinished issues in the backlog until they are moved to the next sprint.
"""

from __future__ import annotations

from darkfactory.twins.jira.errors import bad_request, not_found
from darkfactory.twins.jira.records import Records

COLUMNS = (("To Do", "new"), ("In Progress", "indeterminate"), ("Done", "done"))
SPRINT_STATES = ("future", "active", "closed")


class Agile(Records):
    # -- boards ---------------------------------------------------------------------------------
    def create_board(
        self, owner: str, name: str, kind: str, filter_id: str, project_id: str | None
    ) -> dict:
        if not name:
            raise bad_request("The board name must not be empty.")
        if kind not in ("scrum", "kanban"):
            raise bad_request(f"Board type '{kind}' is not valid.")
        self.saved_filter(str(filter_id))
        board_id = int(self.next_id("board", 1))
        board = {
            "id": board_id,
            "name": name,
            "type": kind,
            "filterId": str(filter_id),
            "projectId": project_id,
            "admins": [owner],
        }
        return self.put("board", str(board_id), board)

    def administers_board(self, account_id: str, board: dict) -> bool:
        """Board administrators (its creator) and Jira administrators administer a board."""
        return account_id in board.get("admins", []) or self.is_admin(account_id)

    def manages_sprints(self, account_id: str, board: dict) -> bool:
        """Who may create, start, complete and delete a board's sprints: on a project's board,
        holders of Manage Sprints in that project; on a board of a user's filter, its
        administrators."""
        project = self.get("project", board["projectId"]) if board.get("projectId") else None
        if project is None:
            return self.administers_board(account_id, board)
        return self.may(account_id, "MANAGE_SPRINTS_PERMISSION", project)

    def board(self, board_id: str | int, viewer: str | None = None) -> dict:
        """The board; with a ``viewer``, only if they may browse the board's project."""
        found = self.get("board", board_id)
        if found is None or (viewer is not None and not self._sees_board(viewer, found)):
            raise not_found(
                "The requested board cannot be viewed because it either does not exist or you do "
                "not have permission to view it."
            )
        return found

    def _sees_board(self, viewer: str, board: dict) -> bool:
        project = self.get("project", board["projectId"]) if board.get("projectId") else None
        return project is None or self.may(viewer, "BROWSE_PROJECTS", project)

    def columns(self, board: dict) -> list[dict]:
        """Columns by status category, each with the statuses of the board's project."""
        project = self.get("project", board["projectId"]) if board.get("projectId") else None
        statuses = (
            self.project_statuses(project) if project else [s["id"] for s in self.find("status")]
        )
        return [
            {
                "name": name,
                "statuses": [s for s in statuses if self.status(s)["category"] == category],
            }
            for name, category in COLUMNS
        ]

    # -- sprints --------------------------------------------------------------------------------
    def sprint_field(self) -> dict:
        return next(f for f in self.find("field") if f["kind"] == "sprint")

    def create_sprint(
        self, board_id: int, name: str, start: str | None, end: str | None, goal: str | None
    ) -> dict:
        self.board(board_id)
        if not name:
            raise bad_request(errors={"name": "Sprint name is required."})
        sprint_id = int(self.next_id("sprint", 1))
        sprint = {
            "id": sprint_id,
            "name": name,
            "state": "future",
            "originBoardId": int(board_id),
            "boardId": int(board_id),
            "startDate": start,
            "endDate": end,
            "goal": goal or "",
            "createdDate": self.now(),
            "completeDate": None,
        }
        return self.put("sprint", str(sprint_id), sprint, parent=str(board_id))

    def sprint(self, sprint_id: str | int, viewer: str | None = None) -> dict:
        """The sprint; with a ``viewer``, only if they may see the sprint's board."""
        found = self.get("sprint", sprint_id)
        board = self.get("board", found["boardId"]) if found else None
        if found is None or (viewer is not None and board and not self._sees_board(viewer, board)):
            raise not_found(
                f"Sprint with id {sprint_id} does not exist or you do not have permission to "
                "see it."
            )
        return found

    def update_sprint(self, sprint: dict, changes: dict) -> dict:
        state = changes.get("state", sprint["state"])
        if state not in SPRINT_STATES:
            raise bad_request(errors={"state": f"Sprint state '{state}' is not valid."})
        if state != sprint["state"]:
            allowed = SPRINT_STATES.index(state) == SPRINT_STATES.index(sprint["state"]) + 1
            if not allowed:
                raise bad_request(f"Sprint cannot be moved from '{sprint['state']}' to '{state}'.")
            if state == "active" and not (
                (changes.get("startDate") or sprint["startDate"])
                and (changes.get("endDate") or sprint["endDate"])
            ):
                raise bad_request(
                    errors={
                        "startDate": "The sprint start and end dates are required to start "
                        "a sprint."
                    }
                )
            if state == "closed":
                changes["completeDate"] = self.now()
        sprint = {
            **sprint,
            **{
                k: v
                for k, v in changes.items()
                if k in ("name", "state", "startDate", "endDate", "goal", "completeDate")
            },
        }
        return self.put("sprint", str(sprint["id"]), sprint, parent=str(sprint["boardId"]))

    def move_to_sprint(self, actor: str, sprint: dict | None, issues: list[dict]) -> None:
        """Put ``issues`` into ``sprint`` (out of any open sprint), or into the backlog (None)."""
        if sprint is not None and sprint["state"] == "closed":
            raise bad_request("Issues can't be moved to a closed sprint.")
        field = self.sprint_field()["id"]
        for issue in issues:
            current = issue["fields"].get(field) or []
            kept = [s for s in current if (self.get("sprint", s) or {}).get("state") == "closed"]
            self.change(actor, issue, {field: kept + ([sprint["id"]] if sprint else [])})

    def in_sprint(self, issue: dict, sprint_id: int) -> bool:
        return sprint_id in (issue["fields"].get(self.sprint_field()["id"]) or [])

    def in_open_sprint(self, issue: dict) -> bool:
        return any(
            (self.get("sprint", s) or {}).get("state") in ("future", "active")
            for s in issue["fields"].get(self.sprint_field()["id"]) or []
        )

    # -- rank -----------------------------------------------------------------------------------
    def ranked(self, issues: list[dict]) -> list[dict]:
        """``issues`` in rank order (an issue never ranked keeps its creation order)."""
        return sorted(issues, key=rank_of)

    def rank(self, issues: list[dict], anchor: dict, before: bool) -> None:
        """Rank ``issues`` (in the order given) just before or just after ``anchor``."""
        moved = {i["id"] for i in issues}
        order = [i for i in self.ranked(self.issues()) if i["id"] not in moved]
        at = next(n for n, i in enumerate(order) if i["id"] == anchor["id"]) + (0 if before else 1)
        order[at:at] = issues
        for position, issue in enumerate(order):
            if rank_of(issue) != position:
                self.save_issue({**issue, "rank": position})


def rank_of(issue: dict) -> int:
    return issue.get("rank", int(issue["id"]))
