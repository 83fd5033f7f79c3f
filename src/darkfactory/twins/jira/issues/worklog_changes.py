"""Worklogs across issues: the ids of worklogs changed or deleted since an instant (a page of up
to 1000, oldest first), and worklogs by id; each limited to issues the caller may see."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.jira.api import actor, body, integer, rest, shapes
from darkfactory.twins.jira.errors import bad_request
from darkfactory.twins.jira.issues.operations import writer
from darkfactory.twins.jira.state import state_of
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call

PAGE = 1000


def _visible(call: Call, issue_id: str) -> bool:
    state = state_of(call)
    issue = state.find_issue(issue_id)
    return issue is not None and state.may(
        actor(call), "BROWSE_PROJECTS", state.project(issue["project"]), issue
    )


def _changes(call: Call, kind: str, path: str) -> dict:
    """Records of ``kind`` changed at or after ``since`` (milliseconds), oldest first."""
    since = integer(call, "since", 0)
    found = sorted(
        (
            r
            for r in state_of(call).find(kind)
            if int(r["updated"] * 1000) >= since and _visible(call, r["issueId"])
        ),
        key=lambda r: r["updated"],
    )
    page = found[:PAGE]
    until = int(page[-1]["updated"] * 1000) if page else since
    answer = {
        "values": [
            {
                "worklogId": int(r.get("worklogId") or r["id"]),
                "updatedTime": int(r["updated"] * 1000),
                "properties": [],
            }
            for r in page
        ],
        "since": since,
        "until": until,
        "self": str(call.request.url),
        "lastPage": len(found) <= PAGE,
    }
    if len(found) > PAGE:
        answer["nextPage"] = f"{shapes(call).api}/{path}?since={until}"
    return answer


@operation("getIdsOfWorklogsModifiedSince")
def get_ids_of_worklogs_modified_since(call: Call) -> dict:
    return _changes(call, "worklog", "worklog/updated")


@operation("getIdsOfWorklogsDeletedSince")
def get_ids_of_worklogs_deleted_since(call: Call) -> dict:
    return _changes(call, "worklogdeleted", "worklog/deleted")


@operation("getWorklogsForIds")
def get_worklogs_for_ids(call: Call) -> list:
    ids = body(call).get("ids")
    if not isinstance(ids, list) or len(ids) > PAGE:
        raise bad_request(f"Between 0 and {PAGE} worklog ids are required.")
    state, out = state_of(call), writer(call)
    found = [state.get("worklog", str(i)) for i in ids]
    return [out.worklog(w) for w in found if w and _visible(call, w["issueId"])]


def routes() -> list[Route]:
    return [
        *rest("/worklog/updated", get_ids_of_worklogs_modified_since, "GET"),
        *rest("/worklog/deleted", get_ids_of_worklogs_deleted_since, "GET"),
        *rest("/worklog/list", get_worklogs_for_ids, "POST"),
    ]
