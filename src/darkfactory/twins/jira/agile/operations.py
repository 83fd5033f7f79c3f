"""Jira Software's Agile API (``/rest/agile/1.0``): boards, their configuration and issues,
sprints (create, start, complete), the backlog and moving issues between sprints and backlog."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.jira.api import (
    actor,
    bean,
    body,
    created,
    integer,
    no_content,
    text,
    values,
)
from darkfactory.twins.jira.errors import bad_request, forbidden
from darkfactory.twins.jira.issues.operations import writer
from darkfactory.twins.jira.projects.operations import visible_project
from darkfactory.twins.jira.search.jql.found import search
from darkfactory.twins.jira.state import state_of
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call

AGILE = "/rest/agile/1.0"


def agile_url(call: Call, path: str) -> str:
    return f"{call.twin.base_url}{AGILE}{path}"


def board_json(call: Call, board: dict) -> dict:
    shaped = {
        "id": board["id"],
        "self": agile_url(call, f"/board/{board['id']}"),
        "name": board["name"],
        "type": board["type"],
    }
    project = state_of(call).get("project", board["projectId"]) if board.get("projectId") else None
    if project:
        shaped["location"] = {
            "projectId": int(project["id"]),
            "projectKey": project["key"],
            "projectName": project["name"],
            "displayName": f"{project['name']} ({project['key']})",
            "projectTypeKey": project["projectTypeKey"],
        }
    return shaped


def sprint_json(call: Call, sprint: dict) -> dict:
    shaped = {
        "id": sprint["id"],
        "self": agile_url(call, f"/sprint/{sprint['id']}"),
        "state": sprint["state"],
        "name": sprint["name"],
        "originBoardId": sprint["originBoardId"],
        "goal": sprint["goal"],
    }
    for key in ("startDate", "endDate"):
        if sprint.get(key):
            shaped[key] = sprint[key]
    if sprint.get("completeDate"):
        shaped["completeDate"] = writer(call).shapes.time(sprint["completeDate"])
    return shaped


def _board(call: Call) -> dict:
    return state_of(call).board(integer(call, "boardId", 0, call.path_params), actor(call))


def _board_issues(call: Call, board: dict) -> list[dict]:
    state = state_of(call)
    return search(state, actor(call), state.saved_filter(board["filterId"])["jql"]).issues()


def _issue_page(call: Call, issues: list[dict]) -> dict:
    out = writer(call)
    fields = values(call, "fields") or None
    page = bean(call, state_of(call).ranked(issues), key="issues")
    page["issues"] = out.issues(page["issues"], fields)
    page.pop("self")
    page.pop("isLast")
    return {"expand": "schema,names", **page}


def _manage_sprints(call: Call, board: dict) -> str:
    account_id = actor(call)
    if not state_of(call).manages_sprints(account_id, board):
        raise forbidden("You don't have permission to manage sprints on this board.")
    return account_id


# -- boards -------------------------------------------------------------------------------------
@operation("getAllBoards")
def get_all_boards(call: Call) -> dict:
    account_id = actor(call)
    state = state_of(call)
    name = (call.query.get("name") or "").lower()
    kind = call.query.get("type")
    ref = call.query.get("projectKeyOrId")
    project = state.find_project(ref) if ref else None
    visible = {p["id"] for p in state.browsable_projects(account_id)}
    boards = [
        b
        for b in state.find("board")
        if (not b.get("projectId") or b["projectId"] in visible)
        and name in b["name"].lower()
        and (not kind or b["type"] == kind)
        and (not ref or (project is not None and b.get("projectId") == project["id"]))
    ]
    return bean(call, [board_json(call, b) for b in boards])


@operation("createBoard")
def create_board(call: Call):
    account_id = actor(call)
    data = body(call)
    location = data.get("location") or {}
    if not isinstance(location, dict) or location.get("type", "project") not in ("project", "user"):
        raise bad_request(errors={"location": "The board location type must be project or user."})
    project = (
        visible_project(call, str(location["projectKeyOrId"]))
        if location.get("projectKeyOrId")
        else None
    )
    if data.get("filterId") is None:
        raise bad_request(errors={"filterId": "The filter id is required."})
    state = state_of(call)
    saved = state.saved_filter(str(data["filterId"]))
    if saved["owner"] != account_id and not state.is_admin(account_id):
        raise forbidden("You don't have permission to use this filter.")
    board = state.create_board(
        account_id,
        text(data, "name"),
        text(data, "type"),
        str(data["filterId"]),
        project["id"] if project else None,
    )
    return created(board_json(call, board))


@operation("getBoard")
def get_board(call: Call) -> dict:
    return board_json(call, _board(call))


@operation("deleteBoard")
def delete_board(call: Call):
    """A board's administrators, and on a project's board the project's administrators, delete
    it."""
    board = _board(call)
    account_id = actor(call)
    state = state_of(call)
    project = state.get("project", board["projectId"]) if board.get("projectId") else None
    if not state.administers_board(account_id, board) and not (
        project and state.may(account_id, "ADMINISTER_PROJECTS", project)
    ):
        raise forbidden("You don't have permission to delete this board.")
    state_of(call).delete("board", str(board["id"]))
    return no_content()


@operation("getConfiguration")
def get_configuration(call: Call) -> dict:
    board = _board(call)
    state = state_of(call)
    api = f"{call.twin.base_url}/rest/api/2"
    columns = [
        {
            "name": c["name"],
            "statuses": [{"id": s, "self": f"{api}/status/{s}"} for s in c["statuses"]],
        }
        for c in state.columns(board)
    ]
    return {
        "id": board["id"],
        "name": board["name"],
        "type": board["type"],
        "self": agile_url(call, f"/board/{board['id']}/configuration"),
        "location": _location(state, board),
        "filter": {"id": board["filterId"], "self": f"{api}/filter/{board['filterId']}"},
        "columnConfig": {"columns": columns, "constraintType": "issueCount"},
        "ranking": {"rankCustomFieldId": 10019},
    }


def _location(state, board: dict) -> dict:
    """Where the board lives: its project, or the user whose filter it shows."""
    if board.get("projectId"):
        project = state.get("project", board["projectId"]) or {}
        return {"type": "project", "key": project.get("key"), "id": board["projectId"]}
    return {"type": "user", "key": board["admins"][0], "id": board["admins"][0]}


@operation("getIssuesForBoard")
def get_issues_for_board(call: Call) -> dict:
    return _issue_page(call, _board_issues(call, _board(call)))


@operation("getIssuesForBacklog")
def get_issues_for_backlog(call: Call) -> dict:
    board = _board(call)
    state = state_of(call)
    if board["type"] != "scrum":
        raise bad_request("The board does not support sprints and has no backlog.")
    issues = [
        i
        for i in _board_issues(call, board)
        if not state.in_open_sprint(i) and state.status(i["fields"]["status"])["category"] != "done"
    ]
    return _issue_page(call, issues)


@operation("getAllSprints")
def get_all_sprints(call: Call) -> dict:
    board = _board(call)
    if board["type"] != "scrum":
        raise bad_request("The board does not support sprints")
    states = values(call, "state")
    sprints = [
        s
        for s in state_of(call).find("sprint", str(board["id"]))
        if not states or s["state"] in states
    ]
    page = bean(call, [sprint_json(call, s) for s in sprints])
    page.pop("total")
    page.pop("self")
    return page


@operation("getProjects")
def get_projects(call: Call) -> dict:
    board = _board(call)
    project = state_of(call).get("project", board["projectId"]) if board.get("projectId") else None
    projects = [writer(call).shapes.project(project)] if project else []
    return bean(call, projects)


# -- sprints ------------------------------------------------------------------------------------
@operation("createSprint")
def create_sprint(call: Call):
    data = body(call)
    state = state_of(call)
    if data.get("originBoardId") is None:
        raise bad_request(errors={"originBoardId": "The board id is required."})
    board = state.board(integer(call, "originBoardId", 0, data), actor(call))
    _manage_sprints(call, board)
    sprint = state.create_sprint(
        board["id"],
        text(data, "name"),
        text(data, "startDate") or None,
        text(data, "endDate") or None,
        text(data, "goal") if data.get("goal") is not None else None,
    )
    return created(sprint_json(call, sprint))


def _sprint(call: Call) -> dict:
    return state_of(call).sprint(integer(call, "sprintId", 0, call.path_params), actor(call))


@operation("getSprint")
def get_sprint(call: Call) -> dict:
    return sprint_json(call, _sprint(call))


SPRINT_FIELDS = ("name", "state", "startDate", "endDate", "goal")


def _update(call: Call) -> dict:
    sprint = _sprint(call)
    _manage_sprints(call, state_of(call).board(sprint["boardId"]))
    data = body(call)
    changes = {k: text(data, k) for k in SPRINT_FIELDS if data.get(k) is not None}
    return sprint_json(call, state_of(call).update_sprint(sprint, changes))


@operation("partiallyUpdateSprint")
def partially_update_sprint(call: Call) -> dict:
    return _update(call)


@operation("updateSprint")
def update_sprint(call: Call) -> dict:
    return _update(call)


@operation("deleteSprint")
def delete_sprint(call: Call):
    sprint = _sprint(call)
    _manage_sprints(call, state_of(call).board(sprint["boardId"]))
    if sprint["state"] == "active":
        raise bad_request("An active sprint cannot be deleted.")
    state = state_of(call)
    state.move_to_sprint(
        actor(call), None, [i for i in state.issues() if state.in_sprint(i, sprint["id"])]
    )
    state.delete("sprint", str(sprint["id"]))
    return no_content()


@operation("getIssuesForSprint")
def get_issues_for_sprint(call: Call) -> dict:
    sprint = _sprint(call)
    state = state_of(call)
    visible = {p["id"] for p in state.browsable_projects(actor(call))}
    issues = [
        i for i in state.issues() if i["project"] in visible and state.in_sprint(i, sprint["id"])
    ]
    return _issue_page(call, issues)


def _movable(call: Call) -> tuple[str, list[dict]]:
    account_id = actor(call)
    state = state_of(call)
    keys = body(call).get("issues")
    if not isinstance(keys, list) or not keys:
        raise bad_request(errors={"issues": "At least one issue must be given."})
    issues = [state.issue(str(k), account_id) for k in keys]
    for issue in issues:
        if not state.may(account_id, "EDIT_ISSUES", state.project(issue["project"]), issue):
            raise forbidden(f"You don't have permission to edit issue {issue['key']}.")
    return account_id, issues


@operation("moveIssuesToSprintAndRank")
def move_issues_to_sprint_and_rank(call: Call):
    sprint = _sprint(call)
    account_id, issues = _movable(call)
    state_of(call).move_to_sprint(account_id, sprint, issues)
    return no_content()


@operation("moveIssuesToBacklog")
def move_issues_to_backlog(call: Call):
    account_id, issues = _movable(call)
    state_of(call).move_to_sprint(account_id, None, issues)
    return no_content()


def routes() -> list[Route]:
    board = AGILE + "/board/{boardId}"
    sprint = AGILE + "/sprint/{sprintId}"
    return [
        Route(AGILE + "/board", get_all_boards, methods=["GET"]),
        Route(AGILE + "/board", create_board, methods=["POST"]),
        Route(board, get_board, methods=["GET"]),
        Route(board, delete_board, methods=["DELETE"]),
        Route(board + "/configuration", get_configuration, methods=["GET"]),
        Route(board + "/issue", get_issues_for_board, methods=["GET"]),
        Route(board + "/backlog", get_issues_for_backlog, methods=["GET"]),
        Route(board + "/sprint", get_all_sprints, methods=["GET"]),
        Route(board + "/project", get_projects, methods=["GET"]),
        Route(AGILE + "/sprint", create_sprint, methods=["POST"]),
        Route(sprint, get_sprint, methods=["GET"]),
        Route(sprint, partially_update_sprint, methods=["POST"]),
        Route(sprint, update_sprint, methods=["PUT"]),
        Route(sprint, delete_sprint, methods=["DELETE"]),
        Route(sprint + "/issue", get_issues_for_sprint, methods=["GET"]),
        Route(sprint + "/issue", move_issues_to_sprint_and_rank, methods=["POST"]),
        Route(AGILE + "/backlog/issue", move_issues_to_backlog, methods=["POST"]),
    ]
