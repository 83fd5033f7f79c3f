"""Activity on an issue: comments, worklogs, watchers and votes."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.jira import adf
from darkfactory.twins.jira.api import (
    actor,
    bean,
    body,
    created,
    no_content,
    rest,
    shapes,
    text,
    values,
    version,
    whole,
)
from darkfactory.twins.jira.errors import bad_request, forbidden
from darkfactory.twins.jira.issues import estimates
from darkfactory.twins.jira.issues.operations import issue_for, writer
from darkfactory.twins.jira.state import state_of
from darkfactory.twins.jira.times import parse_duration, parse_instant
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call


def may_change_own(
    call: Call, account_id: str, record: dict, issue: dict, project: dict, noun: str, verb: str
) -> None:
    """Refuse unless the caller may ``verb`` (EDIT/DELETE) this comment or worklog (own or all)."""
    state = state_of(call)
    own = record["author"] == account_id and state.may(
        account_id, f"{verb}_OWN_{noun}", project, issue
    )
    if not (own or state.may(account_id, f"{verb}_ALL_{noun}", project, issue)):
        raise forbidden(
            f"You do not have the permission to {verb.lower()} this {noun.lower()[:-1]}."
        )


def rendered(call: Call) -> bool:
    """Whether the client asked for comments' HTML (``expand=renderedBody``)."""
    return "renderedBody" in values(call, "expand")


# -- comments -----------------------------------------------------------------------------------
@operation("getComments")
def get_comments(call: Call) -> dict:
    _, issue, _ = issue_for(call)
    out = writer(call)
    comments = [out.comment(c, rendered(call)) for c in state_of(call).find("comment", issue["id"])]
    if call.query.get("orderBy", "").lstrip("+") == "-created":
        comments.reverse()
    return bean(call, comments, key="comments", default_max=5000)


@operation("addComment")
def add_comment(call: Call):
    account_id, issue, _ = issue_for(
        call, "ADD_COMMENTS", "You do not have the permission to comment on this issue."
    )
    data = body(call)
    comment_body = adf.read(data.get("body"), version(call), "comment")
    comment = state_of(call).add_comment(account_id, issue, comment_body, data.get("visibility"))
    return created(writer(call).comment(comment, rendered(call)))


@operation("getComment")
def get_comment(call: Call) -> dict:
    _, issue, _ = issue_for(call)
    comment = state_of(call).comment(issue, call.path_params["id"])
    return writer(call).comment(comment, rendered(call))


@operation("updateComment")
def update_comment(call: Call) -> dict:
    account_id, issue, project = issue_for(call)
    state = state_of(call)
    comment = state.comment(issue, call.path_params["id"])
    may_change_own(call, account_id, comment, issue, project, "COMMENTS", "EDIT")
    data = body(call)
    new_body = adf.read(data.get("body"), version(call), "comment")
    if not new_body or not adf.to_text(new_body).strip():
        raise bad_request(errors={"comment": "Comment body can not be empty!"})
    comment.update(body=new_body, updateAuthor=account_id, updated=state.now())
    if "visibility" in data:
        comment["visibility"] = data["visibility"]
    state.put("comment", comment["id"], comment, parent=issue["id"])
    state.announce("comment_updated", account_id, issue, comment=comment)
    return writer(call).comment(comment, rendered(call))


@operation("deleteComment")
def delete_comment(call: Call):
    account_id, issue, project = issue_for(call)
    state = state_of(call)
    comment = state.comment(issue, call.path_params["id"])
    may_change_own(call, account_id, comment, issue, project, "COMMENTS", "DELETE")
    state.delete("comment", comment["id"])
    state.announce("comment_deleted", account_id, issue, comment=comment)
    return no_content()


@operation("getCommentsByIds")
def get_comments_by_ids(call: Call) -> dict:
    account_id = actor(call)
    state = state_of(call)
    ids = body(call).get("ids")
    if not isinstance(ids, list) or not ids:
        raise bad_request("The comment ids are required.")
    comments, out = [], writer(call)
    for comment_id in ids:
        comment = state.get("comment", str(comment_id))
        issue = state.find_issue(comment["issueId"]) if comment else None
        if issue and state.may(
            account_id, "BROWSE_PROJECTS", state.project(issue["project"]), issue
        ):
            comments.append(out.comment(comment))
    return bean(call, comments, default_max=1000)


# -- worklogs -----------------------------------------------------------------------------------
def _worklog_values(call: Call, data: dict) -> tuple[int, float, dict | None]:
    seconds = whole(data, "timeSpentSeconds")
    spent = text(data, "timeSpent")
    if seconds is None and spent:
        seconds = parse_duration(spent)
        if seconds is None:
            raise bad_request(errors={"timeLogged": "Invalid time duration entered."})
    started = text(data, "started")
    started = parse_instant(started) if started else state_of(call).now()
    if started is None:
        raise bad_request(
            errors={
                "started": "Invalid date format. Please enter the date in the format "
                "\"yyyy-MM-dd'T'HH:mm:ss.SSSZ\"."
            }
        )
    comment = (
        adf.read(data.get("comment"), version(call), "comment") if data.get("comment") else None
    )
    return int(seconds or 0), started, comment


def _remaining_after(call: Call, issue: dict, change: str, logged: int) -> int | None:
    """The issue's remaining estimate once work is added, changed or deleted."""
    current = (issue["fields"].get("timetracking") or {}).get("remainingEstimate")
    return estimates.remaining_after(change, call.query, logged, current)


@operation("getIssueWorklog")
def get_issue_worklog(call: Call) -> dict:
    _, issue, _ = issue_for(call)
    out = writer(call)
    logs = [out.worklog(w) for w in state_of(call).find("worklog", issue["id"])]
    return bean(call, logs, key="worklogs", default_max=5000)


@operation("addWorklog")
def add_worklog(call: Call):
    account_id, issue, _ = issue_for(
        call, "WORK_ON_ISSUES", "You do not have the permission to log work on this issue."
    )
    seconds, started, comment = _worklog_values(call, body(call))
    state = state_of(call)
    remaining = _remaining_after(call, issue, "add", seconds)
    worklog = state.add_worklog(account_id, issue, seconds, started, comment)
    state.adjust_remaining(account_id, issue, remaining)
    return created(writer(call).worklog(worklog))


@operation("getWorklog")
def get_worklog(call: Call) -> dict:
    _, issue, _ = issue_for(call)
    return writer(call).worklog(state_of(call).worklog(issue, call.path_params["id"]))


@operation("updateWorklog")
def update_worklog(call: Call) -> dict:
    account_id, issue, project = issue_for(call)
    state = state_of(call)
    worklog = state.worklog(issue, call.path_params["id"])
    may_change_own(call, account_id, worklog, issue, project, "WORKLOGS", "EDIT")
    data = body(call)
    given = "timeSpent" in data or "timeSpentSeconds" in data
    merged = data if given else {"timeSpentSeconds": worklog["timeSpentSeconds"], **data}
    seconds, started, comment = _worklog_values(call, merged)
    if seconds <= 0:
        raise bad_request(errors={"timeLogged": "You must indicate the time spent working."})
    remaining = _remaining_after(call, issue, "update", seconds - worklog["timeSpentSeconds"])
    worklog.update(timeSpentSeconds=seconds, updateAuthor=account_id, updated=state.now())
    if data.get("started"):
        worklog["started"] = started
    if data.get("comment"):
        worklog["comment"] = comment
    state.put("worklog", worklog["id"], worklog, parent=issue["id"])
    state.adjust_remaining(account_id, issue, remaining)
    return writer(call).worklog(worklog)


@operation("deleteWorklog")
def delete_worklog(call: Call):
    account_id, issue, project = issue_for(call)
    state = state_of(call)
    worklog = state.worklog(issue, call.path_params["id"])
    may_change_own(call, account_id, worklog, issue, project, "WORKLOGS", "DELETE")
    remaining = _remaining_after(call, issue, "delete", worklog["timeSpentSeconds"])
    state.delete("worklog", worklog["id"])
    state.adjust_remaining(account_id, issue, remaining)
    state.put(
        "worklogdeleted",
        worklog["id"],
        {"worklogId": worklog["id"], "issueId": issue["id"], "updated": state.now()},
    )
    return no_content()


# -- watchers and votes --------------------------------------------------------------------------
def _people(call: Call, kind: str) -> dict:
    account_id, issue, project = issue_for(call)
    shape = shapes(call)
    may_see = state_of(call).may(account_id, "VIEW_VOTERS_AND_WATCHERS", project, issue)
    people = [shape.user(a) for a in issue[kind]] if may_see else []
    if kind == "watchers":
        return {
            "self": f"{shape.api}/issue/{issue['key']}/watchers",
            "isWatching": account_id in issue[kind],
            "watchCount": len(issue[kind]),
            "watchers": people,
        }
    return {
        "self": f"{shape.api}/issue/{issue['key']}/votes",
        "votes": len(issue[kind]),
        "hasVoted": account_id in issue[kind],
        "voters": people,
    }


@operation("getIssueWatchers")
def get_issue_watchers(call: Call) -> dict:
    return _people(call, "watchers")


@operation("addWatcher")
def add_watcher(call: Call):
    account_id, issue, project = issue_for(call)
    state = state_of(call)
    target = call.json if isinstance(call.json, str) and call.json else account_id
    user = state.find_user(target)
    if user is None:
        raise bad_request(f'The user "{target}" does not exist.')
    if user["accountId"] != account_id and not state.may(
        account_id, "MANAGE_WATCHERS", project, issue
    ):
        raise forbidden("User does not have permission to manage watchers of this issue.")
    state.set_member(issue, "watchers", user["accountId"], True)
    return no_content()


@operation("removeWatcher")
def remove_watcher(call: Call):
    account_id, issue, project = issue_for(call)
    state = state_of(call)
    target = call.query.get("accountId") or call.query.get("username")
    if not target:
        raise bad_request("The 'accountId' query parameter needs to be provided.")
    if target != account_id and not state.may(account_id, "MANAGE_WATCHERS", project, issue):
        raise forbidden("User does not have permission to manage watchers of this issue.")
    state.set_member(issue, "watchers", target, False)
    return no_content()


@operation("getVotes")
def get_votes(call: Call) -> dict:
    return _people(call, "votes")


@operation("addVote")
def add_vote(call: Call):
    account_id, issue, _ = issue_for(call)
    if issue["fields"].get("reporter") == account_id:
        raise bad_request("You cannot vote for an issue you have reported.")
    if issue["fields"].get("resolution"):
        raise bad_request("You cannot vote for a resolved issue.")
    state_of(call).set_member(issue, "votes", account_id, True)
    return no_content()


@operation("removeVote")
def remove_vote(call: Call):
    account_id, issue, _ = issue_for(call)
    state_of(call).set_member(issue, "votes", account_id, False)
    return no_content()


def routes() -> list[Route]:
    issue = "/issue/{issueIdOrKey}"
    return [
        *rest("/comment/list", get_comments_by_ids, "POST"),
        *rest(f"{issue}/comment", get_comments, "GET"),
        *rest(f"{issue}/comment", add_comment, "POST"),
        *rest(f"{issue}/comment/{{id}}", get_comment, "GET"),
        *rest(f"{issue}/comment/{{id}}", update_comment, "PUT"),
        *rest(f"{issue}/comment/{{id}}", delete_comment, "DELETE"),
        *rest(f"{issue}/worklog", get_issue_worklog, "GET"),
        *rest(f"{issue}/worklog", add_worklog, "POST"),
        *rest(f"{issue}/worklog/{{id}}", get_worklog, "GET"),
        *rest(f"{issue}/worklog/{{id}}", update_worklog, "PUT"),
        *rest(f"{issue}/worklog/{{id}}", delete_worklog, "DELETE"),
        *rest(f"{issue}/watchers", get_issue_watchers, "GET"),
        *rest(f"{issue}/watchers", add_watcher, "POST"),
        *rest(f"{issue}/watchers", remove_watcher, "DELETE"),
        *rest(f"{issue}/votes", get_votes, "GET"),
        *rest(f"{issue}/votes", add_vote, "POST"),
        *rest(f"{issue}/votes", remove_vote, "DELETE"),
    ]
