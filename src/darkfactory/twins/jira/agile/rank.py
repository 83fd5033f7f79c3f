"""Ranking issues (``PUT /rest/agile/1.0/issue/rank``): moving issues before or after another in
the global rank order every board shows, with a per-issue answer when some cannot be ranked."""

from __future__ import annotations

from starlette.responses import JSONResponse
from starlette.routing import Route

from darkfactory.twins.jira.agile.operations import AGILE
from darkfactory.twins.jira.api import actor, body, no_content, whole
from darkfactory.twins.jira.errors import bad_request
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call

MAX_RANKED = 50


def _anchor(call: Call, data: dict) -> tuple[dict, bool]:
    """The issue to rank against, and whether the issues go before it."""
    before, after = data.get("rankBeforeIssue"), data.get("rankAfterIssue")
    if (before is None) == (after is None):
        raise bad_request("Exactly one of rankBeforeIssue and rankAfterIssue must be given.")
    ref = before if before is not None else after
    state = call.twin.state
    found = state.find_issue(str(ref))
    if found is None or not state.may(
        actor(call), "BROWSE_PROJECTS", state.project(found["project"]), found
    ):
        raise bad_request(f"Issue {ref} does not exist or you do not have permission to see it.")
    return found, before is not None


def _refusal(call: Call, ref: str) -> dict | None:
    """Why the caller cannot rank issue ``ref`` (None when they can)."""
    state = call.twin.state
    account_id = actor(call)
    found = state.find_issue(ref)
    project = state.project(found["project"]) if found else None
    if found is None or not state.may(account_id, "BROWSE_PROJECTS", project, found):
        return {
            "status": 404,
            "errors": [f"Issue {ref} does not exist or you do not have permission to see it."],
        }
    if not state.may(account_id, "SCHEDULE_ISSUES", project, found):
        return {
            "status": 403,
            "errors": [f"You don't have permission to rank issue {found['key']}."],
        }
    return None


@operation("rankIssues")
def rank_issues(call: Call):
    """Rank the issues the caller may schedule; 204 when all moved, else 207 with an entry per
    issue."""
    data = body(call)
    refs = data.get("issues")
    if not isinstance(refs, list) or not refs or not all(isinstance(r, str) for r in refs):
        raise bad_request(errors={"issues": "At least one issue must be given."})
    if len(refs) > MAX_RANKED:
        raise bad_request(f"At most {MAX_RANKED} issues may be ranked at once.")
    whole(data, "rankCustomFieldId")
    anchor, before = _anchor(call, data)
    state = call.twin.state
    outcomes = {ref: _refusal(call, ref) for ref in refs}
    movable = [state.find_issue(ref) for ref, refused in outcomes.items() if refused is None]
    movable = [issue for issue in movable if issue["id"] != anchor["id"]]
    if movable:
        state.rank(movable, anchor, before)
    if all(refused is None for refused in outcomes.values()):
        return no_content()
    entries = []
    for ref, refused in outcomes.items():
        found = state.find_issue(ref)
        entry = {"issueId": int(found["id"]), "issueKey": found["key"]} if found else {}
        entries.append({**entry, "status": 200, "errors": [], **(refused or {})})
    return JSONResponse({"entries": entries}, 207)


def routes() -> list[Route]:
    return [Route(AGILE + "/issue/rank", rank_issues, methods=["PUT"])]
